"""Staff denied an admin page see a page in the admin's own look that says why and leads back,
not a bare "403 Forbidden"."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cooperation.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("ed1", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "address",
    [
        lambda: reverse("admin:auth_user_changelist"),
        lambda: reverse("admin:auth_group_changelist"),
        lambda: reverse("admin:cooperation_project_delete", args=[Project.objects.first().pk]),
    ],
    ids=["users", "groups", "deleting-a-project"],
)
def test_an_editor_denied_an_admin_page_gets_a_styled_page_with_a_way_back(client, editor, address):
    response = client.get(address())
    assert response.status_code == 403
    assert "Your role does not include this page" in response.text
    assert "You are signed in as ed1." in response.text
    assert f'href="{reverse("admin:index")}"' in response.text
    assert 'id="header"' in response.text  # the admin's own header and styles


def test_the_api_still_answers_json(client, editor):
    response = client.delete(f"/api/v1/projects/{Project.objects.first().slug}/")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
