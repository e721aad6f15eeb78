"""Small promises of the API contract that clients found broken (findings A20–A22, A25–A27,
A30): writes are JSON, a write's address reads back, read-only fields are not silently dropped,
codes come in one order, search folds every script's case, a missing format says so."""

import csv
import io
import json

import pytest

from cooperation.models import Country, Project, PublicationStatus, Source

pytestmark = pytest.mark.django_db


def new_project(**fields):
    return {
        "title": "Contract terminal",
        "slug": "contract-terminal",
        "summary": "A terminal written through the API.",
        "sector": "transport-logistics",
        "countries": ["KZ"],
        "status": "planned",
        "sources": [Source.objects.first().pk],
        **fields,
    }


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("title=Contract+terminal&slug=contract-terminal", "application/x-www-form-urlencoded"),
        (
            b'--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nX\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
        ),
    ],
)
def test_a_form_encoded_write_is_415_as_documented(editor_api, body, content_type):
    response = editor_api.post("/api/v1/projects/", body, content_type=content_type)
    assert response.status_code == 415, response.content[:200]
    assert "detail" in response.json()
    assert not Project.objects.filter(slug="contract-terminal").exists()


def test_a_draft_written_through_the_api_reads_back_at_its_location(api, editor_api):
    response = editor_api.post(
        "/api/v1/projects/", new_project(publication_status="draft"), format="json"
    )
    assert response.status_code == 201, response.json()
    location = response["Location"]
    assert location.endswith("/api/v1/projects/contract-terminal/")
    again = editor_api.get(location)
    assert again.status_code == 200
    assert again.json()["publication_status"] == PublicationStatus.DRAFT
    # The public still cannot see it, and editors' lists still show drafts only when asked.
    assert api.get(location).status_code == 404
    listed = editor_api.get("/api/v1/projects/", {"page_size": 100}).json()["results"]
    assert "contract-terminal" not in [p["slug"] for p in listed]


