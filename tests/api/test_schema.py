"""The OpenAPI schema is valid, documents every endpoint, and the API keeps to it under
generated requests (schemathesis, a bounded run; `make fuzz` runs a long one)."""

import os

import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from config.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))


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
    parameters = {p["name"] for p in spec["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {
        "country", "sector", "status", "partner", "start_year_min", "start_year_max",
        "search", "ordering", "updated_since", "page", "page_size", "format",
    } <= parameters  # fmt: skip
    assert "400" in spec["paths"]["/api/v1/projects/"]["get"]["responses"]


def test_the_documentation_pages_use_this_sites_own_files(client):
    for url in ["/api/docs/", "/api/redoc/"]:
        page = client.get(url)
        assert page.status_code == 200
        assert "cdn" not in page.text.lower()
        assert "/static/drf_spectacular_sidecar/" in page.text


schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_the_test_transaction():
    """Called straight through WSGI, Django would close the test's database connection when a
    request ends (its test client disconnects this for the same reason)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(db, keep_the_test_transaction, case):
    case.call_and_validate(
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.checks.response_schema_conformance,
            schemathesis.checks.status_code_conformance,
            schemathesis.checks.content_type_conformance,
        ]
    )
