"""Rate limits that the probe found missing: the site's own CSV downloads share the API's
export allowance (S8), and requests with a wrong token are counted per address and, past their
allowance, refused before any lookup (S9)."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db

RATES = {"anon": "100/minute", "user": "100/minute", "export": "2/hour", "failed_auth": "3/minute"}


@pytest.fixture(autouse=True)
def small_allowances(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", RATES)


@pytest.mark.parametrize(
    "url",
    [
        "/en/projects/?format=csv",
        "/en/summits/?format=csv",
        "/en/articles/?format=csv",
        "/en/commitments/?format=csv",
        "/en/trade/?format=csv",
    ],
)
def test_page_downloads_have_the_export_allowance(client, url):
    """S8: 150 page CSVs in a row were all answered."""
    assert client.get(url).status_code == 200
    assert client.get(url + "&n=2").status_code == 200
    refused = client.get(url + "&n=3")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 60
    assert "/api/v1/downloads/" in refused.text
    # The page itself, and other visitors' downloads, go on.
    assert client.get(url.split("?")[0]).status_code == 200
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_page_and_api_exports_count_together(client):
    assert client.get("/en/projects/?format=csv").status_code == 200
    assert client.get("/api/v1/projects/?format=csv").status_code == 200
    assert client.get("/api/v1/summits/?format=csv").status_code == 429
    assert client.get("/en/summits/?format=csv").status_code == 429


def test_failed_token_sign_ins_are_throttled_per_address():
    """S9: 650 requests with invalid tokens were answered 401, none 429."""
    api = APIClient()
    statuses = [
        api.get("/api/v1/sectors/", {"n": n}, HTTP_AUTHORIZATION=f"Token {n:040x}").status_code
        for n in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]
    refused = api.get("/api/v1/sectors/", HTTP_AUTHORIZATION="Token " + "f" * 40)
    assert int(refused["Retry-After"]) > 0
    assert "failed token sign-ins" in refused.json()["detail"]
    # Reading without a token, and other addresses' tokens, are not affected.
    assert api.get("/api/v1/sectors/").status_code == 200
    other = api.get(
        "/api/v1/sectors/", REMOTE_ADDR="198.51.100.8", HTTP_AUTHORIZATION="Token " + "e" * 40
    )
    assert other.status_code == 401


def test_failed_token_sign_ins_are_logged_with_the_address(caplog):
    APIClient().get("/api/v1/sectors/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert any(
        "failed token sign-in from 127.0.0.1" in record.getMessage() for record in caplog.records
    )
