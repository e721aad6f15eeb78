"""Admin lists show dates at their recorded precision, as the public pages do."""

import datetime

import pytest
from django.urls import reverse

from cooperation.models import Commitment, DatePrecision, Project

pytestmark = pytest.mark.django_db


def test_the_project_list_shows_a_month_date_as_a_month(admin_client):
    # A project not yet finished: a completion before the new start would break a constraint.
    project = Project.objects.filter(completion_date=None).order_by("pk").first()
    Project.objects.filter(pk=project.pk).update(
        start_date=datetime.date(2025, 3, 1), start_precision=DatePrecision.MONTH
    )
    page = admin_client.get(reverse("admin:cooperation_project_changelist"), {"q": project.slug})
    assert "March 2025" in page.text
    assert "1 March 2025" not in page.text and "March 1, 2025" not in page.text


def test_the_commitment_list_shows_a_year_deadline_as_a_year(admin_client):
    commitment = Commitment.objects.first()
    Commitment.objects.filter(pk=commitment.pk).update(
        deadline=datetime.date(2030, 1, 1), deadline_precision=DatePrecision.YEAR
    )
    page = admin_client.get(
        reverse("admin:cooperation_commitment_changelist"), {"q": commitment.slug}
    )
    assert '<td class="field-deadline_at_precision">2030</td>' in page.text
