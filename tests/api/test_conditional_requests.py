"""Conditional requests answer 304 whether the answer comes from the shared cache or from the
view, on the API and on the public pages: If-None-Match with weak comparison, lists and `*`,
and If-Modified-Since. Each representation has its own ETag, and other sites' pages may send
and read the validators."""

import pytest
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"
DETAIL = "/api/v1/projects/china-kazakhstan-lianyungang-logistics-base/"
PAGE = "/en/projects/"


@pytest.fixture(autouse=True)
def public_cache(settings):
    """The cache as production runs it (the configured backend, not a stand-in)."""
    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    connection._content_bump = None


def cached(client, url, **headers):
    """The URL's answer once it is in the cache, checked to come from there."""
    client.get(url, **headers)
    answer = client.get(url, **headers)
    assert answer["X-Cache"] == "hit"
    return answer


@pytest.mark.parametrize("url", [LIST, DETAIL, PAGE])
def test_a_matching_etag_gets_a_304_from_the_cache(client, url):
    etag = cached(client, url)["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@pytest.mark.parametrize("url", [LIST, DETAIL, PAGE])
def test_if_modified_since_gets_a_304_from_the_cache_and_from_the_view(client, url, settings):
    last_modified = cached(client, url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    settings.PUBLIC_CACHE_SECONDS = 0
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=older).status_code == 200


@pytest.mark.parametrize("cached_first", [True, False])
def test_weak_etags_lists_and_star_match(client, settings, cached_first):
    if cached_first:
        etag = cached(client, LIST)["ETag"]
    else:
        settings.PUBLIC_CACHE_SECONDS = 0
        etag = client.get(LIST)["ETag"]
    for header in (f"W/{etag}", f'"something-else", {etag}', "*"):
        assert client.get(LIST, HTTP_IF_NONE_MATCH=header).status_code == 304, header
    assert client.get(LIST, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_none_match_wins_over_if_modified_since(client):
    first = cached(client, LIST)
    stale = client.get(
        LIST,
        HTTP_IF_NONE_MATCH='"an-old-etag"',
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert stale.status_code == 200


def test_signed_in_clients_get_304s_too(editor_api):
    first = editor_api.get(LIST)
    assert "X-Cache" not in first
    assert editor_api.get(LIST, HTTP_IF_NONE_MATCH=f"W/{first['ETag']}").status_code == 304
    assert editor_api.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_json_csv_and_html_have_different_etags(client):
    etags = {
        client.get(LIST, HTTP_ACCEPT=accept)["ETag"]
        for accept in ("application/json", "text/csv", "text/html")
    }
    assert len(etags) == 3
    assert client.get(LIST + "?format=csv")["ETag"] not in {client.get(LIST)["ETag"]}
    json_etag = client.get(LIST, HTTP_ACCEPT="application/json")["ETag"]
    assert client.get(LIST, HTTP_ACCEPT="text/csv", HTTP_IF_NONE_MATCH=json_etag).status_code == 200


def test_other_sites_may_revalidate_and_read_the_validators(client):
    preflight = client.options(
        LIST,
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    allowed = preflight["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed
    assert "if-modified-since" in allowed
    answer = client.get(LIST, HTTP_ORIGIN="https://newsroom.example")
    exposed = answer["Access-Control-Expose-Headers"].lower()
    for header in ("etag", "last-modified", "retry-after"):
        assert header in exposed


@pytest.mark.parametrize("from_cache", [True, False])
@pytest.mark.parametrize("url", [LIST, DETAIL, "/api/v1/sectors/?fields=slug&page_size=1"])
def test_a_304_names_the_same_vary_as_its_200(client, url, from_cache, settings):
    """An API consumer's finding: a 304 left out the `Accept-Encoding` its 200 named (RFC 9110
    asks for the same), as did an answer too short to compress."""
    if not from_cache:
        settings.PUBLIC_CACHE_SECONDS = 0
    full = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    vary = {name.strip().lower() for name in full["Vary"].split(",")}
    assert "accept-encoding" in vary
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=full["ETag"])
    assert again.status_code == 304
    assert {name.strip().lower() for name in again["Vary"].split(",")} == vary


def test_deletions_walk_by_cursor_as_the_schema_says(client):
    """An API consumer's finding: the schema offered `paging` and `cursor` on the deletions,
    which refused them."""
    response = client.get("/api/v1/deletions/", {"paging": "cursor"})
    assert response.status_code == 200, response.content[:300]
    assert {"count", "next", "results"} <= set(response.json())
