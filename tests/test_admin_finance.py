"""Editors find finance records in the admin and import AidData's CSV there: a dry run that
saves nothing, then a confirmation that saves every row or none."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.models import FinanceRecord, ImportUpload
from cooperation.services.gcdf import GCDF_FILE

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:cooperation_financerecord_import")


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def aiddata_csv(**changes):
    """The first three rows of AidData's file, the first given a new ID and `changes`."""
    with open(GCDF_FILE, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [next(reader) for _ in range(3)]
        headers = reader.fieldnames
    rows[0].update({"AidData.Record.ID": "99999", **changes})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def upload(client, content, publish=False):
    data = {"import_file": SimpleUploadedFile("gcdf.csv", content, "text/csv")}
    if publish:
        data["publish"] = "on"
    return client.post(IMPORT_URL, data)


def test_the_changelist_lists_filters_and_offers_the_import(client, editor):
    url = reverse("admin:cooperation_financerecord_changelist")
    response = client.get(url, {"q": "Dushanbe CHP-2", "instrument": "loan"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 4
    assert IMPORT_URL in response.text


def test_a_dry_run_reports_and_saves_nothing_then_confirming_imports(client, editor):
    response = upload(client, aiddata_csv(), publish=True)
    assert response.status_code == 200
    report = response.context["report"]
    assert (len(report.created), len(report.unchanged)) == (1, 2)
    assert not FinanceRecord.objects.filter(aiddata_id=99999).exists()
    pending = response.context["confirm"].initial["pending"]
    confirmed = client.post(IMPORT_URL, {"confirm": "1", "pending": pending, "publish": "True"})
    assert confirmed.status_code == 302
    record = FinanceRecord.objects.get(aiddata_id=99999)
    assert record.is_published
    assert record.history.first().history_user == editor


def test_a_bad_file_is_refused_with_the_row_and_reason(client, editor):
    before = FinanceRecord.objects.count()
    response = upload(client, aiddata_csv(**{"Recipient.ISO-3": "ZZZ"}))
    assert response.status_code == 400
    assert "Row 2" in response.text and "unknown recipient ISO code “ZZZ”" in response.text
    assert FinanceRecord.objects.count() == before


def test_an_expired_dry_run_saves_nothing(client, editor):
    response = client.post(IMPORT_URL, {"confirm": "1", "pending": "nothing-like-this"})
    assert response.status_code == 302
    assert FinanceRecord.objects.count() == 337


def test_staff_without_the_finance_permissions_cannot_import(client):
    user = User.objects.create_user("reader", password="a-long-test-password", is_staff=True)
    client.force_login(user)
    assert upload(client, aiddata_csv()).status_code == 403
    assert not FinanceRecord.objects.filter(aiddata_id=99999).exists()


def test_the_dry_run_waits_in_the_database_so_any_app_server_can_confirm_it(client, editor):
    """Each app server has its own memory cache: the dry run must not be kept there."""
    response = upload(client, aiddata_csv())
    pending = response.context["confirm"].initial["pending"]
    cache.clear()  # as if another app server, with a cache of its own, answered
    confirmed = client.post(IMPORT_URL, {"confirm": "1", "pending": pending})
    assert confirmed.status_code == 302
    assert FinanceRecord.objects.filter(aiddata_id=99999).exists()
    assert not ImportUpload.objects.exists()  # a confirmed dry run is not kept
