"""CSV, GeoJSON, the trade summary, conditional GET and bulk downloads."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command

from cooperation.models import Country, Project, TradeStatistic

pytestmark = pytest.mark.django_db


def streamed(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(streamed(response).decode("utf-8"))))


@pytest.mark.parametrize(
    "resource",
    [
        "countries",
        "sectors",
        "organizations",
        "sources",
        "projects",
        "summits",
        "trade-statistics",
        "articles",
    ],
)
def test_every_list_downloads_as_csv_with_every_row(api, resource):
    response = api.get(f"/api/v1/{resource}/", {"format": "csv", "page_size": 2})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert len(rows) == api.get(f"/api/v1/{resource}/").json()["count"]


def test_accept_text_csv_asks_for_csv(api):
    response = api.get("/api/v1/projects/", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    "accept,query,answer",
    [
        ("text/csv;q=0, application/json", "", "application/json"),
        ("application/json;q=0.0, text/csv", "", "text/csv"),
        ("text/csv;q=0", "", 406),
        ("*/*;q=0", "", 406),
        ("text/csv;q=0", "?format=csv", 406),
        ("text/csv;q=0.5", "", "text/csv"),
        ("text/csv;q=bogus", "", "text/csv"),
    ],
)
def test_a_format_the_accept_header_refuses_is_never_given(api, accept, query, answer):
    response = api.get(f"/api/v1/sectors/{query}", HTTP_ACCEPT=accept)
    if answer == 406:
        assert response.status_code == 406, response["Content-Type"]
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()
    else:
        assert response.status_code == 200
        assert response["Content-Type"].startswith(answer)


def test_trade_csv_matches_the_json(api):
    params = {"partner": "KZ", "flow": "total", "period": "annual", "ordering": "year"}
    rows = csv_rows(api.get("/api/v1/trade-statistics/", {**params, "format": "csv"}))
    records = api.get("/api/v1/trade-statistics/", {**params, "page_size": 500}).json()["results"]
    assert [int(r["id"]) for r in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records, strict=True):
        assert Decimal(row["value_usd"]) == Decimal(str(record["value_usd"]))
        assert row["reporter"] == record["reporter"] and int(row["year"]) == record["year"]
        assert row["source_url"] == record["source_detail"]["url"]


def test_projects_as_geojson(api):
    response = api.get("/api/v1/projects/", {"format": "geojson", "country": "KZ"})
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(streamed(response))
    assert collection["type"] == "FeatureCollection"
    located = Project.objects.published().filter(countries__iso2="KZ").located()
    assert len(collection["features"]) == located.count()
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            positions = [geometry["coordinates"]]
        else:  # a linear project's route
            assert geometry["type"] == "LineString" and len(geometry["coordinates"]) >= 2
            positions = geometry["coordinates"]
        for longitude, latitude in positions:
            assert -180 <= longitude <= 180 and -90 <= latitude <= 90


@pytest.mark.parametrize("group_by", ["partner", "reporter", "flow", "partner,flow", ""])
def test_the_summary_equals_summing_the_list(api, group_by):
    filters = {"reporter": "CN", "period": "annual", "year_min": 2015}
    if "flow" not in group_by:
        filters["flow"] = "total"
    summary = api.get("/api/v1/trade-statistics/summary/", {**filters, "group_by": group_by})
    assert summary.status_code == 200
    records = api.get("/api/v1/trade-statistics/", {**filters, "page_size": 500}).json()["results"]
    regions = set(Country.objects.filter(members__isnull=False).values_list("iso2", flat=True))
    expected = {}
    keys = [key for key in group_by.split(",") if key]
    for record in records:
        if record["partner"] in regions:  # a regional total is not added to its members
            continue
        group = (record["year"], *(record[key] for key in keys))
        expected.setdefault(group, None)
        if record["value_qualifier"] in ("exact", "about"):  # a bound is listed, not added
            expected[group] = (expected[group] or 0) + Decimal(str(record["value_usd"]))
    got = {
        (row["year"], *(row[key] for key in keys)): (
            None if row["value_usd"] is None else Decimal(str(row["value_usd"]))
        )
        for row in summary.json()["results"]
    }
    assert got == expected


def test_the_summary_computes_the_change_on_the_year(api):
    rows = api.get(
        "/api/v1/trade-statistics/summary/",
        {"reporter": "CN", "partner": "KZ", "group_by": "partner"},
    ).json()["results"]
    by_year = {row["year"]: row for row in rows}
    change = (
        Decimal(str(by_year[2023]["value_usd"])) / Decimal(str(by_year[2022]["value_usd"])) - 1
    ) * 100
    assert Decimal(str(by_year[2023]["change_pct"])) == change.quantize(Decimal("0.01"))
    assert by_year[min(by_year)]["change_pct"] is None


def test_the_summary_defaults_to_yearly_totals_and_says_so(api):
    body = api.get("/api/v1/trade-statistics/summary/", {"partner": "XC"}).json()
    assert body["defaults"] == {"reporter": "CN", "period": "annual", "flow": "total"}


def test_a_bad_group_by_is_a_400(api):
    response = api.get("/api/v1/trade-statistics/summary/", {"group_by": "colour"})
    assert response.status_code == 400
    assert "group_by" in response.json()


def test_a_conditional_get_answers_304_until_something_changes(
    api, django_capture_on_commit_callbacks
):
    first = api.get("/api/v1/projects/")
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    project = Project.objects.published().first()
    project.summary = "Changed."
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    changed = api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_detail_has_its_own_etag(api):
    url = "/api/v1/projects/china-kazakhstan-lianyungang-logistics-base/"
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_write_changes_the_etag(editor_api, api, django_capture_on_commit_callbacks):
    url = "/api/v1/trade-statistics/"
    etag = api.get(url)["ETag"]
    figure = TradeStatistic.objects.published().first()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.patch(f"{url}{figure.pk}/", {"note": "Checked again."}, format="json")
    assert response.status_code == 200
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_reads_are_open_to_other_sites(api):
    response = api.get("/api/v1/projects/", HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = api.options(
        "/api/v1/projects/",
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_export_snapshot_makes_a_listed_data_package(api, tmp_path, settings):
    settings.SNAPSHOT_ROOT = tmp_path
    call_command("export_snapshot", verbosity=0)
    listing = api.get("/api/v1/downloads/").json()
    assert len(listing) == 1
    response = api.get(listing[0]["url"])
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    names = {resource["name"] for resource in package["resources"]}
    assert {"projects", "trade-statistics", "sources", "countries"} <= names
    trade = next(r for r in package["resources"] if r["name"] == "trade-statistics")
    rows = list(csv.DictReader(io.StringIO(archive.read(trade["path"]).decode())))
    assert len(rows) == trade["count"] == TradeStatistic.objects.published().count()
    assert [f["name"] for f in trade["schema"]["fields"]] == list(rows[0])
    finance = next(r for r in package["resources"] if r["name"] == "finance")
    assert finance["count"] == 337
    assert finance["licenses"][0]["name"] == "ODC-By-1.0"
    assert "AidData" in " ".join(source["title"] for source in package["sources"])
    assert not list(tmp_path.glob(".partial-*"))
    latest = api.get("/api/v1/downloads/latest.zip")
    assert latest.status_code == 200


def test_an_unknown_download_is_a_json_404(api, tmp_path, settings):
    settings.SNAPSHOT_ROOT = tmp_path
    response = api.get("/api/v1/downloads/../../settings.py")
    assert response.status_code == 404
    assert api.get("/api/v1/downloads/nothing.zip").json() == {"detail": "Not found."}
