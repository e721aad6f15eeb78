"""Writes that cannot vanish: a write to an address without its trailing slash is sent on with
308, which clients repeat with the same method and body, never with a 301 that they repeat as
a read of the list."""

import pytest

from cooperation.models import Source

pytestmark = pytest.mark.django_db

NEW_SOURCE = {
    "title": "A source written to an address without its slash",
    "publisher": "Slash wire",
    "url": "https://slash.test/1",
    "language": "en",
    "published_on": "2025-01-01",
}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_without_the_slash_is_sent_on_with_a_308(editor_api, method):
    url = "/api/v1/sources" if method == "post" else "/api/v1/sources/12"
    response = getattr(editor_api, method)(url, NEW_SOURCE, format="json")
    assert response.status_code == 308
    assert response["Location"] == url + "/"
    assert url + "/" in response.json()["detail"]


def test_a_client_that_follows_the_308_writes_the_record(editor_api):
    response = editor_api.post("/api/v1/sources", NEW_SOURCE, format="json", follow=True)
    assert response.status_code == 201
    assert Source.objects.filter(publisher="Slash wire").count() == 1


def test_reads_without_the_slash_still_get_a_plain_redirect(api):
    response = api.get("/api/v1/sources")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/sources/"


def test_the_308_keeps_the_query_string(editor_api):
    response = editor_api.post("/api/v1/sources?lang=ru", NEW_SOURCE, format="json")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/sources/?lang=ru"
