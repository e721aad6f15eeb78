"""Confirming an import works whichever app server answers: the dry run's file waits in the
database for a day, and a preview that is gone is said so in words, never a 500."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.models import ImportUpload, Source, TradeStatistic

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:cooperation_tradestatistic_import"
CONFIRM_URL = "admin:cooperation_tradestatistic_process_import"
EXPIRED = "This preview has expired; upload the file again."


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def figure_file(db):
    url = Source.objects.create(
        title="Customs release", publisher="GACC", url="https://example.org/gacc-2026"
    ).url
    return (
        "reporter,partner,flow,period,year,value_usd,source_url\n"
        f"CN,GE,total,annual,2026,1.5 bn,{url}\n"
    ).encode()


def dry_run(client, content, model="tradestatistic"):
    return client.post(
        reverse(f"admin:cooperation_{model}_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("f.csv", content)},
    )


def confirm(client, preview):
    return client.post(reverse(CONFIRM_URL), preview.context["confirm_form"].initial)


def imported():
    return TradeStatistic.objects.filter(partner__iso2="GE", year=2026)


def test_a_confirmation_needs_nothing_from_the_server_that_ran_the_dry_run(
    client, editor, figure_file
):
    preview = dry_run(client, figure_file)
    cache.clear()  # another worker: none of this one's memory
    response = confirm(client, preview)
    assert response.status_code == 302
    assert imported().count() == 1


def test_the_file_is_forgotten_once_imported(client, editor, figure_file):
    preview = dry_run(client, figure_file)
    assert ImportUpload.objects.count() == 1
    confirm(client, preview)
    assert ImportUpload.objects.count() == 0


def test_a_preview_older_than_a_day_is_said_to_have_expired_and_nothing_is_saved(
    client, editor, figure_file
):
    preview = dry_run(client, figure_file)
    ImportUpload.objects.update(
        created_at=ImportUpload.objects.get().created_at - datetime.timedelta(days=1, seconds=1)
    )
    response = confirm(client, preview)
    assert response.status_code == 302
    assert response["Location"] == reverse(IMPORT_URL)
    assert EXPIRED in client.get(response["Location"]).text
    assert not imported().exists()


@pytest.mark.parametrize("name", ["", "0" * 32, "../../etc/passwd", "x\x00y"])
def test_a_confirmation_naming_no_kept_file_is_answered_in_words(client, editor, figure_file, name):
    initial = dry_run(client, figure_file).context["confirm_form"].initial
    response = client.post(reverse(CONFIRM_URL), {**initial, "import_file_name": name})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert EXPIRED in client.get(response["Location"]).text
    assert not imported().exists()


def test_confirming_the_same_preview_twice_imports_once(client, editor, figure_file):
    preview = dry_run(client, figure_file)
    confirm(client, preview)
    second = confirm(client, preview)
    assert EXPIRED in client.get(second["Location"]).text
    assert imported().count() == 1


def test_files_past_their_day_are_removed_when_another_is_uploaded(client, editor, figure_file):
    dry_run(client, figure_file)
    ImportUpload.objects.update(
        created_at=ImportUpload.objects.get().created_at - datetime.timedelta(days=2)
    )
    dry_run(client, figure_file)
    assert ImportUpload.objects.count() == 1


def test_project_imports_keep_their_file_in_the_database_too(client, editor):
    project = re.sub(r"\s+", " ", "slug,title_en,summary_en,sector,countries,status")
    preview = dry_run(client, f"{project}\n".encode(), model="project")
    assert preview.status_code == 200
    assert ImportUpload.objects.count() == 1
