"""Pages past the middle are read from the other end of the list: they must hold exactly the
rows that reading forwards would give, ties included, on the API and on the pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cooperation.models import Country, Project, Source, TradeStatistic

pytestmark = pytest.mark.django_db


@pytest.fixture
def tied_projects(make_projects):
    """45 projects sharing one start date and title, so only the key orders them."""
    make_projects(45, slug="tied-{n:02d}", title="Tied", start_date=datetime.date(2001, 1, 1))


def walk(fetch, pages):
    return [row for number in range(1, pages + 1) for row in fetch(number)]


def test_api_pages_from_both_ends_hold_every_row_once(tied_projects):
    api = APIClient()

    def fetch(number):
        response = api.get("/api/v1/projects/", {"search": "Tied", "page_size": 7, "page": number})
        assert response.status_code == 200
        return [row["slug"] for row in response.json()["results"]]

    slugs = walk(fetch, 7)  # 45 rows: six pages of 7 and one of 3
    assert len(slugs) == 45 == len(set(slugs))
    assert slugs == sorted(slugs)  # -start_date, slug: the slug decides among ties


@pytest.mark.parametrize("ordering", ["title", "-title", "start", "-start", "status"])
def test_list_page_orderings_with_ties_page_the_same_from_either_end(
    client, tied_projects, ordering
):
    def fetch(number):
        response = client.get(
            "/en/projects/", {"search": "Tied", "ordering": ordering, "page": number}
        )
        assert response.status_code == 200
        return [project.pk for project in response.context["object_list"]]

    keys = walk(fetch, 3)  # 20, 20 and 5; the third is read from the end
    assert len(keys) == 45 == len(set(keys))
    everything = set(Project.objects.filter(title="Tied").values_list("pk", flat=True))
    assert set(keys) == everything
    if ordering in ("title", "start", "status"):
        assert keys == sorted(keys)  # ties broken by key, ascending


@pytest.fixture
def russian_figures(db):
    """90 monthly figures, Russia to Kazakhstan: pages of 20 end with one of 10."""
    russia, kazakhstan = Country.objects.get(iso2="RU"), Country.objects.get(iso2="KZ")
    TradeStatistic.objects.bulk_create(
        TradeStatistic(
            reporter=russia,
            partner=kazakhstan,
            flow="total",
            period="month",
            year=1995 + n // 12,
            month=n % 12 + 1,
            value_usd=1000,
            source=Source.objects.first(),
            publication_status="published",
        )
        for n in range(90)
    )


def test_the_last_page_is_the_tail_of_the_list_and_costs_what_the_first_does(russian_figures):
    api = APIClient()
    params = {"reporter": "RU", "partner": "KZ"}
    everything = [
        row["id"]
        for row in api.get("/api/v1/trade-statistics/", {**params, "page_size": 500}).json()[
            "results"
        ]
    ]
    assert len(everything) == 90

    def page(number):
        with CaptureQueriesContext(connection) as captured:
            response = api.get(
                "/api/v1/trade-statistics/", {**params, "page_size": 20, "page": number}
            )
        assert response.status_code == 200
        return len(captured), [row["id"] for row in response.json()["results"]]

    first_cost, first = page(1)
    last_cost, last = page(5)
    assert first == everything[:20]
    assert last == everything[80:]
    assert first_cost == last_cost
