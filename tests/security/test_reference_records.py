"""Sources and organizations have no publication status of their own: one made for a story that
is still a draft could give the story away. They are public once a published record cites them,
through every door (the API's lists, details and CSV, the site search, the partner filter, the
bulk snapshot), and not before."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command

from cooperation.models import Organization, Project, ProjectPartner, Source
from cooperation.services.records import record_publish

pytestmark = pytest.mark.django_db

SOURCE_TITLE = "Zqref source for a story in draft"
ORGANIZATION_NAME = "Zqref Holdings"
SEARCH_LINK = "?partner=zqref-holdings"  # the search result links to the partner's projects


@pytest.fixture
def draft_story(make_project):
    """A draft project that cites a new source and names a new partner."""
    project = make_project(slug="zqref-draft-story")
    source = Source.objects.create(
        title=SOURCE_TITLE, publisher="Zqref wire", url="https://zqref.example/story"
    )
    project.sources.add(source)
    organization = Organization.objects.create(
        name=ORGANIZATION_NAME, slug="zqref-holdings", kind="company"
    )
    ProjectPartner.objects.create(project=project, organization=organization, role="investor")
    return project, source, organization


def api_lists(client):
    sources = client.get("/api/v1/sources/", {"page_size": 500, "ordering": "-updated_at"})
    organizations = client.get("/api/v1/organizations/", {"page_size": 500})
    return (
        {row["title"] for row in sources.json()["results"]},
        {row["name"] for row in organizations.json()["results"]},
    )


def api_csvs(client):
    sources = client.get("/api/v1/sources/", {"format": "csv"})
    organizations = client.get("/api/v1/organizations/", {"format": "csv"})
    return (
        b"".join(sources.streaming_content).decode(),
        b"".join(organizations.streaming_content).decode(),
    )


def snapshot_tables(tmp_path, settings):
    settings.SNAPSHOT_ROOT = tmp_path
    call_command("export_snapshot", verbosity=0)
    (archive,) = tmp_path.glob("tracker-*.zip")
    archive = zipfile.ZipFile(archive)
    read = lambda name: list(csv.DictReader(io.StringIO(archive.read(name).decode())))  # noqa: E731
    return (
        {row["title"] for row in read("sources.csv")},
        {row["name"] for row in read("organizations.csv")},
    )


def test_what_only_a_draft_cites_is_not_in_the_api(api_client, draft_story):
    _project, source, organization = draft_story
    titles, names = api_lists(api_client)
    assert SOURCE_TITLE not in titles
    assert ORGANIZATION_NAME not in names
    assert titles, "the published sources are listed"
    assert api_client.get(f"/api/v1/sources/{source.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/organizations/{organization.slug}/").status_code == 404
    sources_csv, organizations_csv = api_csvs(api_client)
    assert SOURCE_TITLE not in sources_csv
    assert ORGANIZATION_NAME not in organizations_csv


def test_what_only_a_draft_cites_is_not_found_by_the_site_search(client, draft_story):
    response = client.get("/en/search/", {"q": "Zqref"})
    assert response.status_code == 200
    assert SEARCH_LINK not in response.text


def test_the_partner_filter_does_not_know_an_organization_only_a_draft_names(
    api_client, draft_story
):
    response = api_client.get("/api/v1/projects/", {"partner": "zqref-holdings"})
    assert response.status_code == 400
    assert "partner" in response.json()


def test_what_only_a_draft_cites_is_not_in_the_snapshot(draft_story, tmp_path, settings):
    titles, names = snapshot_tables(tmp_path, settings)
    assert SOURCE_TITLE not in titles
    assert ORGANIZATION_NAME not in names
    assert titles and names, "the published ones are there"


def test_an_organization_nothing_cites_yet_is_not_public(api_client, editor_api):
    created = editor_api.post(
        "/api/v1/organizations/",
        {"slug": "zqref-new", "name": "Zqref New Co", "kind": "company"},
        format="json",
    )
    assert created.status_code == 201
    assert api_client.get("/api/v1/organizations/zqref-new/").status_code == 404
    # The editor can still change it.
    changed = editor_api.patch(
        "/api/v1/organizations/zqref-new/", {"short_name": "Zqref"}, format="json"
    )
    assert changed.status_code == 200


def test_once_the_story_is_published_its_source_and_partner_are_public(
    api_client, client, draft_story, tmp_path, settings
):
    project, source, organization = draft_story
    assert record_publish(instance=project)
    titles, names = api_lists(api_client)
    assert SOURCE_TITLE in titles
    assert ORGANIZATION_NAME in names
    assert api_client.get(f"/api/v1/sources/{source.pk}/").status_code == 200
    assert api_client.get(f"/api/v1/organizations/{organization.slug}/").status_code == 200
    assert SEARCH_LINK in client.get("/en/search/", {"q": "Zqref"}).text
    partnered = api_client.get("/api/v1/projects/", {"partner": "zqref-holdings"}).json()
    assert [row["slug"] for row in partnered["results"]] == [project.slug]
    titles, names = snapshot_tables(tmp_path, settings)
    assert SOURCE_TITLE in titles
    assert ORGANIZATION_NAME in names


def test_a_published_project_keeps_its_sources_public_when_another_goes_back_to_draft(
    api_client, draft_story
):
    project, source, _organization = draft_story
    Project.objects.published().order_by("pk").first().sources.add(source)
    assert api_client.get(f"/api/v1/sources/{source.pk}/").status_code == 200
