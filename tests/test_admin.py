"""Editors can work from day one: every model has a working changelist, search and forms."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from cooperation.models import Project, ProjectStatus, Source

pytestmark = pytest.mark.django_db

REGISTERED = [model for model in admin.site._registry if model._meta.app_label == "cooperation"]


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("ed", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.model_name)
def test_every_changelist_opens_and_searches(admin_client, model):
    url = reverse(f"admin:cooperation_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Kazakhstan"}).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.model_name)
def test_every_change_form_opens(admin_client, model):
    instance = model.objects.first()
    if instance is None:
        pytest.skip(f"no {model._meta.verbose_name} in the seed content")
    url = reverse(f"admin:cooperation_{model._meta.model_name}_change", args=[instance.pk])
    assert admin_client.get(url).status_code == 200


def test_an_editor_sees_content_but_cannot_delete_a_project(editor_client):
    project = Project.objects.first()
    assert editor_client.get(reverse("admin:cooperation_project_changelist")).status_code == 200
    delete = reverse("admin:cooperation_project_delete", args=[project.pk])
    assert editor_client.get(delete).status_code == 403


def test_an_editor_cannot_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def project_form(project, **changes):
    """The admin change form's data for a project, as a browser would post it."""
    data = {
        "title_en": project.title_en,
        "slug": project.slug,
        "publication_status": project.publication_status,
        "summary_en": project.summary_en,
        "body_en": project.body_en or "",
        "sector": project.sector_id,
        "countries": [c.pk for c in project.countries.all()],
        "status": project.status,
        "start_date": project.start_date or "",
        "start_precision": project.start_precision,
        "completion_date": project.completion_date or "",
        "completion_precision": project.completion_precision,
        "latitude": project.latitude or "",
        "longitude": project.longitude or "",
        "summits": [s.pk for s in project.summits.all()],
        "sources": [s.pk for s in project.sources.all()],
        "confidence": project.confidence,
        "partnerships-TOTAL_FORMS": 0,
        "partnerships-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_a_milestone_that_contradicts_the_status_is_refused(admin_client, make_project, source):
    project = make_project(status=ProjectStatus.OPERATIONAL)
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    data = project_form(
        project,
        **{
            "milestones-TOTAL_FORMS": 1,
            "milestones-0-kind": "construction_started",
            "milestones-0-date": "2024-01-01",
            "milestones-0-precision": "year",
            "milestones-0-source": source.pk,
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The milestones mean the project is “Under construction”" in response.text
    assert not project.milestones.exists()


def test_a_milestone_that_agrees_with_the_status_is_saved(admin_client, make_project, source):
    project = make_project(status=ProjectStatus.UNDER_CONSTRUCTION)
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    data = project_form(
        project,
        **{
            "milestones-TOTAL_FORMS": 1,
            "milestones-0-kind": "construction_started",
            "milestones-0-date": "2024-03-01",
            "milestones-0-precision": "month",
            "milestones-0-source": source.pk,
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.text
    assert project.milestones.get().date == datetime.date(2024, 3, 1)


def test_publishing_without_a_source_is_refused(admin_client, make_project):
    project = make_project()
    project.sources.clear()
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = admin_client.post(url, project_form(project, publication_status="published"))
    assert response.status_code == 200
    assert "Cite at least one source before publishing." in response.text
    project.refresh_from_db()
    assert project.publication_status == "draft"


def test_a_bad_coordinate_is_refused_with_a_message(admin_client, make_project):
    project = make_project()
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = admin_client.post(url, project_form(project, latitude="95", longitude="10"))
    assert response.status_code == 200
    assert "Latitude must be between -90 and 90." in response.text


def test_a_taken_slug_is_refused_with_a_message(admin_client, make_project):
    project = make_project()
    taken = Project.objects.exclude(pk=project.pk).first().slug
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = admin_client.post(url, project_form(project, slug=taken))
    assert response.status_code == 200
    assert "Project with this Slug already exists." in response.text


def test_saving_in_the_admin_records_history_with_the_editor(admin_client, make_project):
    project = make_project()
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = admin_client.post(url, project_form(project, title_en="Renamed by an editor"))
    assert response.status_code == 302
    latest = project.history.latest()
    assert latest.title_en == "Renamed by an editor"
    assert latest.history_user.username == "admin"


def test_createeditor_prints_a_generated_password_once():
    out = StringIO()
    call_command("createeditor", "--username", "newsdesk", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user = User.objects.get(username="newsdesk")
    assert user.is_staff and not user.is_superuser
    assert user.check_password(password)
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]


def test_the_generated_password_must_be_changed_at_the_first_sign_in(client):
    """S17 (ASVS 6.4.1): the printed password never had to be changed."""
    out = StringIO()
    call_command("createeditor", "--username", "newsdesk", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    signed_in = client.post(
        reverse("admin:login") + "?next=/admin/", {"username": "newsdesk", "password": password}
    )
    assert signed_in.status_code == 302
    for address in (reverse("admin:index"), reverse("admin:cooperation_project_changelist")):
        page = client.get(address)
        assert page.status_code == 302 and page["Location"] == reverse("admin:password_change")
    assert client.get("/api/v1/projects/?publication_status=all").status_code == 403
    form = client.get(reverse("admin:password_change"))
    assert "Choose your own password before you go on." in form.text
    changed = client.post(
        reverse("admin:password_change"),
        {
            "old_password": password,
            "new_password1": "a-chosen-long-password",
            "new_password2": "a-chosen-long-password",
        },
    )
    assert changed.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get("/api/v1/projects/?publication_status=all").status_code == 200


def test_sources_are_searchable_by_publisher(admin_client):
    publisher = Source.objects.first().publisher
    url = reverse("admin:cooperation_source_changelist")
    response = admin_client.get(url, {"q": publisher})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
