"""/trade/: trade by partner and year, as a chart and a table, with China's and the partners'
own figures side by side."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import caching, trade_series
from ..exports import BYTE_ORDER_MARK, csv_download, csv_pieces
from ..models import TradeFlow, TradeStatistic, country_order
from .base import export_refusal

REPORTERS = [("CN", _("China")), ("partners", _("Each partner"))]
FLOWS = [
    (flow.value, flow.label) for flow in (TradeFlow.TOTAL, TradeFlow.EXPORTS, TradeFlow.IMPORTS)
]
DEFAULT_CHOICE = {"flow": TradeFlow.TOTAL.value, "reporter": "CN"}


class TradeViewForm(forms.Form):
    flow = forms.ChoiceField(choices=FLOWS, required=False, label=_("Flow (China's side)"))
    reporter = forms.ChoiceField(choices=REPORTERS, required=False, label=_("Reported by"))

    def clean_flow(self):
        return self.cleaned_data["flow"] or TradeFlow.TOTAL

    def clean_reporter(self):
        return self.cleaned_data["reporter"] or "CN"


CSV_HEADER = (
    "reporter",
    "partner",
    "flow",
    "year",
    "value_usd",
    "value_qualifier",
    "basis",
    "original_value",
    "original_currency",
    "change_pct",
    "reporting_agency",
    "source_title",
    "source_publisher",
    "source_url",
    "confidence",
    "note",
)


def figure_row(figure):
    return (
        figure.reporter.iso2,
        figure.partner.iso2,
        figure.flow,
        figure.year,
        figure.value_usd,
        figure.value_qualifier,
        figure.basis,
        "" if figure.original_value is None else figure.original_value,
        figure.original_currency,
        "" if figure.change_pct is None else figure.change_pct,
        figure.reporting_agency.slug if figure.reporting_agency else "",
        figure.source.title,
        figure.source.publisher,
        figure.source.url,
        figure.confidence,
        figure.note,
    )


def both_series(flow):
    """What China and each partner report, kept under the content version: reading and shaping
    every annual figure costs more than the rest of the page."""
    partners = trade_series.central_asia_partners()
    return (
        dict(trade_series.china_reported_series(flow, partners)),
        dict(trade_series.partner_reported_series(flow, partners)),
    )


class TradeView(TemplateView):
    template_name = "cooperation/trade.html"

    def get(self, request, *args, **kwargs):
        form = TradeViewForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            context = self.get_context_data(form=form, errors=form.errors)
            return self.render_to_response(context, status=400)
        choice = form.cleaned_data if form.is_bound else DEFAULT_CHOICE
        ours, theirs = caching.remember(
            "trade-series", (choice["flow"],), lambda: both_series(choice["flow"]), request
        )
        shown = ours if choice["reporter"] == "CN" else theirs
        if request.GET.get("format") == "csv":
            refused = export_refusal(request)
            if refused:
                return refused
            figures = sorted(
                (figure for by_year in shown.values() for figure in by_year.values()),
                key=lambda f: (f.partner.iso2, f.reporter.iso2, f.year),
            )
            return csv_download(
                csv_pieces(map(figure_row, figures), CSV_HEADER, BYTE_ORDER_MARK), "trade.csv"
            )
        years = trade_series.year_range(shown.values())
        context = self.get_context_data(
            form=form if form.is_bound else TradeViewForm(initial=DEFAULT_CHOICE),
            choice=choice,
            flow_label=TradeFlow(choice["flow"]).label,
            chart=trade_series.chart_data(trade_series.named(shown), years),
            years=years,
            table=[
                (partner, [by_year.get(year) for year in years])
                for partner, by_year in sorted(
                    shown.items(), key=lambda item: country_order(item[0])
                )
            ],
            mirror=trade_series.mirror_rows(ours, theirs),
            figure_count=caching.count(TradeStatistic.objects.published(), self.request),
        )
        return self.render_to_response(context)
