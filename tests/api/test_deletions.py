"""A syncing client learns what was deleted: /api/v1/deletions/ lists each deleted published
record (resource, id, slug, deleted_at), never a draft, and keeps them."""

import datetime

import pytest
from django.utils import timezone

from cooperation.models import Deletion, Project, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_api(db):
    from django.contrib.auth.models import Group, User
    from rest_framework.test import APIClient

    from cooperation.services.accounts import token_create

    user = User.objects.create_user("api-manager", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user)[1]}")
    return client


def test_a_deleted_record_is_listed_with_its_address(api, manager_api):
    before = timezone.now() - datetime.timedelta(seconds=1)
    source = Source.objects.create(
        title="Soon gone", publisher="Gone wire", url="https://gone.test/1", language="en"
    )
    assert manager_api.delete(f"/api/v1/sources/{source.pk}/").status_code == 204
    body = api.get("/api/v1/deletions/", {"since": before.isoformat()}).json()
    assert body["results"] == [
        {
            "resource": "sources",
            "id": str(source.pk),
            "slug": str(source.pk),
            "deleted_at": body["results"][0]["deleted_at"],
        }
    ]
    later = timezone.now() + datetime.timedelta(seconds=5)
    assert api.get("/api/v1/deletions/", {"since": later.isoformat()}).json()["count"] == 0


def test_deleting_a_project_gives_its_slug_and_drafts_leave_no_trace(make_project):
    published = Project.objects.published().first()
    slug = published.slug
    published.delete()
    draft = make_project(slug="secret-draft", title="Secret draft")
    draft.delete()
    assert list(Deletion.objects.values_list("resource", "slug")) == [("projects", slug)]


def test_the_feed_filters_by_resource_and_refuses_unknown_parameters(api):
    Deletion.objects.create(resource="projects", record_id="1", slug="a")
    Deletion.objects.create(resource="summits", record_id="2", slug="b")
    body = api.get("/api/v1/deletions/", {"resource": "summits"}).json()
    assert [row["slug"] for row in body["results"]] == ["b"]
    assert api.get("/api/v1/deletions/", {"resource": "planets"}).status_code == 400
    assert api.get("/api/v1/deletions/", {"since": "yesterday"}).status_code == 400
    assert api.get("/api/v1/deletions/", {"sinse": "2025-01-01"}).status_code == 400


def test_tombstones_are_kept_for_more_than_a_year(api):
    old = Deletion.objects.create(resource="projects", record_id="9", slug="long-gone")
    Deletion.objects.filter(pk=old.pk).update(
        deleted_at=timezone.now() - datetime.timedelta(days=400)
    )
    since = (timezone.now() - datetime.timedelta(days=500)).isoformat()
    assert "long-gone" in [
        r["slug"] for r in api.get("/api/v1/deletions/", {"since": since}).json()["results"]
    ]
