"""The History page's changes: every field once, in words, with full values and word diffs
(django-simple-history cut values to "A 200[32 chars]rkand…")."""

from django.db.models import ManyToManyField
from django.utils.html import conditional_escape
from simple_history.template_utils import HistoricalRecordContextHelper

from ..history import field_label, mirrored_fields, word_diff


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
        old = "" if change.old is None else str(change.old)
        new = "" if change.new is None else str(change.new)
        if old and new:
            old, new = word_diff(old, new)
            return {"old": old, "new": new}
        return {"old": conditional_escape(old or "∅"), "new": conditional_escape(new or "∅")}

    @staticmethod
    def names(field, rows):
        target = field.m2m_reverse_field_name()
        pks = [row[target] for row in rows or []]
        pks = [getattr(pk, "pk", pk) for pk in pks]
        records = field.related_model._default_manager.in_bulk(pks)
        return ", ".join(str(records.get(pk, pk)) for pk in pks) or "∅"
