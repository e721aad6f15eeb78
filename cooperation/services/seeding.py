"""Load the seed content in fixtures/ idempotently, never overwriting an editor's change.

Each fixture entry names its record by natural key. The loader remembers, per record, a checksum
of the entry it last loaded and the record's `updated_at` right after loading it (SeedState).
On a later run:

- a new entry creates its record;
- an unchanged entry does nothing;
- a changed entry updates its record, unless an editor has saved the record since the seed
  wrote it (its `updated_at` moved), or created it, or deleted it: then the editor's version stays.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, transaction

from ..models import SeedState
from ..models.base import natural_keys_remembered
from .records import record_save

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
CHANGE_REASON = "Loaded from the seed content"
# A record the seed wrote and nobody edited since, updated because the seed content changed.
CORRECTION_REASON = "Corrected by the seed content: the seed's figures or text for it changed"
NEVER_COPIED = {"published_at"}  # set once, when a record is first published


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    skipped: list = field(default_factory=list)

    @property
    def changed_anything(self):
        return bool(self.created or self.updated)

    def lines(self):
        models = sorted(
            set(self.created) | set(self.updated) | set(self.unchanged) | set(self.kept)
        )
        for label in models:
            yield (
                f"{label}: {self.created[label]} created, {self.updated[label]} updated, "
                f"{self.unchanged[label]} unchanged, {self.kept[label]} kept as editors left them"
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


def _save(instance, m2m_data, using, reason=CHANGE_REASON):
    # The database enforces the models' check constraints as each row is written, and the seed
    # is all or nothing; checking them first as well (a query each) took a quarter of the seed.
    record_save(
        instance=instance, m2m=m2m_data, reason=reason, using=using, check_constraints=False
    )


def seed_load(*, paths=None, using=DEFAULT_DB_ALIAS):
    """Load the fixtures, all or nothing, and report what changed per model."""
    report = SeedReport()
    with transaction.atomic(using=using), natural_keys_remembered():
        states = {
            (state.model, state.natural_key): state for state in SeedState.objects.using(using)
        }
        for path in paths or fixture_paths():
            entries = json.loads(Path(path).read_text(encoding="utf-8"))
            for entry in entries:
                _load_entry(entry, report, using, states)
    return report


def _load_entry(entry, report, using, states):
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
    state = states.get((label, key))

    if incoming.pk is None:
        if state is not None:
            report.kept[label] += 1  # an editor deleted it; do not bring it back
            return
        _save(incoming, deserialized.m2m_data, using)
        states[label, key] = SeedState.objects.using(using).create(
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

    for name in entry["fields"]:
        if name in NEVER_COPIED or name in deserialized.m2m_data:
            continue
        field = model._meta.get_field(name)
        setattr(existing, field.attname, getattr(incoming, field.attname))
    _save(existing, deserialized.m2m_data, using, reason=CORRECTION_REASON)
    state.checksum = checksum
    state.record_updated_at = getattr(existing, "updated_at", None)
    state.save()
    report.updated[label] += 1
