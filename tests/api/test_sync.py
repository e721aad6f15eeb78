"""A client that syncs with `updated_since` sees every record whose answer changed, including
changes to what the answer embeds (an organization's name inside a project, a source's title)."""

import datetime

import pytest
from django.utils import timezone

from cooperation.models import Project, Source

pytestmark = pytest.mark.django_db


def changed_since(api, resource, moment):
    response = api.get(
        f"/api/v1/{resource}/", {"updated_since": moment.isoformat(), "page_size": 500}
    )
    assert response.status_code == 200, response.json()
    return {row.get("slug", row.get("id")) for row in response.json()["results"]}


def test_renaming_an_organization_brings_back_the_projects_that_name_it(editor_api, api):
    project = Project.objects.published().filter(partnerships__isnull=False).first()
    organization = project.partnerships.first().organization
    embedding = set(
        Project.objects.published()
        .filter(partnerships__organization=organization)
        .values_list("slug", flat=True)
    )
    moment = timezone.now() + datetime.timedelta(seconds=1)
    assert changed_since(api, "projects", moment) == set()
    renamed = editor_api.patch(
        f"/api/v1/organizations/{organization.slug}/", {"name": "Renamed Co."}, format="json"
    )
    assert renamed.status_code == 200, renamed.json()
    moment = moment - datetime.timedelta(seconds=2)
    found = changed_since(api, "projects", moment)
    assert embedding <= found
    body = api.get(f"/api/v1/projects/{project.slug}/").json()
    assert "Renamed Co." in [partner["name"] for partner in body["partners"]]


def test_retitling_a_source_brings_back_the_figures_that_cite_it(editor_api, api):
    source = Source.objects.filter(trade_statistics__publication_status="published").first()
    before = timezone.now() - datetime.timedelta(seconds=1)
    assert (
        editor_api.patch(
            f"/api/v1/sources/{source.pk}/", {"title": "A new title"}, format="json"
        ).status_code
        == 200
    )
    found = changed_since(api, "trade-statistics", before)
    cites = set(source.trade_statistics.published().values_list("id", flat=True))
    assert cites and cites <= found


def test_records_that_did_not_change_stay_out(api):
    later = timezone.now() + datetime.timedelta(days=1)
    for resource in ("projects", "summits", "trade-statistics", "commitments", "countries"):
        assert changed_since(api, resource, later) == set()
