"""/trade/: trade by partner and year, as a chart and a table, with China's and the partners'
own figures side by side."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from .. import caching, trade_series
from ..exports import BYTE_ORDER_MARK, csv_download, csv_pieces
from ..models import TradeFlow, TradeStatistic, country_order
from .base import KeptContentMixin, export_refusal, labelled_errors
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


class TradeView(KeptContentMixin, TemplateView):
    template_name = "cooperation/trade.html"
    content_template_name = "cooperation/content/trade.html"

    def content_vary(self):
        """The choices as given (the form shows them, the page's links repeat them); a refused
        choice's page is not kept."""
        return self.given

    def get(self, request, *args, **kwargs):
        form = TradeViewForm(request.GET or None)
        self.given = None
        if form.is_bound and not form.is_valid():
            context = self.get_context_data(form=form, errors=labelled_errors(form, form.errors))
            return self.render_to_response(context, status=400)
        choice = form.cleaned_data if form.is_bound else DEFAULT_CHOICE
        if request.GET.get("format") == "csv":
            refused = export_refusal(request)
            if refused:
                return refused
            shown = self.series(choice)[0]
            figures = sorted(
                (figure for by_year in shown.values() for figure in by_year.values()),
                key=lambda f: (f.partner.iso2, f.reporter.iso2, f.year),
            )
            return csv_download(
                csv_pieces(map(figure_row, figures), CSV_HEADER, BYTE_ORDER_MARK), "trade.csv"
            )
        self.given = tuple(
            (name, tuple(request.GET.getlist(name))) for name in form.fields if name in request.GET
        )
        # With none of its choices given (no parameters, or only ones it does not know), the
        # form shows the defaults: the content is kept by the choices given alone.
        context = self.get_context_data(
            form=form if self.given else TradeViewForm(initial=DEFAULT_CHOICE), choice=choice
        )
        return self.render_to_response(context)

    def series(self, choice):
        """(the figures shown, China's, the partners', each region's members)."""
        ours, theirs, members = caching.remember(
            "trade-series-regions",
            (choice["flow"],),
            lambda: both_series(choice["flow"]),
            self.request,
        )
        return (ours if choice["reporter"] == "CN" else theirs), ours, theirs, members

    def choice_url(self, **changes):
        """The choices given, with some changed or (given None) removed, and no other
        parameter: the content is kept by the choices alone."""
        params = {name: list(values) for name, values in self.given}
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = [value]
        return "?" + urlencode([(name, v) for name, values in params.items() for v in values])

    def get_content_data(self, context):
        if "errors" in context:
            return context
        choice = context["choice"]
        shown, ours, theirs, members = self.series(choice)
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
        context.update(
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
            csv_url=self.choice_url(format="csv"),
            region_url=self.choice_url(view="region"),
            states_url=self.choice_url(view=None),
        )
        return context


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
