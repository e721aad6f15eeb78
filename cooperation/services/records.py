"""Saving, publishing and deleting records on behalf of an editor.

Every rule about what may be saved or published is written here once, and every door calls
it: the admin's forms and actions, the API's serializers, the spreadsheet import and the seed.
A refusal is a ValidationError keyed by field, with the message editors see in the admin.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ..models import Commitment, Project, PublicationStatus
from ..models.projects import milestone_status_error
from ..translation import HISTORY, HISTORY_RECORDS, public_records
from .slugs import remember_old_slug
from .snapshots import snapshot_after_commit, snapshots_follow

SOURCE_NEEDED = _("Cite at least one source before publishing.")
JUSTIFICATION_NEEDED = _("Say why the status changed: what shows it, as of when.")
REVIEW_NEEDED = _(
    "Your role publishes through the review queue: save the record as a draft, or submit the "
    "change for review."
)
PUBLISHERS_PERMISSION = "cooperation.review_changes"
HISTORY_LABELS = {model._meta.label for model in HISTORY}  # the records editors keep

JUSTIFICATIONS = [
    build_localized_fieldname("status_justification", code) for code, _name in settings.LANGUAGES
]


def _cites_sources(model):
    return any(field.name == "sources" for field in model._meta.many_to_many)


def _source_problem(instance, links, using):
    if not (getattr(instance, "is_published", False) and _cites_sources(type(instance))):
        return None
    if "sources" in links:
        cited = bool(list(links["sources"] or ()))
    else:
        cited = instance.pk is not None and instance.sources.using(using).exists()
    return None if cited else SOURCE_NEEDED


def _milestone_problem(instance, milestones, using):
    if not isinstance(instance, Project):
        return None
    if milestones is None:
        milestones = [] if instance.pk is None else list(instance.milestones.using(using).all())
    return milestone_status_error(instance.status, milestones)


def _stored_status(instance, using):
    if not isinstance(instance, Commitment) or instance.pk is None:
        return None
    return (
        Commitment.objects.using(using)
        .filter(pk=instance.pk)
        .values("status", "status_changed_on", *JUSTIFICATIONS)
        .first()
    )


def _status_changed(instance, stored):
    return stored is not None and stored["status"] != instance.status


def _justification_problem(instance, stored):
    if not _status_changed(instance, stored):
        return None
    # A form sends an empty column as "" where the database holds NULL: that is no change.
    if any((getattr(instance, name) or "") != (stored[name] or "") for name in JUSTIFICATIONS):
        return None
    return JUSTIFICATION_NEEDED


def may_publish_directly(user):
    """Whether `user` may publish, or change what is published, without the review queue: anyone
    unless EDITORS_PUBLISH_DIRECTLY is off, then managers (and the seed and commands)."""
    return settings.EDITORS_PUBLISH_DIRECTLY or user is None or user.has_perm(PUBLISHERS_PERMISSION)


def publishing_check(*, instance, user):
    """Refuse a save that would publish, or change a published record, by someone whose role
    goes through the review queue."""
    if getattr(instance, "is_published", False) and not may_publish_directly(user):
        raise ValidationError({"publication_status": [REVIEW_NEEDED]})


RULES = ("sources", "milestones", "status_justification")


def record_check(
    *, instance, links=None, milestones=None, rules=RULES, using=DEFAULT_DB_ALIAS, user=None
):
    """Refuse what the rules forbid, as a ValidationError keyed by field.

    `links` are the many-to-many links the record will have ({name: records or ids}); those
    left out are read from the database. `milestones` are a project's milestones as they will
    be (None: as stored). `rules` picks some of RULES, where a form judges the others with what
    it holds (the admin's milestone inline judges "milestones"). With `user`, the record must
    also be one that user may publish (publishing_check).
    """
    if user is not None:
        publishing_check(instance=instance, user=user)
    problems = {
        "sources": lambda: _source_problem(instance, links or {}, using),
        "milestones": lambda: _milestone_problem(instance, milestones, using),
        "status_justification": lambda: _justification_problem(
            instance, _stored_status(instance, using)
        ),
    }
    field_of = {"milestones": "status"}
    errors = {}
    for rule in rules:
        problem = problems[rule]()
        if problem:
            errors[field_of.get(rule, rule)] = [problem]
    if errors:
        raise ValidationError(errors)


def _stamp_status_change(instance, using):
    """A commitment's status carries the date it was set: today, unless the writer dated it
    (the seed carries the dates of its own justifications)."""
    if not isinstance(instance, Commitment):
        return
    stored = _stored_status(instance, using)
    if stored is None:
        instance.status_changed_on = instance.status_changed_on or datetime.date.today()
    elif _status_changed(instance, stored) and (
        instance.status_changed_on == stored["status_changed_on"]
    ):
        instance.status_changed_on = datetime.date.today()


# What a record says is every field but these, which say when it was saved and whether it shows.
NOT_FACTS = {
    "created_at",
    "updated_at",
    "published_at",
    "publication_status",
    "facts_updated_on",
    "search_document",
}


def _same(a, b):
    # A form sends an empty text as "" where the database may hold NULL: that is no change.
    return (a if a != "" else None) == (b if b != "" else None)


def facts_changed(*, instance, m2m=None, using=DEFAULT_DB_ALIAS):
    """Whether saving `instance` (with the many-to-many links in `m2m`) changes what it says:
    a new record does; a save of the same facts, or of its publication alone, does not."""
    if instance.pk is None:
        return True
    stored = type(instance)._base_manager.using(using).filter(pk=instance.pk).first()
    if stored is None:
        return True
    for field in instance._meta.concrete_fields:
        if field.name in NOT_FACTS:
            continue
        if not _same(field.value_from_object(instance), field.value_from_object(stored)):
            return True
    for name, values in (m2m or {}).items():
        linked = set(getattr(stored, name).using(using).values_list("pk", flat=True))
        if linked != {getattr(value, "pk", value) for value in values}:
            return True
    return False


def _owners(instance):
    """The dated records `instance` is a part of (a milestone's project, an outcome's summit,
    a piece of evidence's commitment): those it is deleted with."""
    if hasattr(instance, "facts_updated_on"):
        return []
    return [
        getattr(instance, field.name)
        for field in instance._meta.concrete_fields
        if field.many_to_one
        and field.remote_field.on_delete is models.CASCADE
        and hasattr(field.related_model, "facts_updated_on")
        and getattr(instance, field.attname) is not None
    ]


def stamp_facts_change(*, instance, m2m=None, using=DEFAULT_DB_ALIAS):
    """A change to what a record says dates it today (`facts_updated_on`); any other save
    leaves the date as it was. A change to a part of a record dates the record it is part of
    once the part is saved: the owners returned."""
    owners = _owners(instance)
    if not (hasattr(instance, "facts_updated_on") or owners):
        return []
    if not facts_changed(instance=instance, m2m=m2m, using=using):
        return []
    if owners:
        return owners
    instance.facts_updated_on = timezone.localdate()
    return []


def record_parts_changed(*, instance):
    """A record's own rows (a project's partners and milestones, a summit's outcomes, a
    commitment's evidence) were added, changed or removed: what the record says changed today."""
    today = timezone.localdate()
    if getattr(instance, "facts_updated_on", today) == today:
        return
    instance.facts_updated_on = today
    instance.save(update_fields=["facts_updated_on"])


def _attribute(instance, user, reason):
    """Name the editor and the reason in the change history. Without a user, the history
    names whoever made the request, if anyone."""
    if user is not None:
        instance._history_user = user
    if reason:
        instance._change_reason = reason


@transaction.atomic
def record_save(
    *,
    instance,
    user=None,
    m2m=None,
    milestones=None,
    reason=None,
    using=DEFAULT_DB_ALIAS,
    check_constraints=True,
    facts_dated=False,
):
    """Validate `instance` by the model's rules and by record_check(), then save it and set
    its many-to-many links, recorded in the change history under `user` and `reason`. A change
    to its facts dates them today (stamp_facts_change).

    `check_constraints=False` leaves the models' constraints to the database alone (a writer
    that fails whole, such as the seed, needs no message per field). `facts_dated=True` keeps
    the `facts_updated_on` the writer set (the seed dates its records by their sources)."""
    m2m = m2m or {}
    # Uniqueness and constraints are checked against the default database by full_clean();
    # for another database its own constraints do that job.
    checks = using == DEFAULT_DB_ALIAS
    instance._state.db = using  # related records are looked up where the record will live
    instance.full_clean(
        exclude=list(m2m),
        validate_unique=checks,
        validate_constraints=checks and check_constraints,
    )
    record_check(instance=instance, links=m2m, milestones=milestones, using=using, user=user)
    _stamp_status_change(instance, using)
    owners = [] if facts_dated else stamp_facts_change(instance=instance, m2m=m2m, using=using)
    _attribute(instance, user, reason)
    if using == DEFAULT_DB_ALIAS:
        remember_old_slug(instance=instance)
    # What the snapshots hold changes when a published record (or one without a publication
    # status: public once something published cites it) is saved, or one is saved as a draft.
    public = getattr(instance, "is_published", True)
    unpublished = not public and snapshots_follow() and _stored_published(instance, using)
    _save_as_one_version(instance, m2m, using)
    for owner in owners:
        record_parts_changed(instance=owner)
    if public or unpublished:
        snapshot_after_commit(using=using)
    return instance


def _save_as_one_version(instance, m2m, using):
    """Save the record and set its links, then write one version to the change history with
    both. Left to simple-history, the save and each link field would write a version of their
    own, the first ones holding states that never existed (the new title with the old
    countries)."""
    if hasattr(instance, "skip_history_when_saving"):  # the caller wants no version
        instance.save(using=using)
        for name, values in m2m.items():
            getattr(instance, name).set(values)
        return
    model = type(instance)
    # What Django's save will do: insert a record without a primary key, update one with it (the
    # seed's entries carry the key of the record they correct, as yet unsaved instances).
    created = instance.pk is None or (
        instance._state.adding
        and not model._base_manager.using(using).filter(pk=instance.pk).exists()
    )
    instance.skip_history_when_saving = True
    try:
        instance.save(using=using)
        for name, values in m2m.items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    records = HISTORY_RECORDS.get(model._meta.concrete_model)
    if records is not None and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        records.create_historical_record(instance, "+" if created else "~", using=using)


def _stored_published(instance, using):
    if instance.pk is None:
        return False
    stored = type(instance).objects.using(using).filter(pk=instance.pk)
    return stored.filter(publication_status=PublicationStatus.PUBLISHED).exists()


@transaction.atomic
def record_publish(*, instance, user=None):
    """Publish a draft, if the rules allow it; False when it was already published."""
    if instance.is_published:
        return False
    instance.publication_status = PublicationStatus.PUBLISHED
    try:
        publishing_check(instance=instance, user=user)
        record_check(instance=instance)
    except ValidationError:
        instance.publication_status = PublicationStatus.DRAFT
        raise
    instance.published_at = instance.published_at or timezone.now()
    _attribute(instance, user, "Published")
    instance.save()
    snapshot_after_commit()
    return True


@transaction.atomic
def record_unpublish(*, instance, user=None):
    """Move a published record back to draft; False when it was a draft already."""
    if not instance.is_published:
        return False
    instance.publication_status = PublicationStatus.DRAFT
    _attribute(instance, user, "Unpublished")
    instance.save()
    snapshot_after_commit()
    return True


@transaction.atomic
def public_referrers(instance, limit=20):
    """Public records that link to `instance` and would lose the link without a word if it were
    deleted: through a many-to-many field of theirs (a project citing a source) or a reference
    the delete empties (a commitment made at a summit). References that forbid the delete
    (PROTECT) and parts deleted with it (CASCADE) are the database's to handle."""
    found = []
    for relation in instance._meta.related_objects:
        dropped = relation.many_to_many or getattr(relation, "on_delete", None) is models.SET_NULL
        if not dropped or relation.related_model._meta.label not in HISTORY_LABELS:
            continue  # the history's own copies are not links
        name = relation.field.name
        found += public_records(relation.related_model).filter(**{name: instance})[:limit]
    return found[:limit]


def record_delete(*, instance, user):
    """Deletes a record, unless public records still link to it: a ProtectedError naming them
    (the API's 409; the admin lists them on its confirmation page and offers no delete)."""
    referrers = public_referrers(instance)
    if referrers:
        raise models.ProtectedError(
            _("Public records still link to this one; remove the links first."), referrers
        )
    instance._history_user = user
    public = getattr(instance, "is_published", True)
    owners = _owners(instance)
    instance.delete()
    for owner in owners:
        record_parts_changed(instance=owner)
    if public:
        snapshot_after_commit()
