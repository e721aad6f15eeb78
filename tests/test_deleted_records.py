"""Recently deleted records are one click away in the side navigation, and a deleted row says
which record it belonged to."""

import pytest
from django.urls import reverse

from cooperation.models import Project, ProjectPartner

pytestmark = pytest.mark.django_db


def test_the_side_navigation_leads_to_recently_deleted_records(admin_client):
    page = admin_client.get(reverse("admin:cooperation_project_changelist"))
    assert f'href="{reverse("admin-deleted-records")}"' in page.text


def test_a_deleted_partner_row_names_its_project(admin_client):
    partner = ProjectPartner.objects.select_related("project").first()
    project_title = partner.project.title
    partner.delete()
    page = admin_client.get(reverse("admin-deleted-records"))
    assert f"(project: {project_title})" in page.text


def test_rows_deleted_with_their_project_still_name_it(admin_client):
    project = Project.objects.filter(partnerships__isnull=False).first()
    title = project.title
    project.delete()
    page = admin_client.get(reverse("admin-deleted-records"))
    assert f"(project: {title})" in page.text
