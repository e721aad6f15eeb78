"""Editors edit content; managers also delete it and manage the team; neither can grant
superuser powers."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cooperation.models import Project, ProjectMilestone

pytestmark = pytest.mark.django_db


def login(client, name, *groups):
    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    client.force_login(user)
    return user


def test_editors_add_change_and_view_content_but_delete_only_inline_rows(client):
    editor = login(client, "ed", "Editors")
    assert editor.has_perm("cooperation.add_project")
    assert editor.has_perm("cooperation.change_tradestatistic")
    assert not editor.has_perm("cooperation.delete_project")
    assert not editor.has_perm("cooperation.delete_country")
    assert editor.has_perm("cooperation.delete_projectmilestone")
    milestone = ProjectMilestone.objects.first()
    url = reverse("admin:cooperation_projectmilestone_delete", args=[milestone.pk])
    assert client.get(url).status_code == 200


def test_editors_cannot_see_people_or_groups(client):
    login(client, "ed", "Editors")
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_managers_delete_content(client):
    login(client, "boss", "Editors", "Managers")
    project = Project.objects.first()
    url = reverse("admin:cooperation_project_delete", args=[project.pk])
    assert client.get(url).status_code == 200


def test_managers_add_editors_but_cannot_make_superusers(client):
    login(client, "boss", "Managers")
    User.objects.create_superuser("root", password="a-long-test-password")
    listing = client.get(reverse("admin:auth_user_changelist"))
    assert listing.status_code == 200
    assert "root" not in [u.username for u in listing.context["cl"].result_list]

    editor = User.objects.create_user("new", password="a-long-test-password", is_staff=True)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {
        "Editors",
        "Managers",
    }


def test_the_superuser_account_is_out_of_a_managers_reach(client):
    login(client, "boss", "Managers")
    root = User.objects.create_superuser("root", password="a-long-test-password")
    url = reverse("admin:auth_user_change", args=[root.pk])
    assert client.get(url).status_code == 302  # "does not exist", back to the list


def test_managers_cannot_change_what_a_group_may_do(client):
    login(client, "boss", "Managers")
    group = Group.objects.get(name="Editors")
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": "Editors", "permissions": []}
    )
    assert response.status_code == 403
    assert group.permissions.count() > 0
