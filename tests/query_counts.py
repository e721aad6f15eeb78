"""Counting the queries one request makes, for the tests that hold a page's or a list's cost
constant as the records grow."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, params=None, **extra):
    """How many queries a GET of `url` makes, a streamed body read to its end included."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {}, **extra)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)
