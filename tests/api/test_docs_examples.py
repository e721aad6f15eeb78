"""Every example in docs/api.md runs against the seed and gets data back: each curl read, and
each Python block (with `requests` answered by this site, in-process)."""

import contextlib
import io
import json
import re
import shlex
import sys
import types
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from cooperation.services.accounts import token_create

pytestmark = pytest.mark.django_db

DOC = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
BLOCKS = re.findall(r"```(sh|python)\n(.*?)```", DOC, flags=re.S)
CURL_READS = [
    word
    for language, block in BLOCKS
    if language == "sh"
    for line in block.splitlines()
    if line.startswith("curl ") and " -X " not in line
    for word in shlex.split(line)
    if word.startswith("https://tracker.example/api/")
]
PYTHON = [block for language, block in BLOCKS if language == "python"]


def local(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_the_guide_has_examples_to_run():
    assert len(CURL_READS) >= 4
    assert len(PYTHON) >= 4


@pytest.mark.parametrize("url", CURL_READS)
def test_every_curl_read_returns_data(api, url):
    response = api.get(local(url))
    assert response.status_code == 200, response.content[:300]
    if "format=csv" in url:
        rows = b"".join(response.streaming_content).decode().splitlines()
        assert len(rows) > 1, url
    else:
        assert response.json()["count"] > 0, url


class Answer:
    def __init__(self, response):
        self.response, self.status_code = response, response.status_code

    def json(self):
        return json.loads(
            b"".join(getattr(self.response, "streaming_content", [])) or self.response.content
        )

    def raise_for_status(self):
        assert self.status_code < 400, self.response.content[:300]


def requests_answered_here(client):
    """A stand-in for `requests`, answering from this site's test client."""
    module = types.ModuleType("requests")

    def get(url, params=None, timeout=None, headers=None):
        return Answer(client.get(local(url), params or {}))

    def post(url, json=None, headers=None, timeout=None):
        extra = {"HTTP_AUTHORIZATION": headers["Authorization"]} if headers else {}
        return Answer(client.post(local(url), json, format="json", **extra))

    module.get, module.post = get, post
    return module


@pytest.mark.parametrize("index", range(len(PYTHON)))
def test_every_python_example_runs_and_gets_data(editor, monkeypatch, index):
    block = PYTHON[index]
    monkeypatch.setitem(sys.modules, "requests", requests_answered_here(APIClient()))
    printed = io.StringIO()
    namespace = {"token": token_create(user=editor)[1]}
    with contextlib.redirect_stdout(printed):
        exec(compile(block, f"docs/api.md python block {index + 1}", "exec"), namespace)
    if "requests.post" in block:
        assert namespace["response"].status_code in (201, 400)
    else:
        assert printed.getvalue().strip(), f"python block {index + 1} printed nothing"


def test_the_schema_version_is_the_changelogs_latest(client):
    import yaml

    version = yaml.safe_load(client.get("/api/schema/").content)["info"]["version"]
    changelog = (Path(__file__).resolve().parents[2] / "docs" / "api-changelog.md").read_text()
    headings = re.findall(r"^## (\d+\.\d+\.\d+)", changelog, flags=re.M)
    assert headings and headings[0] == version
    assert "## Versions and deprecation" in DOC
