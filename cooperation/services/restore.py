"""Bringing a deleted record back whole: its own rows deleted with it (a summit's outcomes, a
project's partners and milestones, a commitment's evidence) and the links other records had to
it (a project's related summits, an article's projects), as they stood when it was deleted.
What cannot come back is named in a sentence, never dropped in silence."""

import datetime

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

# Rows deleted along with their parent are recorded within moments of it.
CASCADE_WINDOW = datetime.timedelta(seconds=30)


def historical_links(version):
    """{field name: [related pks]} for the many-to-many fields a historical version recorded."""
    if version.history_type == "-" and version.prev_record is not None:
        version = version.prev_record  # links are gone by the time a deletion is recorded
    links = {}
    for field in getattr(version, "_history_m2m_fields", []):
        through = getattr(version, field.name).all()
        target = field.m2m_reverse_field_name()
        links[field.name] = [getattr(row, f"{target}_id") for row in through]
    return links


def _label(model, pk_or_obj):
    return f"{model._meta.verbose_name} “{pk_or_obj}”"


def _save(instance, user, reason):
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


def _restore_children(record, relation, deleted_at, user, reason, problems):
    child_model = relation.related_model
    field = relation.field
    versions = child_model.history.filter(
        history_type="-",
        history_date__gte=deleted_at - CASCADE_WINDOW,
        history_date__lte=deleted_at + CASCADE_WINDOW,
        **{field.attname: record.pk},
    )
    restored = 0
    for version in versions:
        if child_model._default_manager.filter(pk=version.id).exists():
            continue
        child = version.instance
        try:
            with transaction.atomic():
                _save(child, user, reason)
                for name, pks in historical_links(version).items():
                    target = child_model._meta.get_field(name).related_model
                    getattr(child, name).set(target._default_manager.filter(pk__in=pks))
            restored += 1
        except IntegrityError:
            problems.append(
                _("%(record)s could not come back: another record now has its name or slug.")
                % {"record": _label(child_model, child)}
            )
    return restored


def _version_at(model, pk, moment):
    return model.history.filter(id=pk, history_date__lte=moment).order_by("-history_date").first()


def _restore_incoming_links(record, relation, deleted_at, user, reason, problems):
    """Links from other records: many-to-many (Project.summits) or a nullable foreign key that
    was set to null (Commitment.made_at), as the linking record's history held them."""
    linking_model = relation.related_model
    field = relation.field
    history = getattr(linking_model, "history", None)
    if history is None:
        return 0
    if relation.many_to_many:
        if field.name not in {f.name for f in history.model._history_m2m_fields}:
            return 0
        version = history.filter(history_date__lte=deleted_at).first()
        through = getattr(version, field.name).model if version else None
        if through is None:
            return 0
        target = field.m2m_reverse_field_name()
        candidates = set(
            through.objects.filter(**{f"{target}_id": record.pk}).values_list(
                "history__id", flat=True
            )
        )
    else:
        candidates = set(
            history.filter(**{field.attname: record.pk}, history_date__lte=deleted_at)
            .values_list("id", flat=True)
            .distinct()
        )
    restored = 0
    for pk in sorted(candidates):
        at_deletion = _version_at(linking_model, pk, deleted_at)
        if at_deletion is None or at_deletion.history_type == "-":
            continue
        if relation.many_to_many:
            linked = record.pk in historical_links(at_deletion).get(field.name, [])
        else:
            linked = getattr(at_deletion, field.attname) == record.pk
        if not linked:
            continue
        current = linking_model._default_manager.filter(pk=pk).first()
        if current is None:
            problems.append(
                _("The link from %(record)s could not come back: that record has been deleted "
                  "too.") % {"record": _label(linking_model, at_deletion.instance)}
            )  # fmt: skip
            continue
        if relation.many_to_many:
            if getattr(current, field.name).filter(pk=record.pk).exists():
                continue
            getattr(current, field.name).add(record)
        else:
            if getattr(current, field.attname) is not None:
                if getattr(current, field.attname) != record.pk:
                    problems.append(
                        _("%(record)s now points to another record; its link was left as it is.")
                        % {"record": _label(linking_model, current)}
                    )
                continue
            setattr(current, field.attname, record.pk)
        _save(current, user, reason)
        restored += 1
    return restored


@transaction.atomic
def restore_dependents(*, record, user):
    """After `record` itself is restored from its history: bring back what went with it.
    Returns (sentences about what came back, sentences about what could not)."""
    model = type(record)
    deletion = (
        model.history.filter(id=record.pk, history_type="-").order_by("-history_date").first()
    )
    if deletion is None:
        return [], []
    reason = _("Restored with %(record)s") % {"record": _label(model, record)}
    problems, done = [], []
    for relation in model._meta.related_objects:
        related = relation.related_model
        if getattr(related, "history", None) is None:
            continue
        cascades = relation.one_to_many and relation.on_delete is models.CASCADE
        if cascades:
            count = _restore_children(
                record, relation, deletion.history_date, user, reason, problems
            )
        elif relation.many_to_many or (
            relation.one_to_many and relation.on_delete is models.SET_NULL
        ):
            count = _restore_incoming_links(
                record, relation, deletion.history_date, user, reason, problems
            )
        else:
            continue
        if count:
            done.append(
                _("%(count)s × %(kind)s") % {"count": count, "kind": related._meta.verbose_name}
            )
    return done, problems