def test_a_nested_investment_is_refused_by_name_not_ignored(editor_api):
    project = Project.objects.published().filter(investment_amount__isnull=False).first()
    url = f"/api/v1/projects/{project.slug}/"
    response = editor_api.patch(
        url, {"investment": {"amount": "1.00", "currency": "USD"}}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["investment"][0]
    assert "read-only" in message and "investment_amount" in message
    project.refresh_from_db()
    assert project.investment_amount != 1
    # The flat fields write it.
    written = editor_api.patch(url, {"investment_amount": "2.50"}, format="json")
    assert written.status_code == 200, written.json()
    assert written.json()["investment"]["amount"] == 2.5


def test_a_record_read_and_sent_back_unchanged_is_accepted(editor_api):
    project = Project.objects.published().filter(investment_amount__isnull=False).first()
    url = f"/api/v1/projects/{project.slug}/"
    shown = editor_api.get(url).json()
    response = editor_api.patch(url, {**shown, "title": "Renamed through the API"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Renamed through the API"
    changed = editor_api.patch(url, {"html_url": "https://elsewhere.example/"}, format="json")
    assert changed.status_code == 400
    assert changed.json() == {"html_url": ["This field is read-only."]}


@pytest.mark.parametrize(
    "resource,body",
    [
        ("projects", {"investment_usd_2021": "5.00"}),
        ("summits", {"titel": "A misspelt title"}),
        ("trade-statistics", {"value": "1"}),
        ("sources", {"publisher_name": "Wire"}),
        ("countries", {"population": 1}),
    ],
)
def test_a_field_the_record_does_not_have_is_a_400_naming_it(editor_api, resource, body):
    first = editor_api.get(f"/api/v1/{resource}/", {"page_size": 1}).json()["results"][0]
    url = first.get("api_url") or first["url"]  # a source's `url` is the page it cites
    response = editor_api.patch(url, body, format="json")
    assert response.status_code == 400, response.content
    [name] = body
    assert list(response.json()) == [name]
    assert "There is no such field" in response.json()[name][0]
    assert any(field in response.json()[name][0] for field in ("slug", "title", "year"))
    assert editor_api.get(url).json()["updated_at"] == first["updated_at"]  # nothing written
    created = editor_api.post(f"/api/v1/{resource}/", body, format="json")
    assert created.status_code == 400 and name in created.json()
    russian = editor_api.patch(f"{url}?lang=ru", body, format="json")
    assert russian.status_code == 400
    assert "There is no such field" not in russian.json()[name][0]


def test_a_write_of_many_unknown_fields_names_ten_and_counts_the_rest(editor_api):
    """A body of 100,000 unknown keys (1.7 MB) was answered with a message for each: 38 MB."""
    url = editor_api.get("/api/v1/projects/", {"page_size": 1}).json()["results"][0]["url"]
    body = {f"k{n}": n for n in range(100_000)}
    response = editor_api.patch(url, body, format="json")
    assert response.status_code == 400
    assert len(response.content) < 10_000
    errors = response.json()
    assert list(errors) == [f"k{n}" for n in range(10)] + ["non_field_errors"]
    assert errors["non_field_errors"] == ["99990 more fields the record does not have were sent."]
    eleven = editor_api.patch(url, {f"k{n}": n for n in range(11)}, format="json").json()
    assert eleven["non_field_errors"] == ["One more field the record does not have was sent."]
    russian = editor_api.patch(f"{url}?lang=ru", {f"k{n}": n for n in range(12)}, format="json")
    assert "2" in russian.json()["non_field_errors"][0]
    assert "record" not in russian.json()["non_field_errors"][0]
    ten = editor_api.patch(url, {f"k{n}": n for n in range(10)}, format="json").json()
    assert "non_field_errors" not in ten and len(ten) == 10
    named_so = {"non_field_errors": 1, **{f"k{n}": n for n in range(10)}}
    both = editor_api.patch(url, named_so, format="json").json()["non_field_errors"]
    assert "There is no such field" in both[0] and both[1].startswith("One more field")


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_country_codes_come_in_code_order_in_every_language(api, make_project, language):
    project = make_project(
        slug="two-countries",
        publication_status=PublicationStatus.PUBLISHED,
        latitude=43.2,
        longitude=76.9,
    )
    project.countries.add(Country.objects.get(iso2="KG"))  # Kyrgyzstan after Kazakhstan by name
    shown = api.get(f"/api/v1/projects/{project.slug}/", {"lang": language}).json()
    assert shown["countries"] == ["KG", "KZ"]
    listed = api.get("/api/v1/projects/", {"lang": language, "search": "two-countries"})
    exported = api.get("/api/v1/projects/", {"lang": language, "format": "csv"})
    rows = csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode()))
    row = next(r for r in rows if r["slug"] == project.slug)
    assert row["countries"] == "KG,KZ"
    summits = api.get("/api/v1/summits/", {"lang": language, "page_size": 100}).json()
    for record in summits["results"]:
        assert record["participants"] == sorted(record["participants"])
        for outcome in record["outcomes"]:
            assert outcome["parties"] == sorted(outcome["parties"])
    located = api.get("/api/v1/projects/", {"lang": language, "format": "geojson"})
    geojson = json.loads(b"".join(located.streaming_content))
    feature = next(f for f in geojson["features"] if f["properties"]["slug"] == project.slug)
    assert feature["properties"]["countries"] == ["KG", "KZ"]
    assert listed.status_code == 200


@pytest.mark.parametrize("query", ["жанатас", "ЖАНАТАС", "Жанатас", "zhanatas"])
def test_search_folds_the_case_of_cyrillic_on_every_database(api, client, query):
    found = api.get("/api/v1/projects/", {"search": query}).json()["results"]
    assert [p["slug"] for p in found] == ["zhanatas-wind-farm"]
    assert "zhanatas-wind-farm" in client.get("/en/search/", {"q": query}).content.decode()


@pytest.mark.parametrize(
    ("url", "format_", "offered"),
    [
        ("/api/v1/projects/?format=xml", "xml", "json, csv, geojson"),
        ("/api/v1/summits/?format=geojson", "geojson", "json, csv"),
        ("/api/v1/projects/{slug}/?format=geojson", "geojson", "json"),
        ("/api/v1/trade-statistics/summary/?format=api", "api", "json, csv"),
    ],
)
def test_an_unknown_format_is_a_404_naming_it(api, url, format_, offered):
    slug = Project.objects.published().first().slug
    response = api.get(url.format(slug=slug))
    assert response.status_code == 404
    assert response.json() == {
        "detail": f"This address has no “{format_}” format; it gives: {offered}."
    }


def test_the_redoc_page_asks_no_other_site_for_anything(client):
    page = client.get("/api/redoc/").content.decode()
    assert "/api/redoc/redoc.standalone.js" in page
    script = client.get("/api/redoc/redoc.standalone.js")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("text/javascript")
    body = b"".join(script.streaming_content) if script.streaming else script.content
    assert b"cdn.redoc.ly" not in body
    assert b"API docs by Redocly" in body  # the credit stays
    again = client.get("/api/redoc/redoc.standalone.js", HTTP_IF_NONE_MATCH=script["ETag"])
    assert again.status_code == 304
