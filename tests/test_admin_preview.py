"""Preview from the edit form: the public page as the form holds it now, in a new tab, with
nothing saved; a draft's preview leads back to its edit form."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cooperation.models import Project

from .test_admin import project_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def project(db):
    return Project.objects.published().filter(milestones__isnull=True).first()


def test_the_edit_form_offers_a_preview_and_warns_before_leaving_unsaved_changes(
    client, editor, project
):
    page = client.get(reverse("admin:cooperation_project_change", args=[project.pk]))
    assert 'name="_preview" formtarget="_blank"' in page.text
    assert "cooperation/admin/unsaved.js" in page.text
    assert "cooperation/admin/forms.css" in page.text  # inline tables scroll in their box


def test_a_preview_shows_the_unsaved_form_on_the_public_page_and_saves_nothing(
    client, editor, project
):
    title, history = project.title_en, project.history.count()
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    data = project_form(project, title_en="A title not saved yet", _preview="Preview")
    response = client.post(url, data)

    assert response.status_code == 200
    assert "<h1>A title not saved yet</h1>" in response.text
    assert "nothing is saved yet" in response.text
    assert "no-store" in response["Cache-Control"]
    # The language links lead to the public page in each language, not back to the form.
    public = project.get_absolute_url()[3:]
    for code in ("en", "zh-hans", "ru"):
        assert f'hreflang="{code}" href="http://testserver/{code}{public}"' in response.text
    project.refresh_from_db()
    assert project.title_en == title
    assert project.history.count() == history


def test_a_new_record_can_be_previewed_before_it_exists(client, editor, project):
    data = project_form(project, slug="not-yet-a-project", title_en="Not yet a project")
    data["publication_status"] = "draft"
    response = client.post(reverse("admin:cooperation_project_add"), {**data, "_preview": "1"})
    assert response.status_code == 200
    assert "Not yet a project" in response.text
    assert not Project.objects.filter(slug="not-yet-a-project").exists()


def test_a_drafts_preview_leads_back_to_its_edit_form(client, editor, project):
    Project.objects.filter(pk=project.pk).update(publication_status="draft")
    page = client.get(f"/en/projects/{project.slug}/?preview=1")
    change_url = reverse("admin:cooperation_project_change", args=[project.pk])
    assert f'<a href="{change_url}">Edit in the admin</a>' in page.text


def test_a_form_with_errors_is_shown_again_instead_of_a_preview(client, editor, project):
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    data = project_form(project, latitude="200", _preview="Preview")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "adminform" in response.context
