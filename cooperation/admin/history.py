"""The History page's changes: every field once, in words, with full values and word diffs
(django-simple-history cut values to "A 200[32 chars]rkand…"), and the comparison of any
two versions."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import ManyToManyField
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

from ..history import field_label, mirrored_fields, readable_pair


class ReadableHistory(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        mirrored = mirrored_fields(self.model)
        return [
            {"field": field_label(self.model, change.field), **self.values(change)}
            for change in delta.changes
            if change.field not in mirrored
        ]

    def values(self, change):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            old, new = (self.names(field, value) for value in (change.old, change.new))
            return {"old": conditional_escape(old), "new": conditional_escape(new)}
        old, new = readable_pair(change.old, change.new)
        return {"old": old, "new": new}

    @staticmethod
    def names(field, rows):
        target = field.m2m_reverse_field_name()
        pks = [row[target] for row in rows or []]
        pks = [getattr(pk, "pk", pk) for pk in pks]
        records = field.related_model._default_manager.in_bulk(pks)
        return ", ".join(str(records.get(pk, pk)) for pk in pks) or "∅"


class CompareVersionsMixin:
    """Any two versions of a record side by side: the History page's "From" and "To" choices
    open /history/compare/?from=…&to=…, which lists what changed between them, in words."""

    def get_urls(self):
        opts = self.model._meta
        compare = re_path(
            r"^([^/]+)/history/compare/$",
            self.admin_site.admin_view(self.compare_versions_view),
            name=f"{opts.app_label}_{opts.model_name}_compare_versions",
        )
        return [compare, *super().get_urls()]

    def compare_versions_view(self, request, object_id):
        object_id = unquote(object_id)
        versions = self.model.history.filter(**{self.model._meta.pk.attname: object_id})
        chosen = {}
        for end in ("from", "to"):
            value = request.GET.get(end, "")
            version = versions.filter(history_id=value).first() if value.isdigit() else None
            if version is None:
                raise Http404(_("Choose two versions of this record to compare."))
            chosen[end] = version
        older, newer = sorted(chosen.values(), key=lambda version: version.history_date)
        record = newer.instance
        if not self.has_view_history_or_change_history_permission(request, record):
            raise PermissionDenied
        delta = newer.diff_against(older, foreign_keys_are_objs=True)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare versions of %(record)s") % {"record": record},
            "opts": opts,
            "record": record,
            "older": older,
            "newer": newer,
            "changes": ReadableHistory(self.model, newer).context_for_delta_changes(delta),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history",
                args=[object_id],
                current_app=self.admin_site.name,
            ),
        }
        return TemplateResponse(request, "admin/cooperation/compare_versions.html", context)
