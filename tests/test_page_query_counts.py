"""Every public page runs the same number of queries with 5 records as with 50."""

import datetime

import pytest

from cooperation.models import (
    Country,
    Organization,
    Outcome,
    Project,
    ProjectMilestone,
    ProjectPartner,
    Sector,
    Source,
    Summit,
    TradeStatistic,
)

from . import factories
from .query_counts import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    sector = Sector.objects.create(name="Bulk sector", slug="bulk")
    source = Source.objects.first()
    countries = list(Country.objects.filter(iso2__in=["KZ", "UZ", "CN"]))
    organization = Organization.objects.first()
    summit = Summit.objects.published().first()
    return {
        "sector": sector,
        "source": source,
        "countries": countries,
        "organization": organization,
        "summit": summit,
    }


def add_projects(world, start, count):
    factories.projects(
        start,
        count,
        sector=world["sector"],
        countries=world["countries"],
        sources=[world["source"]],
        summits=[world["summit"]],
        partner=world["organization"],
        status="operational",
        latitude=40,
        longitude=70,
        start_date=datetime.date(2015, 1, 1),
    )


def add_summits(world, start, count):
    factories.summits(
        start,
        count,
        daily=True,
        countries=world["countries"],
        sources=[world["source"]],
        title="Bulk meeting {n}",
        host_country=world["countries"][0],
    )


def add_articles(world, start, count):
    factories.articles(
        start,
        count,
        countries=world["countries"],
        sources=[world["source"]],
        title="Bulk article {n}",
    )


LISTS = [
    ("/en/projects/", {"sector": "bulk"}, add_projects),
    ("/en/projects/", {"sector": "bulk", "ordering": "-start"}, add_projects),
    (
        "/en/projects/",
        {"sector": "bulk", "country": "KZ,UZ", "status": "operational"},
        add_projects,
    ),
    ("/en/projects/", {"sector": "bulk", "format": "csv"}, add_projects),
    ("/en/summits/", {"search": "Bulk meeting"}, add_summits),
    ("/en/summits/", {"search": "Bulk meeting", "format": "csv"}, add_summits),
    ("/en/articles/", {"search": "Bulk article"}, add_articles),
    ("/en/search/", {"q": "Bulk"}, add_projects),
    ("/en/", {}, add_projects),
    ("/en/countries/kazakhstan/", {}, add_projects),
    ("/en/countries/", {}, add_projects),
    ("/sitemap.xml", {}, add_projects),
    ("/en/feeds/projects/", {}, add_projects),
]


@pytest.mark.parametrize(
    ("url", "params", "add"), LISTS, ids=[f"{u}{'?' + str(p) if p else ''}" for u, p, _a in LISTS]
)
def test_a_list_page_costs_the_same_at_5_and_50_records(client, world, url, params, add):
    add(world, 0, 5)
    small = count_queries(client, url, params)
    add(world, 5, 45)
    large = count_queries(client, url, params)
    assert small == large, f"{small} queries with 5 records, {large} with 50"


def test_a_project_page_costs_the_same_with_5_and_50_partners_milestones_and_links(client, world):
    add_projects(world, 0, 1)
    project = Project.objects.get(slug="bulk-0")
    organizations = list(Organization.objects.all()[:50])

    def grow(start, count):
        for n in range(start, start + count):
            ProjectPartner.objects.create(
                project=project,
                organization=organizations[n % len(organizations)],
                role="lender" if n < len(organizations) else "owner",
            )
            ProjectMilestone.objects.create(
                project=project,
                kind="expanded",
                date=datetime.date(2016, 1, 1) + datetime.timedelta(days=n),
                source=world["source"],
            )
            project.sources.add(Source.objects.all()[n])

    grow(0, 5)
    small = count_queries(client, project.get_absolute_url())
    grow(5, 45)
    large = count_queries(client, project.get_absolute_url())
    assert small == large


def test_a_summit_page_costs_the_same_with_5_and_50_outcomes(client, world):
    summit = world["summit"]

    def grow(start, count):
        for n in range(start, start + count):
            outcome = Outcome.objects.create(
                summit=summit, title=f"Document {n}", slug=f"document-{n}", kind="agreement"
            )
            outcome.parties.set(world["countries"])

    grow(0, 5)
    small = count_queries(client, summit.get_absolute_url())
    grow(5, 45)
    large = count_queries(client, summit.get_absolute_url())
    assert small == large


def test_the_trade_page_costs_the_same_with_more_figures(client, world):
    kz = Country.objects.get(iso2="KZ")
    china = Country.objects.get(iso2="CN")

    def grow(start, count):
        for year in range(1991 + start, 1991 + start + count):
            for reporter, partner in ((china, kz), (kz, china)):
                TradeStatistic.objects.get_or_create(
                    reporter=reporter,
                    partner=partner,
                    flow="total",
                    period="annual",
                    year=year,
                    defaults={
                        "value_usd": 1000,
                        "source": world["source"],
                        "publication_status": "published",
                    },
                )

    grow(0, 5)
    small = count_queries(client, "/en/trade/")
    grow(5, 15)
    large = count_queries(client, "/en/trade/")
    assert small == large
