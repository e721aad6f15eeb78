"""Slugs are transliterated with punctuation turned into hyphens, and a record whose slug
changes keeps answering at its old address with a permanent redirect, on pages and in the API."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cooperation.models import Project
from cooperation.slugs import make_slug

from .test_admin import project_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("China–Uzbekistan Energy Forum 2025", "china-uzbekistan-energy-forum-2025"),
        ("China—Central Asia / Xi’an: summit", "china-central-asia-xian-summit"),
        ("Форум «Китай — Центральная Азия» 2025", "forum-kitay-tsentralnaya-aziya-2025"),
        ("中国—中亚峰会", "zhong-guo-zhong-ya-feng-hui"),
        ("  ", ""),
    ],
)  # fmt: skip
def test_titles_become_slugs_with_hyphens_for_punctuation(title, slug):
    assert make_slug(title) == slug


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def project(db):
    return Project.objects.published().filter(milestones__isnull=True).first()


def change_slug(client, project, slug):
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = client.post(url, project_form(project, slug=slug))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()


def test_a_blank_slug_is_made_from_the_title(client, editor, project):
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    client.post(url, project_form(project, slug="", title_en="China–Kyrgyzstan Road"))
    project.refresh_from_db()
    assert project.slug == "china-kyrgyzstan-road"


def test_an_old_page_address_redirects_permanently_to_the_new_one(client, editor, project):
    old = project.slug
    change_slug(client, project, "a-new-address")
    client.logout()
    response = client.get(f"/en/projects/{old}/?ref=feed")
    assert response.status_code == 301
    assert response["Location"] == "/en/projects/a-new-address/?ref=feed"
    assert client.get(response["Location"]).status_code == 200


def test_an_old_api_address_redirects_permanently_to_the_new_one(client, editor, project):
    old = project.slug
    change_slug(client, project, "a-new-address")
    client.logout()
    response = client.get(f"/api/v1/projects/{old}/?lang=ru")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/projects/a-new-address/?lang=ru"
    assert client.get(response["Location"]).json()["slug"] == "a-new-address"


def test_a_slug_changed_through_the_api_redirects_too(client, editor, project):
    old = project.slug
    response = client.patch(
        f"/api/v1/projects/{old}/", {"slug": "renamed-by-api"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert client.get(f"/en/projects/{old}/")["Location"] == "/en/projects/renamed-by-api/"


def test_two_renames_both_lead_to_the_latest_address(client, editor, project):
    first = project.slug
    change_slug(client, project, "second-address")
    change_slug(client, project, "third-address")
    assert client.get(f"/en/projects/{first}/")["Location"] == "/en/projects/third-address/"
    assert client.get("/en/projects/second-address/")["Location"] == "/en/projects/third-address/"


def test_an_old_slug_taken_again_serves_the_record_that_has_it_now(client, editor, project):
    old = project.slug
    change_slug(client, project, "moved-away")
    change_slug(client, project, old)
    assert client.get(f"/en/projects/{old}/").status_code == 200
    assert client.get("/en/projects/moved-away/")["Location"] == f"/en/projects/{old}/"


def test_an_unknown_slug_is_still_not_found(client):
    assert client.get("/en/projects/never-existed/").status_code == 404
    assert client.get("/api/v1/projects/never-existed/").status_code == 404


def test_the_admin_form_fills_slugs_with_hyphens_for_dashes(client, editor, project):
    page = client.get(reverse("admin:cooperation_project_change", args=[project.pk]))
    assert "cooperation/admin/slugs.js" in page.text
