# ruff: noqa: E501 - one test case per line reads best in the filter table
"""The names in the design are the contract API users code against: each resource's fields,
lookups and filters."""

import datetime

import pytest
from django.utils import timezone

from cooperation.models import Country, Project, Summit, TradeStatistic

pytestmark = pytest.mark.django_db

CONTRACT = {
    "countries": (
        "kz",
        {"iso2", "iso3", "name", "slug", "role", "capital", "latitude", "longitude", "strategy"},
    ),
    "sectors": ("energy", {"slug", "name", "description"}),
    "organizations": (None, {"slug", "name", "kind", "country"}),
    "sources": (None, {"id", "title", "publisher", "url", "published_on", "accessed_on", "language"}),
    "projects": (
        "china-kazakhstan-lianyungang-logistics-base",
        {
            "slug", "title", "summary", "sector", "countries", "partners", "status", "start",
            "completion", "investment", "latitude", "longitude", "sources", "url", "html_url",
            "updated_at",
        },
    ),
    "summits": (
        None,
        {
            "slug", "title", "kind", "series", "edition", "start_date", "end_date", "city",
            "host_country", "participants", "outcomes", "sources", "url", "html_url", "updated_at",
        },
    ),
    "trade-statistics": (
        None,
        {
            "id", "reporter", "partner", "flow", "year", "month", "period", "value_usd",
            "change_pct", "source", "updated_at",
        },
    ),
    "articles": (
        None,
        {
            "slug", "title", "kind", "standfirst", "author", "publisher", "published_on",
            "original_url", "countries", "projects", "summits", "url", "html_url",
        },
    ),
    "finance": (
        None,
        {
            "id", "aiddata_id", "title", "financiers", "recipient", "borrower", "instrument",
            "amount", "amount_usd_constant_2021", "committed_on", "status", "sector", "project",
            "latitude", "longitude", "location_precision", "sources", "url", "html_url",
            "updated_at",
        },
    ),
}  # fmt: skip


@pytest.mark.parametrize("resource", CONTRACT)
def test_every_resource_lists_the_designed_fields_for_anyone(api, resource):
    response = api.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    body = response.json()
    assert {"count", "next", "previous", "results", "page_size"} <= set(body)
    assert body["count"] > 0
    _lookup, fields = CONTRACT[resource]
    assert fields <= set(body["results"][0]), fields - set(body["results"][0])


@pytest.mark.parametrize("resource", CONTRACT)
def test_every_record_links_to_its_own_detail(api, resource):
    first = api.get(f"/api/v1/{resource}/").json()["results"][0]
    own = first.get("api_url") or first["url"]
    assert own.startswith("http://testserver/api/v1/")
    detail = api.get(own)
    assert detail.status_code == 200
    assert detail.json() == first


def test_projects_carry_codes_slugs_and_nested_summaries(api):
    project = api.get("/api/v1/projects/china-kazakhstan-lianyungang-logistics-base/").json()
    assert project["sector"] == "transport-logistics"
    assert set(project["countries"]) == {"CN", "KZ"}
    assert {"organization", "name", "role"} <= set(project["partners"][0])
    assert project["start"] == {"date": "2014-05-19", "precision": "day", "display": "19 May 2014"}
    assert project["investment"]["currency"] == "CNY"
    assert isinstance(project["latitude"], float)
    assert project["html_url"] == (
        "http://testserver/en/projects/china-kazakhstan-lianyungang-logistics-base/"
    )
    assert all(isinstance(source_id, int) for source_id in project["sources"])


def test_a_date_known_to_the_year_says_so(api):
    project = Project.objects.published().filter(start_precision="year").first()
    body = api.get(f"/api/v1/projects/{project.slug}/").json()
    assert body["start"]["precision"] == "year"
    assert body["start"]["display"] == str(project.start_date.year)


def test_summits_carry_their_outcomes(api):
    summit = Summit.objects.get(series__slug="china-central-asia-summit", edition=1)
    body = api.get(f"/api/v1/summits/{summit.slug}/").json()
    assert body["host_country"] == "CN"
    assert "KZ" in body["participants"]
    declaration = next(o for o in body["outcomes"] if o["kind"] == "declaration")
    assert {"title", "kind", "date", "parties", "url", "key_quote"} <= set(declaration)
    assert "fruitful multifaceted cooperation" in declaration["key_quote"]


def test_trade_figures_read_back_as_numbers_with_codes(api):
    figure = TradeStatistic.objects.get(
        reporter__iso2="CN", partner__iso2="KZ", flow="total", period="annual", year=2023
    )
    body = api.get(f"/api/v1/trade-statistics/{figure.pk}/").json()
    assert body["reporter"] == "CN" and body["partner"] == "KZ"
    assert body["value_usd"] == 41000000000
    assert body["change_pct"] == 32
    assert body["period"] == "annual" and body["month"] is None
    assert body["source"] == figure.source_id


def test_country_lookup_is_by_iso_code_in_any_case(api):
    assert api.get("/api/v1/countries/KZ/").json()["name"] == "Kazakhstan"
    assert api.get("/api/v1/countries/kz/").status_code == 200


