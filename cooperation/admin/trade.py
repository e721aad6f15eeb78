"""Trade figures, with spreadsheet import (dry run, then all-or-nothing) and export."""

import tablib
from django import forms
from django.contrib import admin
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..models import TradeStatistic
from ..numbers import parse_amount
from .base import PublishableAdmin
from .imports import SpreadsheetImportMixin
from .resources import TRADE_COLUMNS, TRADE_TEMPLATE_ROWS, TradeStatisticResource

TEMPLATE_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


class AmountField(forms.DecimalField):
    """An amount as the import takes it: 41000000000, 41,000,000,000, 41.0 bn, 350 mn."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


@admin.register(TradeStatistic)
class TradeStatisticAdmin(SpreadsheetImportMixin, PublishableAdmin):
    resource_classes = [TradeStatisticResource]
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
    search_fields = [
        "partner__iso2",
        "reporter__iso2",
        "partner__name",
        "reporter__name",
        "note",
        "source__title",
    ]
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

    def get_search_results(self, request, queryset, search_term):
        # "CN→KZ", as the list labels a figure, is searched as its two countries.
        return super().get_search_results(request, queryset, search_term.replace("→", " "))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "value_usd":
            kwargs["form_class"] = AmountField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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
