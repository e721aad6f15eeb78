"""API lists cost the same number of queries at 5 and 50 rows; a CSV of 100,000 trade figures
streams in flat memory and returns every row."""

import csv
import datetime
import io
import itertools
import tracemalloc

import pytest
from django.db import connection

from cooperation.models import (
    Country,
    Organization,
    Project,
    Sector,
    Source,
    Summit,
    TradeStatistic,
)

from .. import factories
from ..query_counts import count_queries

pytestmark = pytest.mark.django_db


def grow_projects(start, count):
    factories.projects(
        start,
        count,
        sector=Sector.objects.get(slug="energy"),
        countries=list(Country.objects.filter(iso2__in=["KZ", "CN"])),
        sources=[Source.objects.first()],
        summits=[Summit.objects.published().first()],
        partner=Organization.objects.first(),
        latitude=41,
        longitude=69,
    )


def grow_summits(start, count):
    countries = list(Country.objects.filter(iso2__in=["KZ", "CN"]))
    factories.summits(
        start,
        count,
        countries=countries,
        sources=[Source.objects.first()],
        outcome=True,
        host_country=countries[0],
    )


BULK_REPORTERS = ["RU", "IN", "PK", "IR", "BY", "TR"]


def trade_slots():
    """Distinct (reporter, partner, flow, period, year, month) for synthetic monthly figures."""
    countries = list(Country.objects.order_by("iso2"))
    for reporter in [c for c in countries if c.iso2 in BULK_REPORTERS]:
        for partner in countries:
            if partner == reporter:
                continue
            for flow in ("total", "exports", "imports"):
                for period in ("month", "ytd"):
                    for year in range(1991, 2026):
                        for month in range(1, 13):
                            yield reporter, partner, flow, period, year, month


def grow_trade(start, count):
    """Synthetic published figures, written as bulk_create writes them, with one row's values
    prepared by the ORM and the varying columns set per row: building 100,000 model instances
    took three quarters of the CSV test's time."""
    slots = itertools.islice(trade_slots(), start, start + count)
    reporter, partner, flow, period, year, month = next(slots)
    template = TradeStatistic(
        reporter=reporter, partner=partner, flow=flow, period=period, year=year, month=month,
        value_usd=1000, source=Source.objects.first(), publication_status="published",
    )  # fmt: skip
    fields = [f for f in TradeStatistic._meta.concrete_fields if not f.primary_key]
    row = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields]
    varying = [
        next(i for i, f in enumerate(fields) if f.attname == name)
        for name in ("reporter_id", "partner_id", "flow", "period", "year", "month")
    ]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(TradeStatistic._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))})"
    )

    def rows():
        yield row
        for reporter, partner, *rest in slots:
            values = list(row)
            for index, value in zip(varying, [reporter.pk, partner.pk, *rest], strict=True):
                values[index] = value
            yield values

    written = rows()
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(written, 5000)):
            cursor.executemany(sql, batch)


def grow_articles(start, count):
    factories.articles(
        start,
        count,
        sources=[Source.objects.first()],
        projects=[Project.objects.published().first()],
    )


def grow_sources(start, count):
    """Sources a published project cites, so that they are public."""
    created = factories.sources(start, count)
    Project.objects.published().order_by("pk").first().sources.add(*created)


def grow_finance(start, count):
    factories.finance_records(
        start,
        count,
        recipient=Country.objects.get(iso2="KZ"),
        sector=Sector.objects.get(slug="energy"),
        project=Project.objects.published().first(),
        financiers=list(Organization.objects.filter(kind="lender")[:2]),
        sources=[Source.objects.first()],
    )


