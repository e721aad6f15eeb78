"""Load the seed content in fixtures/ idempotently, never overwriting an editor's change.

Each fixture entry names its record by natural key. The loader remembers, per record, a checksum
of the entry it last loaded and the record's `updated_at` right after loading it (SeedState).
On a later run:

- a new entry creates its record;
- an unchanged entry does nothing;
- a changed entry updates its record, unless an editor has saved the record since the seed
  wrote it (its `updated_at` moved), or created it, or deleted it: then the editor's version stays;
- a retired entry, `{"model": …, "retired": [natural key], "reason": …}`, deletes the record the
  seed once wrote under that key (a correction that changes a natural key: a milestone's kind, a
  partner's role), again only if no editor has saved it since;
- an entry with `"renamed_from": [old natural key]` takes over the record the seed wrote under
  the old key (a source whose publisher named a mirror), on the same terms.

An entry whose record already holds what it says (a reference that now names a renamed record)
only updates the checksum: the history records changes, not reloads.

A record's `facts_updated_on` is the date its facts were last checked: the entry's own, or else
the newest `accessed_on` of the sources it cites, or none; never the day the seed ran.

A project's status is checked against its milestones; an entry refused for that is tried again
after the rest of its file, once the milestones that explain the new status are in.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext_noop

from ..models import SeedState, Source
from ..models.base import forget_natural_keys, natural_keys_remembered
from .records import record_save

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
CHANGE_REASON = gettext_noop("Loaded from the seed content")  # stored in English, shown translated
# A record the seed wrote and nobody edited since, updated because the seed content changed.
CORRECTION_REASON = gettext_noop(
    "Corrected by the seed content: the seed's figures or text for it changed"
)
RETIRED_REASON = "Removed by the seed content: {reason}"
NEVER_COPIED = {"published_at"}  # set once, when a record is first published


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    retired: Counter = field(default_factory=Counter)
    skipped: list = field(default_factory=list)

    @property
    def changed_anything(self):
        return bool(self.created or self.updated or self.retired)

    def lines(self):
        models = sorted(
            set(self.created)
            | set(self.updated)
            | set(self.unchanged)
            | set(self.kept)
            | set(self.retired)
        )
        for label in models:
            yield (
                f"{label}: {self.created[label]} created, {self.updated[label]} updated, "
                f"{self.unchanged[label]} unchanged, {self.kept[label]} kept as editors left them"
                + (f", {self.retired[label]} removed" if self.retired[label] else "")
            )
        for reason in self.skipped:
            yield f"skipped: {reason}"


def fixture_paths(directory=FIXTURES_DIR):
    return sorted(Path(directory).glob("*.json"))


def _checksum(entry):
    return hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()


def _key(instance):
    return json.dumps(instance.natural_key(), ensure_ascii=False, default=str)


def _missing_reference(error):
    """The DoesNotExist behind a deserialization error, if that is what it is."""
    cause = error.__context__
    cause = getattr(cause, "original_exc", cause)
    return cause if isinstance(cause, ObjectDoesNotExist) else None


class SourceDates:
    """When each source was last read (`accessed_on`), looked up once per run rather than once
    per record: the seed's records cite its sources thousands of times."""

    def __init__(self, using):
        self.using = using
        self.accessed = {}

    def forget(self):
        self.accessed = {}  # a source was written: read them all again when next asked

    def _accessed_on(self, pk):
        if pk not in self.accessed:
            self.accessed = dict(Source.objects.using(self.using).values_list("pk", "accessed_on"))
        return self.accessed.get(pk)

    def date(self, entry, instance, m2m_data):
        """The date the entry gives its facts, or else its newest source's, or None."""
        if "facts_updated_on" in entry["fields"]:
            return instance.facts_updated_on
        cited = set()
        for link in instance._meta.get_fields():
            if getattr(link, "related_model", None) is not Source or link.auto_created:
                continue
            if link.many_to_many:
                cited.update(getattr(value, "pk", value) for value in m2m_data.get(link.name, ()))
            elif link.many_to_one:
                cited.add(getattr(instance, link.attname))
        dates = [self._accessed_on(pk) for pk in cited if pk is not None]
        return max((date for date in dates if date is not None), default=None)


def _save(entry, instance, m2m_data, using, dates, reason=CHANGE_REASON):
    if isinstance(instance, Source):
        dates.forget()
    elif hasattr(instance, "facts_updated_on"):
        instance.facts_updated_on = dates.date(entry, instance, m2m_data)
    # The database enforces the models' check constraints as each row is written, and the seed
    # is all or nothing; checking them first as well (a query each) took a quarter of the seed.
    record_save(
        instance=instance,
        m2m=m2m_data,
        reason=reason,
        using=using,
        check_constraints=False,
        facts_dated=True,
    )


