"""Every filter and every ordering a user can reach, on every API list and list page: the number of
queries is the same at 4 records as at 20, and on PostgreSQL no query reads a large table from end
to end (each is answered through an index).

The tables below must name every filter of each FilterSet; adding a filter without a case here
fails `test_the_cases_cover_every_filter_and_ordering`.
"""

import datetime
import itertools
import json
import re
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cooperation import filters
from cooperation.models import (
    Commitment,
    Country,
    Organization,
    Project,
    ProjectPartner,
    Sector,
    Source,
    Summit,
    SummitSeries,
    TradeStatistic,
)

from . import factories

pytestmark = pytest.mark.django_db

SMALL, LARGE = 4, 20
SINCE = "2000-01-01T00:00:00Z"
# Tables that grow to tens of thousands or millions of rows, and the join tables beside them.
LARGE_TABLES = re.compile(r"cooperation_(tradestatistic|project|summit|article|commitment)(_\w+)?")
# `icontains` on PostgreSQL: UPPER("table"."column"::text) LIKE UPPER(...), or U0."column" inside
# a subquery.
TEXT_MATCH = re.compile(r'UPPER\((?:"(\w+)"|(U\d+))\."(\w+)"(?:::text)?\) LIKE')


@dataclass
class Lists:
    """One kind of record: its API list, its public list page (if any) and a value for each
    filter that matches the records `grow` adds."""

    api: str
    filterset: type
    grow: object
    params: dict
    page: str | None = None
    extra_cases: list = field(default_factory=list)


@pytest.fixture
def bulk(db):
    """The records the grown rows point to."""
    kazakhstan, china = Country.objects.get(iso2="KZ"), Country.objects.get(iso2="CN")
    source = Source.objects.create(title="Bulk", publisher="Bulk wire", url="https://bulk.test/")
    sector = Sector.objects.create(name="Bulk sector", slug="bulk-sector")
    partner = Organization.objects.create(name="Bulk partner", slug="bulk-partner", kind="company")
    series = SummitSeries.objects.create(name="Bulk series", slug="bulk-series")
    summit = Summit.objects.create(
        title="Bulk anchor summit",
        slug="bulk-anchor-summit",
        kind="summit",
        summary="Anchor",
        start_date=datetime.date(1999, 6, 1),
        end_date=datetime.date(1999, 6, 2),
        publication_status="published",
        host_country=kazakhstan,
    )
    project = Project.objects.create(
        title="Bulk anchor project",
        slug="bulk-anchor-project",
        summary="Anchor",
        sector=sector,
        status="planned",
        publication_status="published",
    )
    return {
        "countries": [kazakhstan, china],
        "source": source,
        "sector": sector,
        "partner": partner,
        "series": series,
        "summit": summit,
        "project": project,
    }


def grow_projects(bulk, start, count):
    made = factories.projects(
        start,
        count,
        slug="bulk-project-{n}",
        title="Bulk project {n}",
        sector=bulk["sector"],
        countries=bulk["countries"],
        sources=[bulk["source"]],
        summits=[bulk["summit"]],
        partner=bulk["partner"],
        start_date=lambda n: datetime.date(2015, 1, 1) + datetime.timedelta(days=n),
        latitude=41,
        longitude=69,
    )
    for n, project in enumerate(made, start):
        add_finance(bulk, 700000 + n, project=project)


def add_finance(bulk, aiddata_id, project=None):
    factories.finance_records(
        0,
        1,
        aiddata_id=aiddata_id,
        recipient=bulk["countries"][0],
        sector=bulk["sector"],
        project=project or bulk["project"],
        financiers=[bulk["partner"]],
        sources=[bulk["source"]],
        amount_usd_constant_2021=aiddata_id,
    )


def grow_finance(bulk, start, count):
    for n in range(start, start + count):
        add_finance(bulk, 600000 + n)


def grow_summits(bulk, start, count):
    factories.summits(
        start,
        count,
        daily=True,
        slug="bulk-summit-{n}",
        title="Bulk summit {n}",
        series=bulk["series"],
        host_country=bulk["countries"][0],
        countries=bulk["countries"],
        sources=[bulk["source"]],
        outcome=True,
    )


def grow_trade(bulk, start, count):
    russia, kazakhstan = Country.objects.get(iso2="RU"), Country.objects.get(iso2="KZ")
    TradeStatistic.objects.bulk_create(
        TradeStatistic(
            reporter=russia,
            partner=kazakhstan,
            flow="total",
            period="month",
            year=1995 + n // 12,
            month=n % 12 + 1,
            value_usd=1000 + n,
            source=bulk["source"],
            publication_status="published",
        )
        for n in range(start, start + count)
    )


def grow_articles(bulk, start, count):
    factories.articles(
        start,
        count,
        slug="bulk-article-{n}",
        title="Bulk article {n}",
        published_on=lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        countries=bulk["countries"],
        sources=[bulk["source"]],
        projects=[bulk["project"]],
        summits=[bulk["summit"]],
    )


