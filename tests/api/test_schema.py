"""The OpenAPI schema is valid and documents every endpoint; `test_schema_fuzz.py` checks that the
API keeps to it under generated requests."""

import pytest
import yaml
from django.urls import resolve
from openapi_spec_validator import validate
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_and_lists_every_resource(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    validate(spec)
    paths = set(spec["paths"])
    for resource in [
        "countries", "sectors", "organizations", "sources", "projects", "summits",
        "trade-statistics", "articles",
    ]:  # fmt: skip
        assert f"/api/v1/{resource}/" in paths
    assert "/api/v1/trade-statistics/summary/" in paths
    assert {"/api/v1/finance/", "/api/v1/finance/{id}/", "/api/v1/finance/summary/"} <= paths
    finance = {p["name"] for p in spec["paths"]["/api/v1/finance/"]["get"]["parameters"]}
    assert {
        "country", "financier", "instrument", "sector", "status", "year_min", "year_max",
        "project", "search", "ordering", "updated_since", "format",
    } <= finance  # fmt: skip
    summary = {p["name"] for p in spec["paths"]["/api/v1/finance/summary/"]["get"]["parameters"]}
    assert {"group_by", "country", "financier", "instrument", "year_min", "year_max"} <= summary
    parameters = {p["name"] for p in spec["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {
        "country", "sector", "status", "partner", "start_year_min", "start_year_max",
        "search", "ordering", "updated_since", "page", "page_size", "format",
    } <= parameters  # fmt: skip
    assert {"400", "401", "429", "503"} <= set(
        spec["paths"]["/api/v1/projects/"]["get"]["responses"]
    )


def test_every_read_lists_in_the_schema_exactly_the_parameters_it_reads(client):
    """A generated client can send only what the schema lists, and what it lists must not be a
    400. A record's `format` and `publication_status`, and the trade summary's drafts and
    `updated_since`, were read but not listed. `_`, the cache-buster every read takes, is left
    out on purpose (docs/api.md)."""
    spec = yaml.safe_load(client.get("/api/schema/").content)
    keys = {"{slug}": "x", "{iso2}": "KZ", "{id}": "1"}
    checked = 0
    for path, operations in spec["paths"].items():
        if "get" not in operations or not path.startswith("/api/v1/"):
            continue
        listed = {p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        address = path
        for key, value in keys.items():
            address = address.replace(key, value)
        view = resolve(address).func
        reader = view.cls(**getattr(view, "initkwargs", {}))
        reader.action = getattr(view, "actions", {}).get("get")
        reader.request = Request(APIRequestFactory().get(address))
        reader.format_kwarg = None
        accepted = reader.accepted_parameters()
        assert listed == accepted - {"_"}, (path, accepted - listed, listed - accepted)
        checked += 1
    assert checked == 24  # ten resources, a list and a record each; two summaries; two more


def test_a_read_with_a_malformed_token_is_the_401_the_schema_lists(api):
    response = api.get("/api/v1/organizations/", HTTP_AUTHORIZATION="Token")
    assert response.status_code == 401
    assert "Authorization: Token <key>" in response.json()["detail"]


def test_reads_need_no_credentials_and_writes_take_token_or_bearer(client):
    spec = yaml.safe_load(client.get("/api/schema/").content)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "get":
                assert not operation.get("security"), path
            elif method in ("post", "put", "patch", "delete"):
                assert {"tokenAuth": []} in operation["security"], (method, path)
                assert {"bearerAuth": []} in operation["security"], (method, path)
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_list_filter_is_typed_and_every_read_takes_lang(client):
    spec = yaml.safe_load(client.get("/api/schema/").content)
    projects = {p["name"]: p for p in spec["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert projects["status"]["schema"]["items"]["enum"] == [
        "announced", "planned", "under_construction", "operational", "suspended", "cancelled",
    ]  # fmt: skip
    assert "-start" in projects["ordering"]["schema"]["items"]["enum"]
    assert projects["start_year_min"]["schema"]["type"] == "integer"
    assert projects["country"]["schema"]["type"] == "array"
    trade = {p["name"]: p for p in spec["paths"]["/api/v1/trade-statistics/"]["get"]["parameters"]}
    assert trade["flow"]["schema"]["items"]["enum"] == ["exports", "imports", "total"]
    assert trade["year"]["schema"]["type"] == "integer"
    for path, operations in spec["paths"].items():
        if path.startswith("/api/v1/") and "get" in operations:
            names = {p["name"] for p in operations["get"].get("parameters", [])}
            assert "lang" in names, path


def test_the_documentation_pages_use_this_sites_own_files(client):
    for url in ["/api/docs/", "/api/redoc/"]:
        page = client.get(url)
        assert page.status_code == 200
        assert "cdn" not in page.text.lower()
        # Redoc's script is the sidecar's, served without its remote logo (api/docs.py).
        assert "/static/drf_spectacular_sidecar/" in page.text or "/api/redoc/" in page.text


@pytest.mark.parametrize("prefix", ["Token", "Bearer", "bearer"])
def test_a_token_is_accepted_as_token_or_bearer(editor, prefix):
    from rest_framework.test import APIClient

    from cooperation.services.accounts import token_create

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{prefix} {token_create(user=editor)[1]}")
    drafts = client.get("/api/v1/projects/", {"publication_status": "draft"})
    assert drafts.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"{prefix} not-a-real-key")
    assert client.get("/api/v1/projects/").status_code == 401
