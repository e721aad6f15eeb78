"""Countries and their strategies, organizations, sectors, sources and summit series."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from ..models import Country, Organization, Sector, Source, Strategy, SummitSeries
from ..services.records import record_save
from .base import (
    URL_FIELD_OVERRIDES,
    CheckedActionsMixin,
    ContentAdmin,
    EditConflictForm,
    GuardedDeleteMixin,
    VersionCheckedInline,
)
from .history import CompareVersionsMixin


class StrategyInline(VersionCheckedInline, TranslationStackedInline):
    model = Strategy
    extra = 0
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["sources"]


@admin.register(Country)
class CountryAdmin(ContentAdmin):
    list_display = ["name", "iso2", "iso3", "role", "capital", "updated_at"]
    list_filter = ["role"]
    search_fields = ["name", "name_zh_hans", "name_ru", "iso2", "iso3", "capital"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["members"]
    inlines = [StrategyInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", ("iso2", "iso3"), "role"]}),
        ("Place", {"fields": ["capital", ("latitude", "longitude")]}),
        ("Regional total", {"fields": ["members"], "classes": ["collapse"]}),
    ]


@admin.register(Strategy)
class StrategyAdmin(ContentAdmin):
    list_display = ["name", "country", "period", "is_current", "confidence", "updated_at"]
    list_filter = ["country", "is_current", "confidence"]
    list_select_related = ["country"]
    search_fields = ["name", "name_zh_hans", "name_ru", "summary"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["country", "sources"]
    markdown_fields = ("summary",)


@admin.register(Organization)
class OrganizationAdmin(ContentAdmin):
    list_display = ["name", "short_name", "kind", "country", "updated_at"]
    list_filter = ["kind", "country"]
    list_select_related = ["country"]
    search_fields = ["name", "name_zh_hans", "name_ru", "short_name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["country"]


@admin.register(Sector)
class SectorAdmin(ContentAdmin):
    list_display = ["name", "slug", "position", "updated_at"]
    list_editable = ["position"]
    search_fields = ["name", "name_zh_hans", "name_ru"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Source)
class SourceAdmin(
    GuardedDeleteMixin, CheckedActionsMixin, CompareVersionsMixin, SimpleHistoryAdmin
):
    form = EditConflictForm
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = [
        "title",
        "publisher",
        "kind",
        "published_on",
        "accessed_on",
        "url",
        "updated_at",
    ]
    list_filter = ["kind", "link", "language", "published_precision"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    list_per_page = 100
    fieldsets = [
        (
            None,
            {"fields": ["title", "publisher", "kind", "url", "link", "language", "loaded_version"]},
        ),
        ("Dates", {"fields": [("published_on", "published_precision"), "accessed_on"]}),
        ("Notes", {"fields": ["notes"]}),
        (_("Why"), {"fields": ["change_reason"]}),
    ]

    def save_model(self, request, obj, form, change):
        # Through the service every record goes through: its checks, one version with the
        # editor's reason, and the bulk downloads (which list every source) written again.
        record_save(
            instance=obj, user=request.user, reason=form.cleaned_data.get("change_reason", "")
        )


@admin.register(SummitSeries)
class SummitSeriesAdmin(ContentAdmin):
    list_display = ["name", "organization", "updated_at"]
    list_select_related = ["organization"]
    search_fields = ["name", "name_zh_hans", "name_ru"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["organization"]
