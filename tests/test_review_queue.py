"""An editor submits a change for review; a manager sees it in the review queue as a diff
against the published record, and publishes it or sends it back with a comment. Until then the
public pages, the API and the snapshot keep the published version."""

import csv
import io
import re
import zipfile

import pytest
from django import forms
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cooperation.models import Project, ReviewRequest, ReviewStatus, Sector
from cooperation.services.reviews import review_submit

pytestmark = pytest.mark.django_db

QUEUE = "admin-review-queue"


def member(name, *groups):
    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def editor(db):
    return member("desk", "Editors")


@pytest.fixture
def manager(db):
    return member("chief", "Editors", "Managers")


@pytest.fixture
def project(db):
    return Project.objects.published().filter(milestones__isnull=True).first()


def form_values(form, data):
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.FileField) or value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else value


def change_form(client, project, **changes):
    """What the browser posts back from the project's change form, as it was rendered."""
    response = client.get(reverse("admin:cooperation_project_change", args=[project.pk]))
    data = {}
    form_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        form_values(inline.formset.management_form, data)
        for form in inline.formset.forms:
            form_values(form, data)
    data.update(changes)
    return data


def submit(client, project, **changes):
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    return client.post(url, {**change_form(client, project, **changes), "_submit_review": "1"})


def decide(client, review, button, comment=""):
    url = reverse("admin-review-decide", args=[review.pk])
    return client.post(url, {button: "1", "comment": comment})


def public_title(project):
    page = Client().get(project.get_absolute_url())
    api = Client().get(f"/api/v1/projects/{project.slug}/").json()
    return page, api["title"]


def test_a_submitted_change_leaves_the_published_record_as_it_is(editor, project):
    user, client = editor
    old_title = project.title_en
    response = submit(client, project, title_en="A corrected title", change_reason="Per MoU")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title_en == old_title
    assert project.is_published
    review = ReviewRequest.objects.get()
    assert review.status == ReviewStatus.PENDING
    assert review.changes == {"title_en": "A corrected title"}
    assert review.submitted_by == user and review.reason == "Per MoU"
    page, api_title = public_title(project)
    assert old_title in page.text and "A corrected title" not in page.text
    assert api_title == old_title
    form = client.get(reverse("admin:cooperation_project_change", args=[project.pk]))
    assert "A change to this record is waiting for review" in form.text


def test_a_submission_that_changes_nothing_is_refused(editor, project):
    _user, client = editor
    response = submit(client, project)
    assert response.status_code == 200
    assert "Nothing to submit" in response.text
    assert not ReviewRequest.objects.exists()


def test_the_manager_sees_the_diff_against_the_published_version(editor, manager, project):
    submit(editor[1], project, title_en=project.title_en + " (phase two)", change_reason="MoU")
    page = manager[1].get(reverse(QUEUE))
    assert page.status_code == 200
    assert "Title (English):" in page.text
    assert "<ins> (phase two)</ins>" in page.text
    assert "by desk." in page.text and "Why: MoU" in page.text
    assert 'name="_publish"' in page.text and 'name="_send_back"' in page.text


def test_a_linked_record_shows_by_its_name_in_the_diff(editor, manager, project):
    other = Sector.objects.exclude(pk=project.sector_id).first()
    submit(editor[1], project, sector=other.pk)
    page = manager[1].get(reverse(QUEUE)).text
    diff = re.sub(r"<[^>]+>", "", page.split('class="review-diff"')[1].split("</ul>")[0])
    assert f"Sector: {project.sector.name} → {other.name}" in diff


def test_publishing_applies_the_change_everywhere(editor, manager, project):
    submit(editor[1], project, title_en="A corrected title")
    review = ReviewRequest.objects.get()
    response = decide(manager[1], review, "_publish")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title_en == "A corrected title"
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED and review.reviewed_by == manager[0]
    page, api_title = public_title(project)
    assert "A corrected title" in page.text and api_title == "A corrected title"
    version = project.history.first()
    assert version.history_user == manager[0]
    assert version.history_change_reason.startswith("Approved after review (submitted by desk)")


def test_the_snapshot_keeps_the_published_version_until_approval(
    editor, project, tmp_path, settings
):
    submit(editor[1], project, title_en="A corrected title")
    settings.SNAPSHOT_ROOT = tmp_path
    call_command("export_snapshot", verbosity=0)
    archive = zipfile.ZipFile(next(tmp_path.glob("tracker-*.zip")))
    rows = list(csv.DictReader(io.StringIO(archive.read("projects.csv").decode())))
    assert project.title_en in {row["title"] for row in rows}
    assert "A corrected title" not in {row["title"] for row in rows}


def test_sending_back_keeps_the_record_and_tells_the_editor_why(editor, manager, project):
    old_title = project.title_en
    submit(editor[1], project, title_en="A corrected title")
    review = ReviewRequest.objects.get()
    response = decide(manager[1], review, "_send_back", "Cite the ministry's release.")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title_en == old_title
    review.refresh_from_db()
    assert review.status == ReviewStatus.SENT_BACK
    assert review.comment == "Cite the ministry's release."
    mine = editor[1].get(reverse(QUEUE)).text
    assert "Cite the ministry&#x27;s release." in mine
    assert "Nothing is waiting for review." in mine


