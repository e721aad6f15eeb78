"""Editors write through the API with a token or a session; everyone else reads published
records only. Every error is JSON with the right status."""

import pytest
from rest_framework.test import APIClient

from cooperation.models import Project, PublicationStatus, Source, TradeStatistic

pytestmark = pytest.mark.django_db

NEW_FIGURE = {
    "reporter": "CN",
    "partner": "GE",
    "flow": "exports",
    "period": "annual",
    "year": 2025,
    "value_usd": 1234567890,
}


def new_figure():
    return {**NEW_FIGURE, "source": Source.objects.first().pk}


def test_an_editor_creates_a_trade_figure_with_a_token(editor_api, editor):
    response = editor_api.post("/api/v1/trade-statistics/", new_figure(), format="json")
    assert response.status_code == 201, response.json()
    figure = TradeStatistic.objects.get(pk=response.json()["id"])
    assert figure.value_usd == 1234567890
    assert figure.publication_status == PublicationStatus.DRAFT
    assert figure.history.latest().history_user == editor


def test_an_editor_changes_and_deletes_what_the_permissions_allow(editor_api):
    figure = TradeStatistic.objects.published().first()
    response = editor_api.patch(
        f"/api/v1/trade-statistics/{figure.pk}/", {"change_pct": 5.5}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["change_pct"] == 5.5
    assert editor_api.delete(f"/api/v1/trade-statistics/{figure.pk}/").status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_are_401(api, method):
    figure = TradeStatistic.objects.published().first()
    url = (
        "/api/v1/trade-statistics/"
        if method == "post"
        else f"/api/v1/trade-statistics/{figure.pk}/"
    )
    response = getattr(api, method)(url, new_figure(), format="json")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_signed_in_users_without_the_permission_are_403(reader_api, method):
    figure = TradeStatistic.objects.published().first()
    url = (
        "/api/v1/trade-statistics/"
        if method == "post"
        else f"/api/v1/trade-statistics/{figure.pk}/"
    )
    response = getattr(reader_api, method)(url, new_figure(), format="json")
    assert response.status_code == 403


def test_a_manager_may_delete(editor_api, editor):
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Managers"))
    figure = TradeStatistic.objects.published().first()
    assert editor_api.delete(f"/api/v1/trade-statistics/{figure.pk}/").status_code == 204
    assert not TradeStatistic.objects.filter(pk=figure.pk).exists()
    assert TradeStatistic.history.filter(id=figure.pk, history_type="-").exists()


def test_session_writes_need_the_csrf_token(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    refused = client.post("/api/v1/trade-statistics/", new_figure(), format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/admin/")  # the signed-in admin sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/trade-statistics/", new_figure(), format="json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value_usd": -5}, "value_usd", "A trade value cannot be negative."),
        ({"period": "month", "month": 13}, "month", "The month must be between 1 and 12."),
        ({"year": 1980}, "year", "The year must be 1991 or later."),
        ({"partner": "CN"}, "non_field_errors", "The reporter and the partner must differ."),
        ({"partner": "XX"}, "partner", "Object with iso2=XX does not exist."),
        ({"flow": "sideways"}, "flow", "“sideways” is not a valid choice."),
    ],
)
def test_writes_are_validated_with_the_admins_messages(editor_api, changes, field, message):
    response = editor_api.post(
        "/api/v1/trade-statistics/", {**new_figure(), **changes}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    text = str(body.get(field) or body.get("non_field_errors") or body)
    assert message.replace("“", '"').replace("”", '"') in text.replace("“", '"').replace("”", '"')


def test_a_record_ending_before_it_starts_is_refused_naming_the_end(editor_api):
    summit = editor_api.get("/api/v1/summits/", {"page_size": 1}).json()["results"][0]
    response = editor_api.patch(
        summit["url"], {"start_date": "2025-06-17", "end_date": "2025-06-16"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"end_date": ["The end date cannot be before the start date."]}


def test_a_duplicate_figure_is_refused_by_name(editor_api):
    editor_api.post("/api/v1/trade-statistics/", new_figure(), format="json")
    again = editor_api.post("/api/v1/trade-statistics/", new_figure(), format="json")
    assert again.status_code == 400
    assert "A figure for this reporter, partner, flow and year already exists." in str(again.json())


def test_an_editor_creates_a_project_with_a_partial_date(editor_api):
    payload = {
        "title": "API test terminal",
        "slug": "api-test-terminal",
        "summary": "A terminal created through the API.",
        "sector": "transport-logistics",
        "countries": ["KZ"],
        "status": "planned",
        "start": "2027-03",
        "sources": [Source.objects.first().pk],
    }
    response = editor_api.post("/api/v1/projects/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["start"] == {
        "date": "2027-03-01",
        "precision": "month",
        "display": "March 2027",
    }
    bad = editor_api.post(
        "/api/v1/projects/", {**payload, "slug": "x2", "start": "March"}, format="json"
    )
    assert bad.status_code == 400
    assert "start" in bad.json()


@pytest.mark.parametrize("field", ["countries", "sources"])
def test_a_list_of_links_longer_than_any_record_needs_is_refused_before_it_is_looked_up(
    editor_api, django_assert_max_num_queries, field
):
    payload = {
        "title": "Long list",
        "slug": "long-list",
        "summary": "Too many links.",
        "sector": "transport-logistics",
        "countries": ["KZ"],
        "status": "planned",
        field: ["KZ"] * 101 if field == "countries" else [1] * 101,
    }
    with django_assert_max_num_queries(10):
        response = editor_api.post("/api/v1/projects/", payload, format="json")
    assert response.status_code == 400
    assert response.json()[field] == ["Give at most 100 values."]
    assert not Project.objects.filter(slug="long-list").exists()


def test_a_figure_is_addressed_by_number_so_summary_is_never_read_as_one(api, editor_api):
    assert api.get("/api/v1/trade-statistics/summary/").status_code == 200
    missing = api.get("/api/v1/trade-statistics/abc/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    figure = TradeStatistic.objects.published().first()
    assert api.get(f"/api/v1/trade-statistics/{figure.pk}/").status_code == 200


def test_drafts_never_reach_anonymous_clients(api, editor_api, make_project):
    draft = make_project(slug="api-draft", title="API draft")
    for url in [
        "/api/v1/projects/",
        "/api/v1/projects/?search=API+draft",
        "/api/v1/projects/?format=csv",
        "/api/v1/projects/?format=geojson",
        "/api/v1/projects/?publication_status=all",
        "/api/v1/projects/?status=draft",
    ]:
        response = api.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"api-draft" not in content, url
    assert api.get(f"/api/v1/projects/{draft.slug}/").status_code == 404
    assert api.get(f"/api/v1/projects/{draft.slug}/?publication_status=draft").status_code == 400


def test_editors_see_drafts_only_when_they_ask(editor_api, make_project):
    make_project(slug="api-draft", title="API draft")
    plain = editor_api.get("/api/v1/projects/").json()
    assert "api-draft" not in [p["slug"] for p in plain["results"]]
    drafts = editor_api.get("/api/v1/projects/", {"publication_status": "draft"}).json()
    assert [p["slug"] for p in drafts["results"]] == ["api-draft"]
    also = editor_api.get("/api/v1/projects/", {"status": "draft"}).json()
    assert [p["slug"] for p in also["results"]] == ["api-draft"]
    detail = editor_api.get("/api/v1/projects/api-draft/", {"publication_status": "draft"})
    assert detail.status_code == 200


def test_draft_figures_stay_out_of_the_summary(api, editor_api):
    before = api.get(
        "/api/v1/trade-statistics/summary/", {"partner": "GE", "reporter": "CN", "flow": "exports"}
    )
    editor_api.post("/api/v1/trade-statistics/", new_figure(), format="json")
    after = api.get(
        "/api/v1/trade-statistics/summary/", {"partner": "GE", "reporter": "CN", "flow": "exports"}
    )
    assert before.json()["results"] == after.json()["results"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/projects/?year=abc", 400),  # not a project filter: refused, never ignored
        ("/api/v1/summits/?year=abc", 400),
        ("/api/v1/trade-statistics/?year_min=1800", 400),
        ("/api/v1/projects/?country=XX", 400),
        ("/api/v1/projects/?page=0", 400),
        ("/api/v1/projects/?page=abc", 400),
        ("/api/v1/projects/?page_size=-1", 400),
        ("/api/v1/projects/?ordering=secret", 400),
        ("/api/v1/projects/?updated_since=yesterday", 400),
        ("/api/v1/projects/?publication_status=maybe", 400),
        ("/api/v1/projects/no-such-project/", 404),
        ("/api/v1/no-such-resource/", 404),
        ("/api/v1/countries/zz/", 404),
        ("/api/v1/trade-statistics/999999/", 404),
        ("/api/v1/sources/not-a-number/", 404),
        ("/api/v1/projects/?format=xml", 404),
        # The browsable API is not a documented format; browsers reach it through Accept.
        ("/api/v1/trade-statistics/summary/?format=api", 404),
        ("/api/v1/projects/?format=api", 404),
    ],
)
def test_bad_requests_get_json_with_the_right_status(api, url, status):
    response = api.get(url)
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()


def test_a_browser_asking_for_html_gets_the_browsable_api(api):
    response = api.get("/api/v1/sectors/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "?format=json" in response.text
    assert "?format=api" not in response.text


def test_a_method_the_resource_lacks_is_405(editor_api):
    response = editor_api.post("/api/v1/trade-statistics/summary/", {}, format="json")
    assert response.status_code == 405
    assert "detail" in response.json()


def test_a_body_that_is_not_json_is_415(editor_api):
    response = editor_api.post(
        "/api/v1/trade-statistics/", "reporter=CN", content_type="text/plain"
    )
    assert response.status_code == 415
    assert "detail" in response.json()


def test_malformed_json_is_400(editor_api):
    response = editor_api.post(
        "/api/v1/trade-statistics/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_reads_are_throttled_with_retry_after(api, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "3/minute", "user": "3/minute", "export": "3/minute"},
    )
    statuses = [api.get("/api/v1/sectors/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/sectors/")
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()


def test_exports_have_their_own_hourly_allowance_per_visitor(api, editor_api, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "100/minute", "user": "100/minute", "export": "2/hour"},
    )
    assert api.get("/api/v1/projects/?format=csv").status_code == 200
    assert api.get("/api/v1/projects/?format=geojson").status_code == 200
    refused = api.get("/api/v1/trade-statistics/?format=csv")
    assert refused.status_code == 429
    assert "/api/v1/downloads/" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 60
    # Ordinary reads, and other visitors' exports, go on.
    assert api.get("/api/v1/projects/").status_code == 200
    assert editor_api.get("/api/v1/projects/?format=csv").status_code == 200


def test_projects_updated_through_the_api_appear_on_the_public_page(editor_api, client):
    project = Project.objects.published().first()
    editor_api.patch(
        f"/api/v1/projects/{project.slug}/", {"summary": "Rewritten summary."}, format="json"
    )
    assert "Rewritten summary." in client.get(project.get_absolute_url()).text


@pytest.mark.parametrize(
    "value",
    ["0456-01-20T18:58:02-23:23", "0001-01-01T00:00:00+05:00", "2025-01-01T00:00:00+14:00"],
)
def test_updated_since_with_any_zone_offset_is_answered(api, value):
    response = api.get("/api/v1/organizations/", {"updated_since": value})
    assert response.status_code in (200, 400)


def test_nul_characters_in_parameters_are_refused(api, client):
    refused = api.get("/api/v1/projects/", {"search": "rail\x00way"})
    assert refused.status_code == 400
    assert "NUL" in refused.json()["search"][0]
    page = client.get("/en/search/", {"q": "rail\x00way"})
    assert page.status_code == 400
    assert "NUL character" in page.text


def test_a_token_holding_a_nul_character_is_refused_like_any_unknown_one(api):
    response = api.get("/api/v1/sectors/", HTTP_AUTHORIZATION="Token abc\x00def")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."
