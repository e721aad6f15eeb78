"""Correction reports from visitors, for editors to review."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import CorrectionReport
from .base import CheckedActionsMixin


@admin.register(CorrectionReport)
class CorrectionReportAdmin(CheckedActionsMixin, admin.ModelAdmin):
    list_display = ["record_label", "status", "created_at", "page_link", "email"]
    list_filter = ["status", "content_type"]
    search_fields = ["record_label", "message", "email"]
    date_hierarchy = "created_at"
    readonly_fields = ["record_label", "page_link", "message", "email", "created_at"]
    fields = [
        "record_label",
        "page_link",
        "message",
        "email",
        "created_at",
        "status",
        "editor_note",
    ]
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("page"))
    def page_link(self, report):
        if not report.page_url:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', report.page_url, report.page_url
        )