def test_sending_back_needs_a_comment(editor, manager, project):
    submit(editor[1], project, title_en="A corrected title")
    review = ReviewRequest.objects.get()
    decide(manager[1], review, "_send_back", "  ")
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


def test_editors_cannot_publish_from_the_queue(editor, project):
    submit(editor[1], project, title_en="A corrected title")
    review = ReviewRequest.objects.get()
    assert decide(editor[1], review, "_publish").status_code == 403
    assert 'name="_publish"' not in editor[1].get(reverse(QUEUE)).text
    project.refresh_from_db()
    assert project.title_en != "A corrected title"


def test_a_refused_change_stays_waiting_with_the_reason(editor, manager, project):
    submit(editor[1], project, sources=[])  # a published project must cite a source
    assert not ReviewRequest.objects.exists()  # the form refuses it before it is submitted


def test_a_later_submission_replaces_the_earlier_one(editor, project):
    submit(editor[1], project, title_en="First try")
    submit(editor[1], project, title_en="Second try")
    assert list(ReviewRequest.objects.values_list("status", flat=True)) == [
        ReviewStatus.REPLACED,
        ReviewStatus.PENDING,
    ]


def test_a_submitted_draft_is_saved_as_a_draft_and_published_on_approval(
    editor, manager, make_project
):
    draft = make_project()
    response = submit(editor[1], draft, title_en="Draft, ready", publication_status="published")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "Draft, ready" and not draft.is_published
    review = ReviewRequest.objects.get()
    assert review.changes == {}
    assert "A draft, not yet on the site" in manager[1].get(reverse(QUEUE)).text
    decide(manager[1], review, "_publish")
    draft.refresh_from_db()
    assert draft.is_published


def test_inline_rows_cannot_wait_for_review(editor, project):
    data = change_form(
        editor[1],
        project,
        title_en="A corrected title",
        **{
            "milestones-TOTAL_FORMS": 1,
            "milestones-0-kind": "announced",
            "milestones-0-date": "2024-01-01",
            "milestones-0-precision": "year",
            "milestones-0-source": project.sources.first().pk,
        },
    )
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = editor[1].post(url, {**data, "_submit_review": "1"})
    assert response.status_code == 200
    assert "Rows in this table cannot wait for review" in response.text
    assert not ReviewRequest.objects.exists()


# The session, the user, the user's permissions and their groups' permissions, the changes
# waiting with their kinds and people, the records (one query per kind), the records their
# changes name (one per related model: sectors here), the changes sent back.
QUEUE_QUERIES = 8


def test_the_queue_costs_the_same_for_one_change_as_for_five(
    editor, manager, django_assert_num_queries
):
    projects = list(Project.objects.published()[:5])

    def change(project):
        project.title_en += " v2"
        project.sector = Sector.objects.exclude(pk=project.sector_id).first()
        review_submit(instance=project, user=editor[0])

    change(projects[0])
    manager[1].get(reverse(QUEUE))  # the content types are cached after the first request
    with django_assert_num_queries(QUEUE_QUERIES):
        manager[1].get(reverse(QUEUE))
    for project in projects[1:]:
        change(project)
    with django_assert_num_queries(QUEUE_QUERIES):
        page = manager[1].get(reverse(QUEUE))
    assert page.text.count('name="_publish"') == len(projects) == 5


def test_a_change_already_decided_is_not_decided_again(editor, manager, project):
    submit(editor[1], project, title_en="A corrected title")
    review = ReviewRequest.objects.get()
    decide(manager[1], review, "_publish")
    response = decide(manager[1], review, "_send_back", "Too late")
    assert "no longer waiting for review" in manager[1].get(response.url).text
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED and review.comment == ""


def test_a_text_area_sent_with_browser_line_endings_is_no_change(editor, project):
    project.body_en = "First paragraph.\n\nSecond paragraph."
    project.save()
    body = project.body_en.replace("\n", "\r\n")  # as a browser sends a text area
    submit(editor[1], project, body_en=body, title_en="A corrected title")
    assert ReviewRequest.objects.get().changes == {"title_en": "A corrected title"}


def test_where_editors_publish_through_review_only_the_queue_changes_a_published_record(
    editor, manager, project, settings
):
    settings.EDITORS_PUBLISH_DIRECTLY = False
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    direct = editor[1].post(url, change_form(editor[1], project, title_en="A corrected title"))
    assert direct.status_code == 200
    assert "Your role publishes through the review queue" in direct.text
    assert submit(editor[1], project, title_en="A corrected title").status_code == 302
    decide(manager[1], ReviewRequest.objects.get(), "_publish")
    project.refresh_from_db()
    assert project.title_en == "A corrected title"
    # Managers still save published records directly.
    saved = manager[1].post(url, change_form(manager[1], project, title_en="Managed"))
    assert saved.status_code == 302
    project.refresh_from_db()
    assert project.title_en == "Managed"
