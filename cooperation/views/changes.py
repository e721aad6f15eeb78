"""A record's public change log: what changed and when since it was published. Editors' names
are not shown, and nothing from before publication is."""

from typing import NamedTuple

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..history import field_label, mirrored_fields
from ..kinds import BY_PLURAL
from ..models import PublicationStatus
from ..services import gcdf, seeding

MODELS = BY_PLURAL
HIDDEN_FIELDS = [
    "updated_at",
    "created_at",
    "published_at",
    "facts_updated_on",
    "search_document",
]
MAX_ENTRIES = 200
# Reasons the site itself gives, kept in English in the history and shown in the page's
# language; an editor's own words are shown as typed.
SITE_REASONS = {seeding.CHANGE_REASON, seeding.CORRECTION_REASON, gcdf.CHANGE_REASON}


def shown_reason(reason):
    return _(reason) if reason in SITE_REASONS else reason


class Entry(NamedTuple):
    """One moment in a record's public life: its changes, or its (re)publication."""

    date: object
    changes: list  # [(field label, old, new)]
    reason: str
    event: str = ""  # "First published" or "Published again", where nothing else is listed


def is_public(value):
    """False for a linked draft, or an outcome of a draft summit: its name is not public."""
    owner = getattr(value, "summit", value)
    return getattr(owner, "is_published", True)


def public_changes(record):
    """The record's entries, newest first, since it was first published."""
    m2m = [field.name for field in record._meta.many_to_many]
    mirrored = mirrored_fields(type(record))
    versions = record.history.filter(history_date__gte=record.published_at).order_by(
        "-history_date"
    )[:MAX_ENTRIES]
    entries = []
    for version in versions:
        if version.publication_status != PublicationStatus.PUBLISHED:
            continue  # what it said while back in draft is the editors' alone
        previous = version.prev_record
        if previous is None or previous.publication_status != PublicationStatus.PUBLISHED:
            first = not record.history.filter(
                history_date__lt=version.history_date,
                publication_status=PublicationStatus.PUBLISHED,
            ).exists()
            event = _("First published") if first else _("Published again")
            entries.append(
                Entry(version.history_date, [], shown_reason(version.history_change_reason), event)
            )
            continue
        delta = version.diff_against(
            previous, excluded_fields=HIDDEN_FIELDS + m2m, foreign_keys_are_objs=True
        )
        changes = [
            (field_label(type(record), change.field), change.old, change.new)
            for change in delta.changes
            if change.field not in mirrored and is_public(change.old) and is_public(change.new)
        ]
        if changes:
            entries.append(
                Entry(version.history_date, changes, shown_reason(version.history_change_reason))
            )
    return entries


class ChangeLogView(TemplateView):
    template_name = "cooperation/change_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = MODELS.get(kwargs["kind"])
        if model is None:
            raise Http404
        record = get_object_or_404(model.objects.published(), slug=kwargs["slug"])
        context.update(record=record, entries=public_changes(record))
        return context
