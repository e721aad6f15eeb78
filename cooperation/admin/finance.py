"""Finance records (AidData GCDF 3.0): listed, filtered and edited like the other records."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import FinanceRecord
from .base import PublishableAdmin


@admin.register(FinanceRecord)
class FinanceRecordAdmin(PublishableAdmin):
    list_display = [
        "aiddata_id",
        "__str__",
        "publication_status",
        "recipient",
        "instrument",
        "amount",
        "currency",
        "amount_usd_constant_2021",
        "committed_on",
        "status",
        "project",
    ]
    list_display_links = ["aiddata_id", "__str__"]
    list_filter = [
        "publication_status",
        "recipient",
        "instrument",
        "status",
        "sector",
        "infrastructure",
        ("project", admin.EmptyFieldListFilter),
        "financiers",
    ]
    list_select_related = ["recipient", "project"]
    search_fields = ["=aiddata_id", "aiddata_title", "title", "financiers__name"]
    autocomplete_fields = ["financiers", "recipient", "borrower", "sector", "project", "sources"]
    filter_horizontal = ["linked_records"]
    readonly_fields = ["aiddata_link", "parsed_from_title", "not_parsed", "linked_aiddata_ids"]
    fieldsets = [
        (None, {"fields": ["publication_status", "aiddata_id", "aiddata_link", "aiddata_title"]}),
        (_("Title in each language"), {"fields": ["title"]}),
        (
            _("Commitment"),
            {
                "fields": [
                    "financiers",
                    "recipient",
                    "borrower",
                    "instrument",
                    ("amount", "currency"),
                    "amount_usd_constant_2021",
                    ("parsed_from_title", "not_parsed"),
                    ("committed_on", "committed_precision"),
                    ("started_on", "started_precision"),
                    ("completed_on", "completed_precision"),
                    "status",
                ]
            },
        ),
        (_("Sector"), {"fields": ["sector", "aiddata_sector", "infrastructure"]}),
        (
            _("Location"),
            {
                "fields": [
                    "location_precision",
                    "osm_feature_type",
                    "osm_links",
                    ("latitude", "longitude"),
                    ("point_derivation", "point_zoom"),
                ]
            },
        ),
        (
            _("Links"),
            {"fields": ["project", "linked_records", "linked_aiddata_ids", "sources"]},
        ),
    ]

    @admin.display(description=_("AidData's page"))
    def aiddata_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{0}" rel="noopener">{0}</a>', obj.aiddata_url)
