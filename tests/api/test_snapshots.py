"""Bulk downloads: one exists from the first `seed` on, a new one follows a burst of publishes
(once, in the background), each has a version of its own, each table comes as CSV and JSON
Lines with the same rows, and the files are served as static files are (ETag, Range)."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.http import http_date

from cooperation.exports import TABLES, spreadsheet_unescape
from cooperation.models import Project, PublicationStatus, Source
from cooperation.services import snapshots as snapshot_service
from cooperation.services.snapshots import export_snapshot, snapshots

from ..test_restore import form_data

pytestmark = pytest.mark.django_db


def listing(api):
    response = api.get("/api/v1/downloads/")
    assert response.status_code == 200
    return response.json()


def archive_of(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_seed_leaves_a_snapshot_listed_and_writes_none_when_nothing_changed(api):
    assert listing(api) == []  # a fresh install, before the seed has run here
    out = io.StringIO()
    call_command("seed", "fixtures/02_sectors.json", stdout=out)
    assert "Bulk download written: tracker-" in out.getvalue()
    listed = listing(api)
    assert len(listed) == 1
    assert archive_of(api.get(listed[0]["url"])).read("projects.csv")
    call_command("seed", "fixtures/02_sectors.json", stdout=io.StringIO())
    assert listing(api) == listed  # the same content: no second copy


@pytest.mark.slow  # two whole snapshots, each read back: 2–4 s
def test_two_snapshots_in_one_second_have_versions_of_their_own(api):
    moment = datetime.datetime(2026, 12, 6, 10, 15, 30, tzinfo=datetime.UTC)
    first = export_snapshot(now=moment)
    second = export_snapshot(now=moment)
    assert (first.name, second.name) == (
        "tracker-2026-12-06-101530.zip",
        "tracker-2026-12-06-101530-2.zip",
    )
    listed = listing(api)
    assert [item["version"] for item in listed] == ["2026-12-06-101530-2", "2026-12-06-101530"]
    assert {item["date"] for item in listed} == {"2026-12-06"}
    for item in listed:
        package = json.loads(archive_of(api.get(item["url"])).read("datapackage.json"))
        assert package["version"] == item["version"]
    latest = api.get("/api/v1/downloads/latest.zip")
    assert 'filename="tracker-2026-12-06-101530-2.zip"' in latest["Content-Disposition"]


def test_older_days_keep_their_last_snapshot(settings, tmp_path):
    settings.SNAPSHOT_ROOT = tmp_path
    for version in ["2026-11-01-080000", "2026-11-01-090000", "2026-11-02-090000"]:
        (tmp_path / f"tracker-{version}.zip").write_bytes(b"")
    snapshot_service.prune(today=datetime.date(2026, 11, 2))
    assert len(snapshots()) == 3  # today and yesterday keep every one
    snapshot_service.prune(today=datetime.date(2026, 11, 4))
    assert [s.version for s in snapshots()] == ["2026-11-02-090000", "2026-11-01-090000"]


@pytest.fixture
def background_snapshots(settings):
    """Snapshots after publishing, turned on; the test runs the waiting one itself."""
    settings.SNAPSHOT_DELAY_SECONDS = 3600
    yield
    waiting = snapshot_service.pending_snapshot()
    if waiting is not None:
        waiting.cancel()
        snapshot_service._pending = None


def publish(editor_api, slug):
    response = editor_api.patch(
        f"/api/v1/projects/{slug}/", {"publication_status": "published"}, format="json"
    )
    assert response.status_code == 200, response.json()


@pytest.mark.slow  # five writes through the API and a whole snapshot: about 3.5 s
def test_a_burst_of_publishes_makes_one_snapshot_in_the_background(
    api, editor_api, make_project, background_snapshots, django_capture_on_commit_callbacks
):
    drafts = [make_project(slug=f"burst-{i}", title=f"Burst {i}") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.patch(f"/api/v1/projects/{drafts[0].slug}/", {"title": "Still a draft"})
    assert snapshot_service.pending_snapshot() is None  # a draft is not in the snapshot
    waiting = []
    for draft in drafts:
        with django_capture_on_commit_callbacks(execute=True):
            publish(editor_api, draft.slug)
        waiting.append(snapshot_service.pending_snapshot())
    assert waiting[0] is not None and waiting.count(waiting[0]) == 3  # one for all three
    assert listing(api) == []  # nothing written inside the requests
    waiting[0].cancel()
    snapshot_service.run_scheduled_snapshot()
    listed = listing(api)
    assert len(listed) == 1
    rows = csv.DictReader(
        io.StringIO(archive_of(api.get(listed[0]["url"])).read("projects.csv").decode())
    )
    assert {"burst-0", "burst-1", "burst-2"} <= {row["slug"] for row in rows}
    assert snapshot_service.pending_snapshot() is None
    snapshot_service.run_scheduled_snapshot()  # nothing changed since: no second snapshot
    assert len(listing(api)) == 1


def test_unpublishing_is_followed_by_a_snapshot_too(
    editor_api, background_snapshots, django_capture_on_commit_callbacks
):
    project = Project.objects.published().first()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.patch(
            f"/api/v1/projects/{project.slug}/",
            {"publication_status": PublicationStatus.DRAFT},
            format="json",
        )
    assert response.status_code == 200
    assert snapshot_service.pending_snapshot() is not None


def test_a_source_corrected_in_the_admin_is_followed_by_a_snapshot_and_one_version(
    client, editor, background_snapshots, django_capture_on_commit_callbacks
):
    """The bulk downloads list every source: the admin's save goes through record_save, as
    every record's does, and the history keeps the editor's reason."""
    client.force_login(editor)
    source = Source.objects.public().first()
    before = source.history.count()
    url = reverse("admin:cooperation_source_change", args=[source.pk])
    data = form_data(client.get(url).context["adminform"].form)
    data.update(url="https://example.org/corrected", change_reason="The publisher moved the page")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert snapshot_service.pending_snapshot() is not None
    (version,) = source.history.order_by("-history_date")[: source.history.count() - before]
    assert version.url == "https://example.org/corrected"
    assert version.history_change_reason == "The publisher moved the page"
    assert version.history_user == editor


def typed(value, kind):
    """A CSV cell read as the JSON Lines file writes it."""
    if kind == "integer":
        return int(value)
    if kind == "number":
        return Decimal(value)
    if kind == "boolean":
        return value == "True"
    return spreadsheet_unescape(value)


def test_every_table_comes_as_json_lines_with_the_rows_of_its_csv(api):
    export_snapshot()
    archive = archive_of(api.get("/api/v1/downloads/latest.zip"))
    package = json.loads(archive.read("datapackage.json"))
    resources = {resource["name"]: resource for resource in package["resources"]}
    for table in TABLES:
        lines = resources[f"{table.name}-jsonl"]
        assert lines["path"] == f"{table.name}.jsonl"
        assert lines["format"] == "jsonl"
        assert lines["schema"] == resources[table.name]["schema"]
        kinds = {field["name"]: field["type"] for field in lines["schema"]["fields"]}
        records = [
            json.loads(line, parse_float=Decimal)
            for line in archive.read(lines["path"]).decode().splitlines()
        ]
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{table.name}.csv").decode())))
        assert len(records) == len(rows) == lines["count"], table.name
        for record, row in zip(records, rows, strict=True):
            assert list(record) == table.header
            for name, value in row.items():
                got = record[name]
                if value == "":  # CSV writes an empty text and a null alike
                    assert got in (None, ""), (table.name, name)
                    continue
                if kinds[name] == "number":
                    got = Decimal(str(got))
                assert got == typed(value, kinds[name]), (table.name, name)


def test_a_download_is_served_with_validators_and_ranges(api):
    export_snapshot()
    listed = api.get("/api/v1/downloads/")
    assert listed["ETag"] and listed["Last-Modified"]
    assert api.get("/api/v1/downloads/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304
    url = listed.json()[0]["url"]
    whole = api.get(url)
    body = b"".join(whole.streaming_content)
    assert whole["Accept-Ranges"] == "bytes"
    etag, modified = whole["ETag"], whole["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    latest = api.get("/api/v1/downloads/latest.zip", HTTP_IF_NONE_MATCH=etag)
    assert latest.status_code == 304

    part = api.get(url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(body)}"
    assert b"".join(part.streaming_content) == body[10:20]
    tail = api.get(url, HTTP_RANGE="bytes=-5")
    assert b"".join(tail.streaming_content) == body[-5:]
    rest = api.get(url, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=etag)
    assert b"".join(rest.streaming_content) == body[100:]
    stale = api.get(url, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE='"an-older-version"')
    assert stale.status_code == 200  # the file changed: all of it
    beyond = api.get(url, HTTP_RANGE=f"bytes={len(body)}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(body)}"
    older = http_date(0)
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=older).status_code == 200


@pytest.mark.slow  # frictionless reads every row of both forms of every table: about 10 s
def test_the_snapshot_is_a_valid_data_package_with_its_json_lines(tmp_path):
    from frictionless import validate

    with zipfile.ZipFile(export_snapshot()) as archive:
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    problems = {
        task.name: [error.message for error in task.errors][:3]
        for task in report.tasks
        if not task.valid
    }
    assert report.valid, problems or report.errors
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    for table in TABLES:
        assert rows[f"{table.name}-jsonl"] == rows[table.name] > 0, table.name