def grow_commitments(bulk, start, count):
    for n in range(start, start + count):
        commitment = Commitment.objects.create(
            title=f"Bulk commitment {n}",
            slug=f"bulk-commitment-{n}",
            made_by="Bulk",
            made_at=bulk["summit"],
            sector=bulk["sector"],
            deadline=datetime.date(2030, 1, 1) + datetime.timedelta(days=n),
            status="in_progress",
            publication_status="published",
        )
        commitment.parties.set(bulk["countries"])
        commitment.sources.add(bulk["source"])
        commitment.projects.add(bulk["project"])


def grow_sources(bulk, start, count):
    """Sources the published anchor project cites, so that they are public."""
    created = factories.sources(start, count, url="https://bulk.test/{n}", language="en")
    bulk["project"].sources.add(*created)


def grow_organizations(bulk, start, count):
    """Lenders to the published anchor project, so that they are public."""
    created = factories.organizations(
        start,
        count,
        name="Bulk organization {n}",
        slug="bulk-organization-{n}",
        kind="lender",
        country=bulk["countries"][0],
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=bulk["project"], organization=organization, role="lender")
        for organization in created
    )


# User-assigned ISO codes, which no real country uses.
SPARE_CODES = [f"X{letter}" for letter in "ABDEFGHIJKLMNOPQRSTUVWXYZ"]


def grow_countries(bulk, start, count):
    Country.objects.bulk_create(
        Country(
            iso2=code,
            iso3=f"{code}X",
            name=f"Bulkland {code}",
            slug=f"bulkland-{code.lower()}",
            role="transit",
            capital="Bulk city",
        )
        for code in SPARE_CODES[start : start + count]
    )


def grow_sectors(bulk, start, count):
    Sector.objects.bulk_create(
        Sector(name=f"Bulk sector {n}", slug=f"bulk-sector-{n}", description="Bulk")
        for n in range(start, start + count)
    )


LISTS = {
    "projects": Lists(
        api="/api/v1/projects/",
        page="/en/projects/",
        filterset=filters.ProjectFilter,
        grow=grow_projects,
        params={
            "search": "Bulk",
            "country": "KZ",
            "sector": "bulk-sector",
            "status": "planned",
            "partner": "bulk-partner",
            "start_year_min": "2010",
            "start_year_max": "2020",
            "financier": "bulk-partner",
            "instrument": "loan",
            "updated_since": SINCE,
        },
        extra_cases=[{"sector": "bulk-sector", "format": "geojson"}],
    ),
    "finance": Lists(
        api="/api/v1/finance/",
        page="/en/finance/",
        filterset=filters.FinanceRecordFilter,
        grow=grow_finance,
        params={
            "search": "Bulk",
            "country": "KZ",
            "financier": "bulk-partner",
            "instrument": "loan",
            "sector": "bulk-sector",
            "status": "completion",
            "year_min": "1999",
            "year_max": "1999",
            "project": "bulk-anchor-project",
            "updated_since": SINCE,
        },
        extra_cases=[{"sector": "bulk-sector", "format": "geojson"}],
    ),
    "summits": Lists(
        api="/api/v1/summits/",
        page="/en/summits/",
        filterset=filters.SummitFilter,
        grow=grow_summits,
        params={
            "search": "Bulk",
            "year": "1999",
            "kind": "forum",
            "country": "KZ",
            "host_country": "KZ",
            "series": "bulk-series",
            "updated_since": SINCE,
        },
    ),
    "trade-statistics": Lists(
        api="/api/v1/trade-statistics/",
        filterset=filters.TradeStatisticFilter,
        grow=grow_trade,
        params={
            "reporter": "RU",
            "partner": "KZ",
            "flow": "total",
            "period": "month",
            "year": "1995",
            "year_min": "1995",
            "year_max": "1999",
            "updated_since": SINCE,
        },
    ),
    "articles": Lists(
        api="/api/v1/articles/",
        page="/en/articles/",
        filterset=filters.ArticleFilter,
        grow=grow_articles,
        params={
            "search": "Bulk",
            "kind": "news",
            "country": "KZ",
            "project": "bulk-anchor-project",
            "summit": "bulk-anchor-summit",
            "updated_since": SINCE,
        },
    ),
    "commitments": Lists(
        api="/api/v1/commitments/",
        page="/en/commitments/",
        filterset=filters.CommitmentFilter,
        grow=grow_commitments,
        params={
            "search": "Bulk",
            "party": "KZ",
            "sector": "bulk-sector",
            "status": "in_progress",
            "made_at": "bulk-anchor-summit",
            "deadline_after": "2029-01-01",
            "deadline_before": "2031-01-01",
            "updated_since": SINCE,
        },
    ),
    "sources": Lists(
        api="/api/v1/sources/",
        filterset=filters.SourceFilter,
        grow=grow_sources,
        params={"publisher": "Bulk", "language": "en", "search": "Bulk", "updated_since": SINCE},
    ),
    "organizations": Lists(
        api="/api/v1/organizations/",
        filterset=filters.OrganizationFilter,
        grow=grow_organizations,
        params={"kind": "lender", "country": "KZ", "search": "Bulk", "updated_since": SINCE},
    ),
    "countries": Lists(
        api="/api/v1/countries/",
        filterset=filters.CountryFilter,
        grow=grow_countries,
        params={"role": "transit", "search": "Bulk", "updated_since": SINCE},
    ),
    "sectors": Lists(
        api="/api/v1/sectors/",
        filterset=filters.SectorFilter,
        grow=grow_sectors,
        params={"search": "Bulk", "updated_since": SINCE},
    ),
}


