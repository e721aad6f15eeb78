"""/trade/: trade by partner and year, as a chart and a table, with China's and the partners'
own figures side by side."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from .. import caching, trade_series
from ..exports import BYTE_ORDER_MARK, csv_download, csv_pieces
from ..models import TradeFlow, TradeStatistic, country_order
from .base import export_refusal
from .changes import public_changes

REPORTERS = [("CN", _("China")), ("partners", _("Each partner"))]
FLOWS = [
    (flow.value, flow.label) for flow in (TradeFlow.TOTAL, TradeFlow.EXPORTS, TradeFlow.IMPORTS)
]
VIEWS = [("states", _("Each state")), ("region", _("Central Asia in total"))]
DEFAULT_CHOICE = {"flow": TradeFlow.TOTAL.value, "reporter": "CN", "view": "states"}


class TradeViewForm(forms.Form):
    flow = forms.ChoiceField(choices=FLOWS, required=False, label=_("Flow (China's side)"))
    reporter = forms.ChoiceField(choices=REPORTERS, required=False, label=_("Reported by"))
    view = forms.ChoiceField(choices=VIEWS, required=False, label=_("Partners"))

    def clean_flow(self):
        return self.cleaned_data["flow"] or TradeFlow.TOTAL.value  # a plain str, as when given

    def clean_reporter(self):
        return self.cleaned_data["reporter"] or "CN"

    def clean_view(self):
        return self.cleaned_data["view"] or "states"


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
    """What China and each partner report, and which countries each regional total adds up,
    kept under the content version: reading and shaping every annual figure costs more than
    the rest of the page."""
    partners = trade_series.central_asia_partners()
    return (
        dict(trade_series.china_reported_series(flow, partners)),
        dict(trade_series.partner_reported_series(flow, partners)),
        dict(trade_series.region_members()),
    )


class TradeView(TemplateView):
    template_name = "cooperation/trade.html"

    def get(self, request, *args, **kwargs):
        form = TradeViewForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            context = self.get_context_data(form=form, errors=form.errors)
            return self.render_to_response(context, status=400)
        choice = form.cleaned_data if form.is_bound else DEFAULT_CHOICE
        ours, theirs, members = caching.remember(
            "trade-series-regions", (choice["flow"],), lambda: both_series(choice["flow"]), request
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
        states, regions = trade_series.split_regions(shown, members)
        checks = trade_series.region_checks(shown, members)
        if choice["view"] == "region":
            drawn = regions
            sum_lines = [
                (
                    gettext("Sum of the members of %(region)s") % {"region": check["region"].name},
                    check["sums"],
                    True,
                )
                for check in checks
                if check["sums"]
            ]
        else:
            drawn, sum_lines = states, []
        lines = trade_series.named(drawn)
        years = trade_series.year_range(drawn.values())
        context = self.get_context_data(
            form=form if form.is_bound else TradeViewForm(initial=DEFAULT_CHOICE),
            choice=choice,
            flow_label=TradeFlow(choice["flow"]).label,
            chart=trade_series.chart_data(lines + sum_lines, years),
            chart_sources=trade_series.chart_sources(lines),
            years=years,
            table=[
                (partner, [by_year.get(year) for year in years])
                for partner, by_year in sorted(
                    drawn.items(), key=lambda item: country_order(item[0])
                )
            ],
            sum_rows=[
                (check["region"], [check["sums"].get(year) for year in years])
                for check in checks
                if check["sums"]
            ]
            if choice["view"] == "region"
            else [],
            regions=list(regions) if choice["view"] != "region" else [],
            conflicts=[
                {**conflict, "region": check["region"]}
                for check in checks
                for conflict in check["conflicts"]
            ],
            mirror=trade_series.mirror_rows(ours, theirs),
            footnotes=trade_series.footnotes(
                figure
                for series in (shown, ours, theirs)
                for by_year in series.values()
                for figure in by_year.values()
            ),
            figure_count=caching.count(TradeStatistic.objects.published(), self.request),
        )
        return self.render_to_response(context)


class TradeFigureView(DetailView):
    """/trade/figures/<id>/: one published figure, citable on its own: value, reporter,
    period, source, the same series in other years, and what changed since publication."""

    template_name = "cooperation/trade_figure.html"
    context_object_name = "figure"

    def get_queryset(self):
        return TradeStatistic.objects.published().select_related(
            "reporter", "partner", "source", "reporting_agency"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figure = self.object
        context["series"] = list(
            TradeStatistic.objects.published()
            .filter(
                reporter=figure.reporter_id,
                partner=figure.partner_id,
                flow=figure.flow,
                period=figure.period,
            )
            .select_related("source")
            .order_by("-year", "-month")
        )
        context["entries"] = public_changes(figure)
        context["other_sources"] = figure.other_sources.all()
        return context
