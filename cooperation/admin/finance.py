"""Finance records (AidData GCDF 3.0): listed, filtered and edited like the other records, and
imported from AidData's CSV by editors: a dry run first, then nothing is saved until they
confirm. Between the two the file waits in the database (ImportUpload), so the confirmation
works whichever app server answers it."""

import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import FinanceRecord, ImportUpload
from ..services.gcdf import GcdfImportError, gcdf_import
from .base import PublishableAdmin
from .imports import check_spreadsheet


def _pending_name(pending):
    return f"gcdf-{pending}"[:64]


class GcdfUploadForm(forms.Form):
    import_file = forms.FileField(
        label=_("AidData CSV file"),
        help_text=_("AidData's published layout (GCDF 3.0), with its header row."),
    )
    publish = forms.BooleanField(
        label=_("Publish the records it creates"),
        required=False,
        help_text=_("Otherwise new records are drafts. Records already here keep their status."),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_spreadsheet(upload)
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text; save it as CSV (UTF-8)."), code="encoding"
            ) from None


class GcdfConfirmForm(forms.Form):
    pending = forms.CharField(widget=forms.HiddenInput)
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)


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
    change_list_template = "admin/cooperation/financerecord/change_list.html"
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

    def get_urls(self):
        return [
            path(
                "import-aiddata/",
                self.admin_site.admin_view(self.import_view),
                name="cooperation_financerecord_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def import_view(self, request):
        """Upload → dry run with what would change → confirm → import, all or nothing."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import AidData finance records"),
        }
        if request.method == "POST" and "confirm" in request.POST:
            confirm = GcdfConfirmForm(request.POST)
            name = _pending_name(str(confirm.data.get("pending", "")))
            stored = ImportUpload.objects.fresh().filter(name=name).first()
            text = bytes(stored.data).decode() if stored is not None else None
            if not confirm.is_valid() or text is None:
                self.message_user(
                    request, _("That dry run has expired; upload the file again."), messages.ERROR
                )
                return HttpResponseRedirect(request.path)
            try:
                report = gcdf_import(
                    text=text, user=request.user, publish=confirm.cleaned_data["publish"]
                )
            except GcdfImportError as error:  # the data changed since the dry run
                context.update(form=GcdfUploadForm(), problems=error.problems)
                return TemplateResponse(request, self.import_template, context, status=400)
            ImportUpload.objects.filter(name=name).delete()
            self.message_user(
                request,
                _(
                    "Imported: %(created)d created, %(updated)d updated, %(unchanged)d "
                    "unchanged, %(kept)d kept as editors left them."
                )
                % {
                    "created": len(report.created),
                    "updated": len(report.updated),
                    "unchanged": len(report.unchanged),
                    "kept": len(report.kept),
                },
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:cooperation_financerecord_changelist"))
        form = GcdfUploadForm(request.POST or None, request.FILES or None)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["import_file"]
            try:
                report = gcdf_import(text=text, user=request.user, dry_run=True)
            except GcdfImportError as error:
                context["problems"] = error.problems
                return TemplateResponse(request, self.import_template, context, status=400)
            pending = hashlib.sha256(text.encode()).hexdigest()
            ImportUpload.objects.expired().delete()
            ImportUpload.objects.update_or_create(
                name=_pending_name(pending), defaults={"data": text.encode()}
            )
            context.update(
                report=report,
                confirm=GcdfConfirmForm(
                    initial={"pending": pending, "publish": form.cleaned_data["publish"]}
                ),
            )
        return TemplateResponse(request, self.import_template, context)

    import_template = "admin/cooperation/financerecord/import.html"
