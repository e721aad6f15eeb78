"""An editor's changelist of 100 rows costs the same number of queries as one of 10."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.models import (
    Article,
    Country,
    Organization,
    Project,
    Sector,
    Source,
    Summit,
    TradeStatistic,
)

from . import factories

pytestmark = pytest.mark.django_db


def add_projects(count, start):
    factories.projects(
        start,
        count,
        sector=Sector.objects.first(),
        countries=list(Country.objects.all()[:2]),
        sources=[Source.objects.first()],
        title="Bulk project {n}",
        summary="s",
        publication_status="draft",
    )


def add_summits(count, start):
    factories.summits(
        start,
        count,
        first_day=datetime.date(2000, 1, 1),
        daily=True,
        title="Bulk meeting {n}",
        summary="s",
        host_country=Country.objects.get(iso2="KZ"),
        publication_status="draft",
    )


def add_trade(count, start):
    reporter, partner = Country.objects.get(iso2="RU"), Country.objects.get(iso2="IN")
    source = Source.objects.first()
    for n in range(start, start + count):
        TradeStatistic.objects.create(
            reporter=reporter,
            partner=partner,
            flow="total",
            period="month",
            year=1991 + n // 12,
            month=n % 12 + 1,
            value_usd=n,
            source=source,
        )


def add_articles(count, start):
    factories.articles(
        start, count, title="Bulk article {n}", standfirst="s", publication_status="draft"
    )


def add_sources(count, start):
    factories.sources(start, count, publisher="Bulk", url="https://b.example/{n}")


def add_organizations(count, start):
    factories.organizations(start, count, country=Country.objects.first())


CASES = [
    (Project, add_projects, {"q": "Bulk project"}),
    (Summit, add_summits, {"q": "Bulk meeting"}),
    (TradeStatistic, add_trade, {"reporter__id__exact": "RU"}),
    (Article, add_articles, {"q": "Bulk article"}),
    (Source, add_sources, {"q": "Bulk"}),
    (Organization, add_organizations, {"q": "Bulk"}),
]


def queries_for_changelist(client, model, params):
    url = reverse(f"admin:cooperation_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response.context["cl"].result_count


@pytest.mark.parametrize(
    ("model", "add", "params"), CASES, ids=lambda c: getattr(c, "__name__", "")
)
def test_a_changelist_of_100_rows_costs_what_one_of_10_does(admin_client, model, add, params):
    if "reporter__id__exact" in params:
        params = {"reporter__id__exact": Country.objects.get(iso2="RU").pk}
    add(10, 0)
    small, small_count = queries_for_changelist(admin_client, model, params)
    add(90, 10)
    large, large_count = queries_for_changelist(admin_client, model, params)
    assert (small_count, large_count) == (10, 100)
    assert small == large, f"{small} queries for 10 rows, {large} for 100"