CASES = [
    ("/api/v1/finance/", {"year_max": 1999, "page_size": 100}, grow_finance),
    ("/api/v1/finance/", {"year_max": 1999, "format": "csv"}, grow_finance),
    ("/api/v1/finance/", {"year_max": 1999, "format": "geojson"}, grow_finance),
    ("/api/v1/finance/summary/", {"year_max": 1999, "group_by": "financier"}, grow_finance),
    ("/api/v1/projects/", {"sector": "energy", "page_size": 100}, grow_projects),
    ("/api/v1/projects/", {"sector": "energy", "format": "csv"}, grow_projects),
    ("/api/v1/projects/", {"sector": "energy", "format": "geojson"}, grow_projects),
    ("/api/v1/summits/", {"year": 1999}, grow_summits),
    ("/api/v1/summits/", {"year": 1999, "format": "csv"}, grow_summits),
    ("/api/v1/trade-statistics/", {"reporter": "RU", "page_size": 100}, grow_trade),
    ("/api/v1/trade-statistics/", {"reporter": "RU", "format": "csv"}, grow_trade),
    (
        "/api/v1/trade-statistics/summary/",
        {"reporter": "RU", "period": "month", "group_by": "partner"},
        grow_trade,
    ),
    ("/api/v1/articles/", {"search": "Bulk"}, grow_articles),
    ("/api/v1/sources/", {"publisher": "Bulk", "page_size": 100}, grow_sources),
    ("/api/v1/countries/", {}, grow_sources),
    ("/api/v1/organizations/", {}, grow_sources),
    ("/api/v1/sectors/", {}, grow_sources),
]


@pytest.mark.parametrize(("url", "params", "grow"), CASES, ids=[f"{u}{p}" for u, p, _g in CASES])
def test_an_api_list_costs_the_same_at_5_and_50_rows(api, url, params, grow):
    grow(0, 5)
    small = count_queries(api, url, params)
    grow(5, 45)
    large = count_queries(api, url, params)
    assert small == large, f"{small} queries at 5 rows, {large} at 50"


@pytest.mark.slow  # the point is volume: 100,000 rows written and streamed
def test_a_csv_of_100000_trade_figures_streams_in_flat_memory(api):
    grow_trade(0, 100_000)
    everyone = ",".join(BULK_REPORTERS)
    response = api.get("/api/v1/trade-statistics/", {"reporter": everyone, "format": "csv"})
    tracemalloc.start()
    rows = 0
    peak_at_10k = None
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        if peak_at_10k is None and rows >= 10_000:
            peak_at_10k = tracemalloc.get_traced_memory()[1]
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert rows == 100_001  # the header and every figure
    growth = peak - peak_at_10k
    print(
        f"CSV of 100,000 rows: peak traced memory {peak / 2**20:.1f} MiB, "
        f"growth after the first 10,000 rows {growth / 2**20:.2f} MiB"
    )
    assert growth < 5 * 2**20


def test_the_streamed_rows_parse_and_are_all_there(api):
    grow_trade(0, 2_000)
    response = api.get(
        "/api/v1/trade-statistics/", {"reporter": ",".join(BULK_REPORTERS), "format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2_000
    assert {row["reporter"] for row in rows} <= set(BULK_REPORTERS)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_writes_the_csv_byte_for_byte_as_python_would(api):
    from cooperation import exports

    grow_trade(0, 300)
    whole_second = TradeStatistic.objects.order_by("-pk").first()
    TradeStatistic.objects.filter(pk=whole_second.pk).update(
        updated_at=datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    )
    params = {"reporter": ",".join(BULK_REPORTERS), "ordering": "-value_usd", "format": "csv"}
    response = api.get("/api/v1/trade-statistics/", params)
    copied = b"".join(response.streaming_content)

    table = exports.TRADE_STATISTICS
    queryset = (
        table.queryset().filter(reporter__iso2__in=BULK_REPORTERS).order_by("-value_usd", "pk")
    )
    by_python = "".join(
        exports.csv_pieces(table.stream(queryset, "http://testserver"), table.header)
    )
    assert copied == by_python.encode()
    # A whole second is written as Python writes it, without a fraction.
    rows = list(csv.DictReader(io.StringIO(copied.decode())))
    assert {row["updated_at"] for row in rows if row["id"] == str(whole_second.pk)} == {
        "2026-01-02T03:04:05+00:00"
    }
    assert len(rows) == 300
