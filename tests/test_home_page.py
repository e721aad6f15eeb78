"""Until the full overview exists, / lists what the database holds, counted from it."""

import pytest

from cooperation.models import Project, PublicationStatus

pytestmark = pytest.mark.django_db


def test_the_home_page_counts_published_projects(client):
    published = Project.objects.published().count()
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["counts"][0][1] == published


def test_drafts_are_not_counted(client, make_project):
    before = Project.objects.published().count()
    make_project(publication_status=PublicationStatus.DRAFT)
    response = client.get("/")
    assert response.context["counts"][0][1] == before


def test_an_unknown_page_is_a_templated_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
