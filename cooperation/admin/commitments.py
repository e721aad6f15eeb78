"""Commitments, with their evidence inline. A change of status needs a justification (the
records service says so)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from ..models import Commitment, Evidence
from ..models.dates import partial_date
from .base import (
    CheckedActionsMixin,
    PublishableAdmin,
    TranslationCoverageMixin,
    VersionCheckedInline,
)


class EvidenceInline(VersionCheckedInline, TranslationStackedInline):
    model = Evidence
    extra = 0
    autocomplete_fields = ["source", "projects", "trade_statistics", "summits"]
    fields = [("date", "precision"), "summary", "source", "projects", "summits", "trade_statistics"]


@admin.register(Commitment)
class CommitmentAdmin(PublishableAdmin):
    list_display = [
        "title",
        "publication_status",
        "status",
        "deadline_at_precision",
        "made_at",
        "updated_at",
    ]
    list_filter = ["publication_status", "status", "target_kind", "sector", "parties"]

    @admin.display(description=_("deadline"), ordering="deadline")
    def deadline_at_precision(self, commitment):
        """At its precision: "2030", not "1 January 2030"."""
        return partial_date(commitment.deadline, commitment.deadline_precision) or "—"

    list_select_related = ["made_at"]
    search_fields = ["title", "title_zh_hans", "title_ru", "made_by", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = [
        "parties",
        "made_at",
        "made_in",
        "sector",
        "target_reporter",
        "target_partner",
        "supersedes",
        "conflicts_with",
        "projects",
        "sources",
    ]
    date_hierarchy = "deadline"
    inlines = [EvidenceInline]
    markdown_fields = ("body",)
    readonly_fields = ["status_changed_on"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "publication_status", "body"]}),
        (
            _("Who promised it, where"),
            {
                "fields": [
                    "parties",
                    "made_by",
                    ("made_on", "made_on_precision"),
                    "made_at",
                    "made_in",
                ]
            },
        ),
        (
            _("Target"),
            {
                "fields": [
                    "target_kind",
                    ("target_value", "target_unit"),
                    ("deadline", "deadline_precision"),
                    ("target_reporter", "target_partner", "target_flow"),
                    "sector",
                ],
                "description": _(
                    "For a trade target, give the reporter whose figures measure it (usually "
                    "China) and the partner: progress is then computed from the trade figures."
                ),
            },
        ),
        (_("Status"), {"fields": ["status", "status_justification", "status_changed_on"]}),
        (
            _("Links and sources"),
            {"fields": ["supersedes", "conflicts_with", "projects", "sources", "confidence"]},
        ),
    ]


@admin.register(Evidence)
class EvidenceAdmin(CheckedActionsMixin, TranslationCoverageMixin, admin.ModelAdmin):
    list_display = ["commitment", "date", "source"]
    list_select_related = ["commitment", "source"]
    search_fields = ["commitment__title", "summary"]
    autocomplete_fields = ["commitment", "source", "projects", "trade_statistics", "summits"]
    date_hierarchy = "date"
