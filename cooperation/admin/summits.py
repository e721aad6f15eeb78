"""Summits and meetings, with their outcome documents inline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from ..models import Outcome, Summit
from .base import URL_FIELD_OVERRIDES, ContentAdmin, PublishableAdmin, VersionCheckedInline


class OutcomeInline(VersionCheckedInline, TranslationStackedInline):
    model = Outcome
    extra = 0
    formfield_overrides = URL_FIELD_OVERRIDES
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["parties"]


@admin.register(Summit)
class SummitAdmin(PublishableAdmin):
    list_display = [
        "title",
        "publication_status",
        "kind",
        "start_date",
        "city",
        "host_country",
        "updated_at",
    ]
    list_filter = ["publication_status", "kind", "series", "host_country", "format"]
    list_select_related = ["host_country", "series"]
    search_fields = ["title", "title_zh_hans", "title_ru", "summary", "city"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["series", "host_country", "participants", "sources"]
    date_hierarchy = "start_date"
    inlines = [OutcomeInline]
    markdown_fields = ("body",)
    fieldsets = [
        (None, {"fields": ["title", "slug", "publication_status", "summary", "body"]}),
        (_("Meeting"), {"fields": ["kind", "format", ("series", "edition")]}),
        (
            _("When and where"),
            {"fields": [("start_date", "end_date"), "city", "host_country", "participants"]},
        ),
        (_("Sources"), {"fields": ["sources", "confidence"]}),
    ]


@admin.register(Outcome)
class OutcomeAdmin(ContentAdmin):
    list_display = ["title", "summit", "kind", "signed_on", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["summit"]
    search_fields = ["title", "title_zh_hans", "title_ru", "key_quote", "summit__title"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["summit", "parties"]
    date_hierarchy = "signed_on"
