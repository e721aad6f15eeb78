"""The OpenAPI schema is valid and documents every endpoint; `test_schema_fuzz.py` checks that the
API keeps to it under generated requests."""

import pytest
import yaml
from openapi_spec_validator import validate

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
    assert "group_by" in summary
    parameters = {p["name"] for p in spec["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {
        "country", "sector", "status", "partner", "start_year_min", "start_year_max",
        "search", "ordering", "updated_since", "page", "page_size", "format",
    } <= parameters  # fmt: skip
    assert {"400", "401", "429", "503"} <= set(
        spec["paths"]["/api/v1/projects/"]["get"]["responses"]
    )


def test_a_read_with_a_malformed_token_is_the_401_the_schema_lists(api):
    response = api.get("/api/v1/organizations/", HTTP_AUTHORIZATION="Token")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token header. No credentials provided."}


def test_the_documentation_pages_use_this_sites_own_files(client):
    for url in ["/api/docs/", "/api/redoc/"]:
        page = client.get(url)
        assert page.status_code == 200
        assert "cdn" not in page.text.lower()
        assert "/static/drf_spectacular_sidecar/" in page.text
