"""/countries/ and /countries/<slug>/: a profile of each country."""

from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from .. import caching, trade_series, wording
from ..filters import filter_in
from ..finance_totals import summarize, with_labels
from ..models import (
    COUNTRY_ORDERING,
    Article,
    Commitment,
    Country,
    CountryRole,
    FinanceRecord,
    Project,
    Strategy,
    Summit,
)
from .projects import map_points

PROFILE_ROWS = 20
ROLE_ORDER = [CountryRole.CENTRAL_ASIA, CountryRole.CHINA, CountryRole.TRANSIT, CountryRole.REGION]


class CountryListView(ListView):
    template_name = "cooperation/country_list.html"

    def get_queryset(self):
        published_projects = Q(projects__publication_status="published")
        return (
            Country.objects.filter(role__in=ROLE_ORDER)
            .annotate(project_count=Count("projects", filter=published_projects, distinct=True))
            .prefetch_related(
                Prefetch("strategies", queryset=Strategy.objects.filter(is_current=True))
            )
            .order_by(*COUNTRY_ORDERING)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = list(context["object_list"])
        context["groups"] = [
            (role.label, [c for c in countries if c.role == role]) for role in ROLE_ORDER
        ]
        return context


class CountryDetailView(DetailView):
    model = Country
    template_name = "cooperation/country_detail.html"

    def get_queryset(self):
        return Country.objects.prefetch_related(
            Prefetch("strategies", queryset=Strategy.objects.prefetch_related("sources")),
            "members",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        projects = (
            Project.objects.published()
            .filter(countries=country)
            .select_related("sector")
            .prefetch_related("countries")
        )
        if country.role == CountryRole.REGION:
            members = [member.pk for member in country.members.all()]
            projects = (
                filter_in(Project.objects.published(), "countries", members)
                .select_related("sector")
                .prefetch_related("countries")
            )
        if country.iso2 == "CN":
            partners = trade_series.central_asia_partners()
            ours = trade_series.china_reported_series(partners=partners)
            theirs = trade_series.partner_reported_series(partners=partners)
        else:
            ours = trade_series.china_reported_series(partners=[country])
            theirs = trade_series.partner_reported_series(partners=[country])
        lines = trade_series.named(
            ours, wording.parenthesis(_("China-reported"))
        ) + trade_series.named(theirs, wording.parenthesis(_("own figures")), dashed=True)
        latest = None
        for by_year in ours.values():
            for figure in by_year.values():
                if latest is None or figure.year > latest.year:
                    latest = figure
        # A profile shows the latest of its records; the lists hold the rest.
        projects = projects.order_by("-start_date", "pk")
        summits = (
            Summit.objects.published()
            .filter(participants=country)
            .select_related("host_country")
            .order_by("-start_date", "pk")
        )
        codes = [member.iso2 for member in country.members.all()] or [country.iso2]
        context.update(self.finance_context(country, codes))
        project_filter = urlencode({"country": ",".join(codes)})
        context.update(
            projects=projects[:PROFILE_ROWS],
            project_count=caching.count(projects, self.request),
            all_projects_url=f"{reverse('project-list')}?{project_filter}",
            map_points=map_points(projects, self.request),
            map_geojson_url=f"{reverse('api:project-list')}?{project_filter}&format=geojson",
            summits=summits[:PROFILE_ROWS],
            summit_count=caching.count(summits, self.request),
            all_summits_url=f"{reverse('summit-list')}?{urlencode({'country': country.iso2})}",
            hosted_count=Summit.objects.published().filter(host_country=country).count(),
            articles=Article.objects.published().filter(countries=country)[:5],
            trade_chart=trade_series.chart_data(lines),
            chart_sources=trade_series.chart_sources(lines),
            mirror=trade_series.mirror_rows(ours, theirs),
            latest_trade=latest,
            current_strategy=country.current_strategy,
            commitments=list(
                Commitment.objects.published().filter(parties=country).order_by("deadline")
            ),
            commitments_heading=_("Commitments it is party to"),
            other_strategies=[s for s in country.strategies.all() if not s.is_current],
        )
        return context

    def finance_context(self, country, codes):
        """Committed finance received, by year (a chart and a table), sector and financier."""
        records = FinanceRecord.objects.published().filter(recipient__iso2__in=codes)
        by_year = summarize(records, "year")
        if not by_year:
            return {"finance_by_year": []}
        million = 10**6
        years = [row for row in by_year if row["key"] is not None]
        chart = {
            "labels": [int(row["key"]) for row in years],
            "datasets": [
                {
                    "label": _("Committed, constant 2021 USD (millions)"),
                    "dashed": False,
                    "data": [float(row["amount_usd_constant_2021"] / million) for row in years],
                }
            ],
        }
        return {
            "finance_by_year": by_year,
            "finance_chart": chart,
            "finance_by_sector": with_labels(summarize(records, "sector"), "sector"),
            "finance_by_financier": sorted(
                with_labels(summarize(records, "financier"), "financier"),
                key=lambda row: -row["amount_usd_constant_2021"],
            ),
            "finance_total": sum(row["amount_usd_constant_2021"] for row in by_year),
            "finance_records": sum(row["records"] for row in by_year),
            "finance_unknown": sum(row["records_without_amount"] for row in by_year),
            "finance_url": f"{reverse('finance-list')}?{urlencode({'country': ','.join(codes)})}",
        }