def seed_load(*, paths=None, using=DEFAULT_DB_ALIAS):
    """Load the fixtures, all or nothing, and report what changed per model."""
    report = SeedReport()
    dates = SourceDates(using)
    with transaction.atomic(using=using), natural_keys_remembered():
        for path in paths or fixture_paths():
            entries = json.loads(Path(path).read_text(encoding="utf-8"))
            waiting = []
            for entry in entries:
                try:
                    _load_entry(entry, report, using, dates)
                except ValidationError as error:
                    if "status" not in getattr(error, "error_dict", {}):
                        raise
                    waiting.append(entry)  # its milestones come later in the file
            for entry in waiting:
                _load_entry(entry, report, using, dates)
    return report


def _take_over(entry, model, label, key, using):
    """The record the seed wrote under the entry's old natural key, now filed under the new
    one; None when there is none, or an editor has changed it since (then it stays as is)."""
    old_key = json.dumps(entry["renamed_from"], ensure_ascii=False)
    states = SeedState.objects.using(using)
    state = states.filter(model=label, natural_key=old_key).first()
    try:
        record = model._default_manager.db_manager(using).get_by_natural_key(*entry["renamed_from"])
    except ObjectDoesNotExist:
        return None
    if state is None or getattr(record, "updated_at", None) != state.record_updated_at:
        return None
    state.natural_key = key
    state.checksum = ""  # so the new entry's fields are copied onto it
    state.save()
    # Records whose own key holds this one (a commitment's evidence names its source) follow it.
    old_part, new_part = old_key[1:-1], key[1:-1]
    for dependant in states.filter(natural_key__contains=old_part).exclude(model=label):
        dependant.natural_key = dependant.natural_key.replace(old_part, new_part)
        dependant.save(update_fields=["natural_key"])
    return record


def _retire(entry, report, using):
    model = apps.get_model(entry["model"])
    label = model._meta.label_lower
    key = json.dumps(entry["retired"], ensure_ascii=False)
    try:
        record = model._default_manager.db_manager(using).get_by_natural_key(*entry["retired"])
    except ObjectDoesNotExist:
        return
    states = SeedState.objects.using(using)
    state = states.filter(model=label, natural_key=key).first()
    if state is None or getattr(record, "updated_at", None) != state.record_updated_at:
        report.kept[label] += 1  # an editor made it, or changed it since
        return
    record._change_reason = RETIRED_REASON.format(reason=entry["reason"])
    record.delete(using=using)
    forget_natural_keys()
    state.delete()
    report.retired[label] += 1


def _load_entry(entry, report, using, dates):
    if "retired" in entry:
        _retire(entry, report, using)
        return
    checksum = _checksum(entry)
    try:
        (deserialized,) = serializers.deserialize("python", [entry], using=using)
    except DeserializationError as error:
        missing = _missing_reference(error)
        if missing is None:
            raise
        # It refers to a record that is gone (an editor deleted it): leave it out.
        report.skipped.append(f"{entry['model']} refers to a missing record ({missing})")
        return
    incoming = deserialized.object
    incoming._state.db = using  # so related records are read from the same database
    model = type(incoming)
    label = model._meta.label_lower
    key = _key(incoming)
    states = SeedState.objects.using(using)
    state = states.filter(model=label, natural_key=key).first()

    if incoming.pk is None and "renamed_from" in entry:
        renamed = _take_over(entry, model, label, key, using)
        if renamed is not None:
            incoming.pk = renamed.pk
            state = states.filter(model=label, natural_key=key).first()
    if incoming.pk is None:
        if state is not None:
            report.kept[label] += 1  # an editor deleted it; do not bring it back
            return
        _save(entry, incoming, deserialized.m2m_data, using, dates)
        states.create(
            model=label,
            natural_key=key,
            checksum=checksum,
            record_updated_at=getattr(incoming, "updated_at", None),
        )
        report.created[label] += 1
        return

    existing = model._default_manager.using(using).get(pk=incoming.pk)
    edited = state is None or getattr(existing, "updated_at", None) != state.record_updated_at
    if edited:
        report.kept[label] += 1
        return
    if state.checksum == checksum:
        report.unchanged[label] += 1
        return

    changed = False
    for name in entry["fields"]:
        if name in NEVER_COPIED or name in deserialized.m2m_data:
            continue
        field = model._meta.get_field(name)
        value = getattr(incoming, field.attname)
        changed = changed or getattr(existing, field.attname) != value
        setattr(existing, field.attname, value)
    for name, values in deserialized.m2m_data.items():
        stored = set(getattr(existing, name).using(using).values_list("pk", flat=True))
        changed = changed or stored != {getattr(v, "pk", v) for v in values}
    if not changed:
        state.checksum = checksum
        state.save()
        report.unchanged[label] += 1
        return
    _save(entry, existing, deserialized.m2m_data, using, dates, reason=CORRECTION_REASON)
    state.checksum = checksum
    state.record_updated_at = getattr(existing, "updated_at", None)
    state.save()
    report.updated[label] += 1
