"""Trade figures, with spreadsheet import (dry run, then all-or-nothing) and export."""

import tablib
from django.contrib import admin
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from ..models import TradeStatistic
from .base import PublishableAdmin
from .imports import CappedImportForm
from .resources import TRADE_COLUMNS, TRADE_TEMPLATE_ROWS, TradeStatisticResource

TEMPLATE_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@admin.register(TradeStatistic)
class TradeStatisticAdmin(ImportExportMixin, PublishableAdmin):
    resource_classes = [TradeStatisticResource]
    formats = [CSV, XLSX]
    import_form_class = CappedImportForm
    import_template_name = "admin/cooperation/tradestatistic/import.html"
    list_display = [
        "__str__",
        "publication_status",
        "reporter",
        "partner",
        "flow",
        "year",
        "month",
        "value_usd",
        "value_qualifier",
        "basis",
        "change_pct",
        "updated_at",
    ]
    list_filter = [
        "publication_status",
        "flow",
        "period",
        "value_qualifier",
        "basis",
        "reporter",
        "partner",
        "year",
    ]
    list_select_related = ["reporter", "partner", "source"]
    search_fields = ["partner__name", "reporter__name", "note", "source__title"]
    autocomplete_fields = ["reporter", "reporting_agency", "partner", "source", "other_sources"]
    fieldsets = [
        (None, {"fields": ["publication_status"]}),
        (
            _("Figure"),
            {
                "fields": [
                    ("reporter", "reporting_agency"),
                    "partner",
                    "flow",
                    ("period", "year", "month"),
                    ("value_usd", "value_qualifier", "basis"),
                    ("original_value", "original_currency"),
                    ("usd_basis", "conversion_rate", "conversion_date", "conversion_source"),
                    "change_pct",
                ]
            },
        ),
        (_("Sources"), {"fields": ["source", "other_sources", "confidence", "note"]}),
    ]

    def get_urls(self):
        urls = [
            path(
                "import-template.<str:extension>",
                self.admin_site.admin_view(self.import_template_view),
                name="cooperation_tradestatistic_import_template",
            )
        ]
        return urls + super().get_urls()

    def import_template_view(self, request, extension):
        """A spreadsheet with the import columns and two example rows."""
        if extension not in TEMPLATE_FORMATS:
            return HttpResponseBadRequest("Ask for import-template.csv or import-template.xlsx.")
        dataset = tablib.Dataset(headers=TRADE_COLUMNS)
        for row in TRADE_TEMPLATE_ROWS:
            dataset.append([row[column] for column in TRADE_COLUMNS])
        content_type, suffix = TEMPLATE_FORMATS[extension]
        response = HttpResponse(dataset.export(suffix), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="trade-figures-template.{suffix}"'
        return response
