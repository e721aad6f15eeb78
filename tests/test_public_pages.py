"""Every public page answers with the seed content; drafts and unknown records do not."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cooperation.models import Article, Country, Project, Summit

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "overview",
    "project-list",
    "summit-list",
    "trade",
    "country-list",
    "article-list",
    "search",
    "about",
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_page_answers(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'<main id="main">' in response.content


def test_the_root_redirects_to_the_visitors_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


@pytest.mark.parametrize("model", [Project, Summit, Article])
def test_every_published_record_has_a_page(client, model):
    for record in model.objects.published():
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200, record.slug
        assert record.title.encode() in response.content or b"&" in response.content


def test_every_country_has_a_profile(client):
    for country in Country.objects.exclude(role="other"):
        assert client.get(country.get_absolute_url()).status_code == 200, country.iso2


@pytest.mark.parametrize(
    "name", ["project-detail", "summit-detail", "article-detail", "country-detail"]
)
def test_an_unknown_slug_is_a_404_page(client, name):
    response = client.get(reverse(name, kwargs={"slug": "no-such-record"}))
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_a_draft_is_a_404_for_visitors(client, make_project):
    draft = make_project(slug="secret-draft", title="Secret draft title")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert b"Secret draft title" not in response.content


def test_editors_preview_a_draft_privately(client, make_project):
    draft = make_project(slug="secret-draft", title="Secret draft title")
    staff = User.objects.create_user("ed", password="a-long-test-password", is_staff=True)
    staff.groups.add(Group.objects.get(name="Editors"))
    client.force_login(staff)
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.get(draft.get_absolute_url() + "?preview=1")
    assert response.status_code == 200
    assert "Preview of a draft" in response.text
    assert response["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex">' in response.text


def test_a_non_staff_user_cannot_preview(client, make_project):
    draft = make_project(slug="secret-draft")
    client.force_login(User.objects.create_user("reader", password="a-long-test-password"))
    assert client.get(draft.get_absolute_url() + "?preview=1").status_code == 404


def test_the_admin_view_on_site_link_lands_on_the_public_page(admin_client):
    project = Project.objects.published().first()
    change = admin_client.get(reverse("admin:cooperation_project_change", args=[project.pk]))
    assert project.get_absolute_url() in change.text
    assert admin_client.get(project.get_absolute_url()).status_code == 200


def test_drafts_never_appear_in_lists_search_sitemap_or_feeds(client, make_project, make_summit):
    make_project(slug="hidden-draft-project", title="Zebra draft project")
    make_summit(slug="hidden-draft-summit", title="Zebra draft summit")
    Article.objects.create(
        title="Zebra draft article",
        slug="hidden-draft-article",
        kind="news",
        standfirst="Zebra",
        published_on=datetime.date(2026, 1, 1),
    )
    for url in [
        reverse("project-list"),
        reverse("summit-list"),
        reverse("article-list"),
        reverse("overview"),
        reverse("search") + "?q=Zebra",
        reverse("sitemap"),
        reverse("feed-articles"),
        reverse("feed-projects"),
        reverse("feed-summits"),
        reverse("project-list") + "?format=csv",
    ]:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Zebra draft" not in content and b"hidden-draft" not in content, url


def test_a_published_record_links_no_drafts(client, make_project):
    summit = Summit.objects.published().first()
    draft = make_project(slug="linked-draft", title="Linked draft")
    draft.summits.add(summit)
    response = client.get(summit.get_absolute_url())
    assert b"Linked draft" not in response.content


def test_the_sitemap_lists_published_records_with_last_modified_and_languages(client):
    response = client.get(reverse("sitemap"))
    text = response.content.decode()
    project = Project.objects.published().first()
    assert f"/en/projects/{project.slug}/" in text
    assert f"/zh-hans/projects/{project.slug}/" in text
    assert "<lastmod>" in text
    assert 'hreflang="ru"' in text


def test_feeds_are_atom_with_published_records(client):
    response = client.get(reverse("feed-articles"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert Article.objects.published().first().title.encode() in response.content


def test_robots_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_healthz_answers_200_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_pages_carry_canonical_open_graph_and_language_alternates(client):
    project = Project.objects.published().first()
    response = client.get(project.get_absolute_url())
    text = response.text
    assert f'<link rel="canonical" href="http://testserver/en/projects/{project.slug}/">' in text
    assert f'hreflang="zh-hans" href="http://testserver/zh-hans/projects/{project.slug}/"' in text
    assert '<meta property="og:type" content="article">' in text
    assert '<html lang="en">' in text


def test_a_detail_page_has_the_cite_block_and_no_load_day_as_its_update(client):
    project = Project.objects.published().filter(facts_updated_on=None).first()
    response = client.get(project.get_absolute_url())
    assert "Cite this page" in response.text
    assert f"http://testserver/en/projects/{project.slug}/ (accessed" in response.text
    # Its sources are undated: no date, rather than the day the seed was loaded.
    assert "Last updated" not in response.text
    assert "Facts last changed" not in response.text
    assert reverse("change-log", args=["projects", project.slug]) in response.text