def orderings(filterset):
    names = list(filterset.base_filters["ordering"].param_map)
    return [*names, *(f"-{name}" for name in names)]


def cases(lists):
    """Each filter alone, all of them together, and every ordering over all of them."""
    everything = dict(lists.params)
    yield {}
    for name, value in lists.params.items():
        yield {name: value}
    yield everything
    for ordering in orderings(lists.filterset):
        yield {**everything, "ordering": ordering}
        yield {"ordering": ordering}
    yield {**everything, "format": "csv"}
    yield from lists.extra_cases


def run(client, url, params):
    """(number of queries, rows matched, the SELECTs run) for one request."""
    cache.clear()  # the throttles count in the cache, and this test asks many times
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (url, params, body[:500])
    if params.get("format") in ("csv", "geojson"):
        rows = None
    elif response.get("Content-Type", "").startswith("application/json"):
        rows = response.json()["count"]
    else:
        rows = response.context["paginator"].count
    selects = [query["sql"] for query in captured if query["sql"].startswith("SELECT")]
    return len(captured), rows, selects


def plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def sequential_scans(cursor, sql):
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return {
        node["Relation Name"]
        for node in plan_nodes(plan[0]["Plan"])
        if node["Node Type"] == "Seq Scan" and LARGE_TABLES.fullmatch(node["Relation Name"])
    }


def unindexed_text_matches(sql):
    """Substring matches on a large table's column other than its search document, which
    alone has a trigram index: only a full read can answer them."""
    return {
        f"{table or alias}.{column}"
        for table, alias, column in TEXT_MATCH.findall(sql)
        if column != "search_document" and (alias or LARGE_TABLES.fullmatch(table))
    }


def full_scans(selects):
    """The large tables that some query reads from end to end. The test tables are small, so
    sequential scans are priced out: a plan that still has one has no index to use."""
    found = set()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in selects:
            found |= sequential_scans(cursor, sql) | unindexed_text_matches(sql)
    return found


def surfaces(lists):
    yield "api", lists.api
    if lists.page:
        yield "page", lists.page


# Each kind's case runs every filter and ordering on both surfaces at two sizes: a hundred or more
# requests, 4 to 13 s per kind. The lighter query-count tests stay in `make check`.
@pytest.mark.slow
@pytest.mark.parametrize("kind", LISTS)
def test_every_filter_and_ordering_costs_the_same_at_4_and_20_records(bulk, client, kind):
    lists = LISTS[kind]
    api = APIClient()
    requests = [
        (surface, url, params)
        for (surface, url), params in itertools.product(surfaces(lists), cases(lists))
    ]
    lists.grow(bulk, 0, SMALL)
    small = {}
    for surface, url, params in requests:
        count, rows, _selects = run(api if surface == "api" else client, url, params)
        if rows is not None and ("ordering" not in params or len(params) > 1):
            assert rows >= SMALL, f"{url} {params} matched {rows} records, expected the grown ones"
        small[url, repr(params)] = count
    lists.grow(bulk, SMALL, LARGE - SMALL)
    differences, scans = [], set()
    for surface, url, params in requests:
        count, _rows, selects = run(api if surface == "api" else client, url, params)
        before = small[url, repr(params)]
        # Unfiltered, a page mixes seed records of other shapes (fewer relations to prefetch),
        # so only growth counts; filtered, every row has the same shape.
        filtered = set(params) - {"ordering", "format"}
        if count > before or (filtered and count != before):
            differences.append(f"{url} {params}: {before} → {count} queries")
        if connection.vendor == "postgresql":
            scans |= {(table, url, repr(params)) for table in full_scans(selects)}
    assert not differences, "\n".join(differences)
    assert not scans, "\n".join(
        f"{url} {params}: a full scan of {table}" for table, url, params in sorted(scans)
    )


def test_the_cases_cover_every_filter_and_ordering():
    for kind, lists in LISTS.items():
        declared = set(lists.filterset.base_filters) - {"ordering"}
        assert set(lists.params) == declared, f"{kind}: cases for {declared ^ set(lists.params)}"
        assert orderings(lists.filterset), kind
