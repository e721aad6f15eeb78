"""The API tells clients their allowance (RateLimit-* headers, also on cached answers and
304s), compresses JSON and CSV for clients that accept gzip (and nothing in the admin), and
lets a list carry only the fields asked for."""

import gzip

import pytest
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"


def allowance(response):
    return (
        int(response["RateLimit-Limit"]),
        int(response["RateLimit-Remaining"]),
        int(response["RateLimit-Reset"]),
    )


def test_every_answer_says_what_the_allowance_has_left(api):
    first = allowance(api.get(LIST))
    second = allowance(api.get(LIST, {"page_size": 2}))
    assert first[0] == second[0] == 300
    assert second[1] == first[1] - 1
    assert 0 < second[2] <= 60
    assert "RateLimit-Remaining" in api.get(LIST, {"countries": "KZ"})  # a 400 too


def test_cached_answers_and_304s_carry_the_headers_too(api, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    connection._content_bump = None
    miss = api.get(LIST)
    hit = api.get(LIST)
    assert hit["X-Cache"] == "hit"
    assert int(hit["RateLimit-Remaining"]) <= int(miss["RateLimit-Remaining"])
    not_modified = api.get(LIST, HTTP_IF_NONE_MATCH=miss["ETag"])
    assert not_modified.status_code == 304
    assert "RateLimit-Limit" in not_modified


def test_signed_in_clients_see_their_own_allowance(editor_api):
    assert allowance(editor_api.get(LIST))[0] == 1200


def test_json_and_csv_are_gzipped_for_clients_that_ask(api):
    response = api.get("/api/v1/sources/", {"page_size": 500}, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b'"count"' in gzip.decompress(response.content)
    assert "Accept-Encoding" in response["Vary"]
    exported = api.get("/api/v1/sources/", {"format": "csv"}, HTTP_ACCEPT_ENCODING="gzip")
    assert exported["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(exported.streaming_content))
    assert body.startswith(b"id,")
    assert "Content-Encoding" not in api.get("/api/v1/sources/")


def test_a_gzipped_answer_still_gets_its_304(api):
    first = api.get(LIST, HTTP_ACCEPT_ENCODING="gzip")
    assert first["ETag"].startswith('W/"')
    again = api.get(LIST, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_admin_pages_are_never_compressed(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_a_list_carries_only_the_fields_asked_for(api):
    body = api.get(LIST, {"fields": "slug,title,status"}).json()
    assert body["count"] > 1
    assert {tuple(sorted(row)) for row in body["results"]} == {("slug", "status", "title")}


def test_an_unknown_field_is_a_400_listing_the_fields(api):
    response = api.get(LIST, {"fields": "slug,colour"})
    assert response.status_code == 400
    assert "investment" in response.json()["fields"][0]