def codes(response, key):
    return [row[key] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("resource", "params", "check"),
    [
        ("projects", {"country": "TJ"}, lambda r: "TJ" in r["countries"]),
        ("projects", {"country": "TJ,UZ"}, lambda r: {"TJ", "UZ"} & set(r["countries"])),
        ("projects", {"sector": "energy"}, lambda r: r["sector"] == "energy"),
        ("projects", {"status": "operational,planned"}, lambda r: r["status"] in ("operational", "planned")),
        ("projects", {"start_year_min": 2014, "start_year_max": 2016}, lambda r: 2014 <= int(r["start"]["date"][:4]) <= 2016),
        ("projects", {"partner": "ktz"}, lambda r: "ktz" in [p["organization"] for p in r["partners"]]),
        ("summits", {"year": 2023}, lambda r: r["start_date"].startswith("2023")),
        ("summits", {"kind": "summit"}, lambda r: r["kind"] == "summit"),
        ("summits", {"country": "TM"}, lambda r: "TM" in r["participants"]),
        ("summits", {"host_country": "KZ,UZ"}, lambda r: r["host_country"] in ("KZ", "UZ")),
        ("summits", {"series": "sco-heads-of-state"}, lambda r: r["series"] == "sco-heads-of-state"),
        ("trade-statistics", {"reporter": "KZ"}, lambda r: r["reporter"] == "KZ"),
        ("trade-statistics", {"partner": "UZ", "flow": "exports"}, lambda r: r["partner"] == "UZ" and r["flow"] == "exports"),
        ("trade-statistics", {"year_min": 2020, "year_max": 2022}, lambda r: 2020 <= r["year"] <= 2022),
        ("trade-statistics", {"year": 2023, "period": "ytd"}, lambda r: r["year"] == 2023 and r["period"] == "ytd"),
        ("articles", {"kind": "opinion", "country": "KZ"}, lambda r: r["kind"] == "opinion"),
        ("articles", {"project": "china-kazakhstan-lianyungang-logistics-base"}, lambda r: True),
        ("countries", {"role": "central_asia"}, lambda r: r["role"] == "central_asia"),
        ("organizations", {"kind": "company", "country": "CN"}, lambda r: r["kind"] == "company" and r["country"] == "CN"),
        ("sources", {"publisher": "xinhua"}, lambda r: "xinhua" in r["publisher"].lower()),
    ],
)  # fmt: skip
def test_filters_narrow_the_list(api, resource, params, check):
    full = api.get(f"/api/v1/{resource}/", {"page_size": 500}).json()["count"]
    response = api.get(f"/api/v1/{resource}/", {**params, "page_size": 500})
    assert response.status_code == 200, response.json()
    rows = response.json()["results"]
    assert rows, params
    assert all(check(row) for row in rows)
    assert len(rows) <= full


def test_the_same_filter_gives_the_same_projects_on_the_page_and_in_the_api(api, client):
    params = {"country": "KZ", "sector": "energy,transport-logistics", "ordering": "title"}
    from_api = codes(api.get("/api/v1/projects/", params), "slug")
    page = client.get("/en/projects/", params)
    assert from_api == [project.slug for project in page.context["object_list"]]


def test_ordering_is_whitelisted_and_applied(api):
    years = codes(
        api.get("/api/v1/trade-statistics/", {"ordering": "year", "page_size": 500}), "year"
    )
    assert years == sorted(years)
    titles = codes(api.get("/api/v1/projects/", {"ordering": "-title"}), "title")
    assert titles == sorted(titles, reverse=True)
    bad = api.get("/api/v1/projects/", {"ordering": "password"})
    assert bad.status_code == 400
    assert "ordering" in bad.json()


def test_pagination_and_its_page_size_cap(api):
    first = api.get("/api/v1/sources/", {"page_size": 10}).json()
    assert len(first["results"]) == 10 and first["page_size"] == 10
    second = api.get(first["next"]).json()
    assert {s["id"] for s in second["results"]}.isdisjoint({s["id"] for s in first["results"]})
    assert api.get("/api/v1/sources/", {"page_size": 500}).json()["page_size"] == 500
    too_big = api.get("/api/v1/sources/", {"page_size": 501})
    assert too_big.status_code == 400
    assert too_big.json() == {"page_size": ["Give a page size from 1 to 500."]}


def test_updated_since_returns_what_changed(api):
    since = timezone.now()
    project = Project.objects.published().first()
    project.summary = "Updated for a sync test."
    project.save()
    body = api.get("/api/v1/projects/", {"updated_since": since.isoformat()}).json()
    assert [row["slug"] for row in body["results"]] == [project.slug]
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    for resource in CONTRACT:
        assert api.get(f"/api/v1/{resource}/", {"updated_since": future}).json()["count"] == 0


def test_countries_show_their_current_strategy(api):
    body = api.get("/api/v1/countries/uz/").json()
    assert "New Uzbekistan" in body["strategy"]["name"]
    assert Country.objects.get(iso2="XC").members.count() == len(
        api.get("/api/v1/countries/xc/").json()["members"]
    )
