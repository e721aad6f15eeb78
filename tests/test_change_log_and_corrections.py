"""Detail pages link to a public change log, and take correction reports for the editors."""

import time

import pytest
from django.core.cache import cache

from cooperation.models import CorrectionReport, Project
from cooperation.views.corrections import MAXIMUM_AGE, form_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def old_token(seconds=10):
    return form_token(time.time() - seconds)


def test_the_change_log_shows_changes_since_publication_without_names(client, admin_user):
    project = Project.objects.published().first()
    old_title = project.title
    project.title = "A corrected title"
    project._history_user = admin_user
    project.save()
    response = client.get(f"/en/projects/{project.slug}/changes/")
    assert response.status_code == 200
    assert old_title in response.text and "A corrected title" in response.text
    assert "admin" not in response.text.lower().replace("/admin/", "")


def test_the_change_log_hides_what_a_draft_said_before_publication(client, make_project):
    project = make_project(slug="was-draft", title="Embarrassing draft title")
    project.title = "Final title"
    project.publication_status = "published"
    project.full_clean()
    project.save()
    response = client.get("/en/projects/was-draft/changes/")
    assert response.status_code == 200
    assert "Embarrassing draft title" not in response.text
    assert '<p class="change-event">First published</p>' in response.text


def test_drafts_have_no_public_change_log(client, make_project):
    make_project(slug="still-draft")
    assert client.get("/en/projects/still-draft/changes/").status_code == 404


def report(client, project, address="127.0.0.1", forwarded_for=None, **data):
    payload = {
        "message": "The start date should be 2015, see the customs release.",
        "token": old_token(),
    }
    payload.update(data)
    headers = {"REMOTE_ADDR": address}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(f"/en/corrections/project/{project.slug}/", payload, **headers)


def test_a_correction_report_is_stored_for_the_editors(client):
    project = Project.objects.published().first()
    response = report(client, project, email="reader@example.org")
    assert response.status_code == 302
    stored = CorrectionReport.objects.get()
    assert stored.record == project
    assert stored.page_url == project.get_absolute_url()
    assert stored.email == "reader@example.org"
    page = client.get(response["Location"])
    assert "Thank you" in page.text


def test_the_form_has_its_own_page_linked_from_the_record(client):
    project = Project.objects.published().first()
    url = f"/en/corrections/project/{project.slug}/"
    assert url in client.get(project.get_absolute_url()).text
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert 'name="message"' in form_page.text and 'name="token"' in form_page.text


def test_a_bot_filling_the_hidden_field_is_refused(client):
    project = Project.objects.published().first()
    assert report(client, project, website="http://spam.example").status_code == 400
    assert not CorrectionReport.objects.exists()


def test_a_form_sent_too_fast_or_forged_is_refused_and_the_text_kept(client):
    project = Project.objects.published().first()
    response = report(client, project, token=old_token(0))
    assert response.status_code == 400
    assert not CorrectionReport.objects.exists()
    assert "sent faster than a person can type" in response.text
    assert "The form has expired" not in response.text
    assert "see the customs release" in response.text  # what was typed is kept
    forged = report(client, project, token="forged")
    assert forged.status_code == 400 and "The form has expired" in forged.text
    assert not CorrectionReport.objects.exists()


def test_reports_are_rate_limited(client):
    project = Project.objects.published().first()
    for _ in range(5):
        assert report(client, project).status_code == 302
    response = report(client, project)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert CorrectionReport.objects.count() == 5


def test_behind_the_proxy_each_visitor_has_their_own_allowance(client, settings):
    """S1: behind nginx every request comes from the proxy's address; the limit counted that,
    so five reports from anyone closed the form to everyone for an hour."""
    settings.NUM_PROXIES = 1
    project = Project.objects.published().first()
    for visitor in range(5):
        sent = report(client, project, forwarded_for=f"203.0.113.{visitor + 1}")
        assert sent.status_code == 302
    assert report(client, project, forwarded_for="203.0.113.99").status_code == 302
    for _ in range(4):
        report(client, project, forwarded_for="203.0.113.1")
    assert report(client, project, forwarded_for="203.0.113.1").status_code == 429


def test_a_form_token_sends_one_report_only(client):
    """S1: a token fetched once was good for 24 hours of reports."""
    project = Project.objects.published().first()
    token = old_token()
    assert report(client, project, token=token).status_code == 302
    replayed = report(client, project, token=token, address="198.51.100.20")
    assert replayed.status_code == 400
    assert "already been sent" in replayed.text
    assert CorrectionReport.objects.count() == 1


def test_a_form_token_lives_two_hours(client):
    project = Project.objects.published().first()
    assert report(client, project, token=old_token(MAXIMUM_AGE + 1)).status_code == 400
    assert MAXIMUM_AGE <= 2 * 60 * 60
    assert report(client, project, token=old_token(MAXIMUM_AGE - 60)).status_code == 302


def test_reports_need_a_message(client):
    project = Project.objects.published().first()
    response = report(client, project, message="")
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not CorrectionReport.objects.exists()


def test_editors_review_reports_in_the_admin(admin_client):
    project = Project.objects.published().first()
    CorrectionReport.objects.create(record_label=str(project), page_url="/x/", message="Wrong date")
    response = admin_client.get("/admin/cooperation/correctionreport/")
    assert response.status_code == 200
    assert "Wrong date" not in response.text or str(project) in response.text


@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", "Loaded from the seed content"), ("zh-hans", "由初始数据载入"),
     ("ru", "Загружено из исходных данных")],
)  # fmt: skip
def test_the_sites_own_reasons_read_in_the_pages_language(client, language, reason):
    """A visitor's finding: the Chinese and Russian change logs said "Loaded from the seed
    content" in English; the site's own reasons are kept in English and shown translated."""
    page = client.get(f"/{language}/projects/china-kyrgyzstan-uzbekistan-railway/changes/")
    assert reason in page.text
    if language != "en":
        assert "Loaded from the seed content" not in page.text
