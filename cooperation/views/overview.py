"""/ : the overview: headline figures with their year and source, the trade chart, and the
latest projects, summits and articles."""

import datetime

from django.db.models import Count
from django.views.generic import TemplateView

from .. import caching, trade_series
from ..models import Article, Project, ProjectStatus, Summit, TradeFlow, country_order
from .base import KeptContentMixin


def headline_trade():
    """China's reported total trade with Central Asia in the latest year it has, with the
    change on the year as reported, or computed from the year before when not reported."""
    ids = trade_series.country_ids("CN", "XC")
    figures = (
        trade_series.annual()
        .filter(reporter=ids.get("CN"), partner=ids.get("XC"), flow=TradeFlow.TOTAL)
        .order_by("-year")[:2]
    )
    figures = list(figures)
    if not figures:
        return None
    latest = figures[0]
    previous = figures[1] if len(figures) > 1 and figures[1].year == latest.year - 1 else None
    computed_change = None
    if latest.change_pct is None and previous and previous.value_usd:
        computed_change = (latest.value_usd / previous.value_usd - 1) * 100
    return {"figure": latest, "previous": previous, "computed_change": computed_change}


def overview_figures():
    """The published projects by status, the headline trade figure and China's series."""
    counts = dict(
        Project.objects.published()
        .order_by()
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    series = trade_series.china_reported_series(partners=trade_series.central_asia_partners()[:5])
    return counts, headline_trade(), series


class OverviewView(KeptContentMixin, TemplateView):
    template_name = "cooperation/overview.html"
    content_template_name = "cooperation/content/overview.html"

    def get_content_data(self, context):
        today = datetime.date.today()
        summits = Summit.objects.published().select_related("host_country", "series")
        # Counted and read once per change to the content: at a million figures and twenty
        # thousand projects they cost more than the rest of the page.
        counts, headline, series = caching.remember("overview", (), overview_figures, self.request)
        context.update(
            headline=headline,
            projects_by_status=[
                (status, counts.get(status.value, 0)) for status in ProjectStatus if status
            ],
            project_total=sum(counts.values()),
            latest_summit=summits.filter(start_date__lte=today).order_by("-start_date").first(),
            next_summit=summits.filter(start_date__gt=today).order_by("start_date").first(),
            trade_chart=trade_series.chart_data(trade_series.named(series)),
            chart_sources=trade_series.chart_sources(trade_series.named(series)),
            footnotes=trade_series.footnotes(
                figure for by_year in series.values() for figure in by_year.values()
            ),
            trade_series=sorted(series.items(), key=lambda item: country_order(item[0])),
            latest_projects=Project.objects.published()
            .for_cards()
            .order_by("-published_at", "-start_date")[:6],
            latest_summits=summits.order_by("-start_date")[:5],
            latest_articles=Article.objects.published().order_by("-published_on")[:4],
        )
        context["chart_years"] = context["trade_chart"]["labels"]
        return context
