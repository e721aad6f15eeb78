"""Projects, with their partners and milestones inline."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from ..models import Project, ProjectMilestone, ProjectPartner
from ..services.records import record_check
from .base import ContentAdmin, PublishableAdmin, PublishableForm, VersionCheckedInline
from .imports import SpreadsheetImportMixin
from .resources import ProjectResource


class ProjectPartnerInline(VersionCheckedInline, TranslationTabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ["organization"]


class ProjectForm(PublishableForm):
    rules_in_inlines = ("milestones",)


class MilestoneFormSet(forms.BaseInlineFormSet):
    """The project's status must agree with its latest status-bearing milestone, as the
    milestones stand in the form."""

    def clean(self):
        super().clean()
        milestones = [
            ProjectMilestone(kind=form.cleaned_data["kind"], date=form.cleaned_data["date"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("kind")
            and form.cleaned_data.get("date")
        ]
        try:
            record_check(instance=self.instance, milestones=milestones, rules=["milestones"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        self.instance.milestones_in_form = milestones  # the save judges these too


class MilestoneInline(VersionCheckedInline, TranslationTabularInline):
    model = ProjectMilestone
    formset = MilestoneFormSet
    extra = 1
    autocomplete_fields = ["source"]


@admin.register(Project)
class ProjectAdmin(SpreadsheetImportMixin, PublishableAdmin):
    form = ProjectForm
    resource_classes = [ProjectResource]
    list_display = [
        "title",
        "publication_status",
        "status",
        "sector",
        "country_codes",
        "start",
        "updated_at",
    ]
    list_filter = ["publication_status", "status", "sector", "countries", "confidence"]
    list_select_related = ["sector"]
    search_fields = ["title", "title_zh_hans", "title_ru", "summary", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["sector", "countries", "summits", "sources"]
    date_hierarchy = "start_date"
    inlines = [ProjectPartnerInline, MilestoneInline]
    markdown_fields = ("body",)
    fieldsets = [
        (None, {"fields": ["title", "slug", "publication_status", "summary", "body"]}),
        (
            _("What and where"),
            {
                "fields": [
                    "sector",
                    "countries",
                    "status",
                    "location_name",
                    ("latitude", "longitude"),
                    "location_precision",
                    "location_note",
                    "route",
                    "route_surveyed",
                ]
            },
        ),
        (
            _("Dates"),
            {
                "fields": [
                    ("start_date", "start_precision"),
                    ("completion_date", "completion_precision"),
                ]
            },
        ),
        (
            _("Investment"),
            {
                "fields": [
                    ("investment_amount", "investment_currency"),
                    "investment_usd",
                    "investment_is_estimate",
                    "investment_scope",
                    "investment_note",
                ]
            },
        ),
        (_("Lead image"), {"fields": ["lead_image", "image_caption", "image_credit"]}),
        (_("Links and sources"), {"fields": ["summits", "sources", "confidence"]}),
    ]

    @admin.display(description=_("start"), ordering="start_date")
    def start(self, project):
        """At its precision: "March 2025", not "1 March 2025"."""
        return project.start or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def country_codes(self, project):
        return ", ".join(country.iso2 for country in project.countries.all())


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(ContentAdmin):
    list_display = ["project", "organization", "role", "updated_at"]
    list_filter = ["role"]
    list_select_related = ["project", "organization"]
    search_fields = ["project__title", "organization__name", "organization__short_name"]
    autocomplete_fields = ["project", "organization"]


@admin.register(ProjectMilestone)
class ProjectMilestoneAdmin(ContentAdmin):
    list_display = ["project", "kind", "date", "precision", "updated_at"]
    list_filter = ["kind", "precision"]
    list_select_related = ["project"]
    search_fields = ["project__title", "description"]
    autocomplete_fields = ["project", "source"]
    date_hierarchy = "date"
