"""An editor's day in the admin: drafts, publishing, history and revert, conflicting edits,
restoring a deleted record."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cooperation.models import Project, PublicationStatus, Summit, TradeStatistic

from .test_admin import project_form
from .test_restore import form_data

pytestmark = pytest.mark.django_db


def make_editor(name, *, groups=("Editors",)):
    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor("ed"))
    return client


def changelist(model):
    return reverse(f"admin:cooperation_{model._meta.model_name}_changelist")


def test_a_new_record_starts_as_a_draft(make_project):
    assert make_project().publication_status == PublicationStatus.DRAFT


def test_publishing_from_the_changelist_counts_and_records_history(editor_client, make_project):
    drafts = [make_project(slug=f"draft-{n}") for n in range(3)]
    already = Project.objects.published().first()
    response = editor_client.post(
        changelist(Project),
        {"action": "publish", "_selected_action": [p.pk for p in [*drafts, already]]},
        follow=True,
    )
    assert "3 projects published. 1 was already published." in response.text
    for project in drafts:
        project.refresh_from_db()
        assert project.is_published and project.published_at is not None
        latest = project.history.latest()
        assert latest.publication_status == "published"
        assert latest.history_user.username == "ed"


def test_publishing_a_record_without_sources_is_refused_by_name(editor_client, make_project):
    project = make_project(slug="unsourced")
    project.sources.clear()
    response = editor_client.post(
        changelist(Project), {"action": "publish", "_selected_action": [project.pk]}, follow=True
    )
    assert (
        "Not published: “Test project”: Cite at least one source before publishing."
        in response.text
    )
    project.refresh_from_db()
    assert not project.is_published


def test_unpublishing_moves_records_back_to_draft(editor_client):
    figures = list(TradeStatistic.objects.published()[:2])
    response = editor_client.post(
        changelist(TradeStatistic),
        {"action": "unpublish", "_selected_action": [f.pk for f in figures]},
        follow=True,
    )
    assert "2 trade figures moved back to draft." in response.text
    assert not TradeStatistic.objects.filter(pk__in=[f.pk for f in figures]).published().exists()


def test_the_history_view_shows_changed_fields_with_old_and_new_values(admin_client):
    summit = Summit.objects.get(series__slug="china-central-asia-summit", edition=1)
    old_city = summit.city
    summit.city = "Xi’an, Shaanxi"
    summit.save()
    response = admin_client.get(reverse("admin:cooperation_summit_history", args=[summit.pk]))
    assert response.status_code == 200
    text = re.sub(r"</?(del|ins)>", "", response.text)  # the words that changed are marked
    assert escape(old_city) in text and "Xi’an, Shaanxi" in text


def test_reverting_restores_an_earlier_version_including_its_chinese_title(admin_client):
    project = Project.objects.exclude(title_zh_hans=None).exclude(title_zh_hans="").first()
    original_zh = project.title_zh_hans
    version = project.history.latest()
    project.title_zh_hans = "被错误修改的标题"
    project.title_en = "Wrongly changed"
    project.save()

    revert_url = reverse(
        "admin:cooperation_project_simple_history", args=[project.pk, version.history_id]
    )
    form_page = admin_client.get(revert_url)
    assert form_page.status_code == 200
    data = project_form(version.instance, title_zh_hans=original_zh)
    data["partnerships-TOTAL_FORMS"] = data["milestones-TOTAL_FORMS"] = 0
    response = admin_client.post(revert_url, data)
    assert response.status_code == 302

    project.refresh_from_db()
    assert project.title_zh_hans == original_zh
    assert project.title_en == version.title_en
    with translation.override("zh-hans"):
        assert project.title == original_zh


def test_a_second_editor_saving_a_stale_form_is_refused_with_who_and_when(client, make_project):
    project = make_project()
    first, second = make_editor("amina"), make_editor("boris")
    url = reverse("admin:cooperation_project_change", args=[project.pk])

    client.force_login(second)
    stale_form = client.get(url).context["adminform"].form
    loaded_version = stale_form.initial["loaded_version"]

    client.force_login(first)
    client.post(url, project_form(project, title_en="Amina's title", loaded_version=""))

    client.force_login(second)
    response = client.post(
        url, project_form(project, title_en="Boris's title", loaded_version=loaded_version)
    )
    assert response.status_code == 200
    assert "amina changed this record at" in response.text
    assert "Boris&#x27;s title" in response.text  # what Boris typed is still in the form
    project.refresh_from_db()
    assert project.title_en == "Amina's title"

    refreshed = response.context["adminform"].form.data["loaded_version"]
    again = client.post(
        url, project_form(project, title_en="Boris's title", loaded_version=refreshed)
    )
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.title_en == "Boris's title"


def rendered_data(page):
    """What a browser sends back for an admin change page as it was rendered: the record's
    form and every inline row."""

    def fields_of(form):
        return {form.add_prefix(name): value for name, value in form_data(form).items()}

    data = fields_of(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        data.update(fields_of(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(fields_of(form))
    return data


@pytest.mark.parametrize(
    ("model", "child"),
    [("summit", "outcomes"), ("project", "milestones"), ("project", "partnerships"),
     ("commitment", "evidence"), ("country", "strategies")],
)  # fmt: skip
def test_a_row_another_editor_changed_is_not_overwritten_by_a_stale_form(client, model, child):
    """An editor's finding: a summit's form, open while another editor changed one of its
    outcome documents on the document's own page, saved the old outcome back without a word
    (so did a project's milestones and partners): the record's own version had not changed."""
    from django.apps import apps

    parent_model = apps.get_model("cooperation", model)
    parent = next(p for p in parent_model.objects.all() if getattr(p, child).exists())
    row = getattr(parent, child).first()
    first, second = (
        make_editor("amina", groups=("Managers",)),
        make_editor("boris", groups=("Managers",)),
    )
    url = reverse(f"admin:cooperation_{model}_change", args=[parent.pk])

    client.force_login(second)
    stale = rendered_data(client.get(url))

    client.force_login(first)
    row_url = reverse(f"admin:cooperation_{row._meta.model_name}_change", args=[row.pk])
    row_page = client.get(row_url)
    assert row_page.status_code == 200
    changed = rendered_data(row_page)
    changed["change_reason"] = "Amina's correction"
    assert client.post(row_url, changed).status_code == 302
    amina_updated = type(row).objects.get(pk=row.pk).updated_at
    assert amina_updated != row.updated_at

    client.force_login(second)
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "amina changed this record at" in response.text
    assert type(row).objects.get(pk=row.pk).updated_at == amina_updated  # nothing was saved

    # Saving again overwrites deliberately, as for the record itself.
    again = rendered_data(response)
    assert client.post(url, again).status_code == 302


def test_a_deleted_record_keeps_its_history_and_can_be_restored(admin_client, make_project):
    project = make_project(slug="to-be-deleted", start_date=datetime.date(2020, 1, 1))
    project_id = project.pk
    country = project.countries.get()
    project.delete()

    listing = admin_client.get(reverse("admin-deleted-records"))
    history_url = reverse("admin:cooperation_project_history", args=[project_id])
    assert history_url in listing.text
    assert "Test project" in listing.text

    history = admin_client.get(history_url)
    assert history.status_code == 200
    deleted_version = Project.history.filter(id=project_id).latest()
    revert_url = reverse(
        "admin:cooperation_project_simple_history", args=[project_id, deleted_version.history_id]
    )
    assert revert_url in history.text
    form = admin_client.get(revert_url).context["adminform"].form
    assert form.initial["countries"] == [country.pk]  # remembered by the history
    data = project_form(deleted_version.instance, countries=form.initial["countries"])
    response = admin_client.post(revert_url, data)
    assert response.status_code == 302
    restored = Project.objects.get(pk=project_id)
    assert restored.slug == "to-be-deleted"
    assert restored.history.count() >= 3  # created, deleted, restored
    assert list(restored.countries.all()) == [country]


def test_an_editor_can_open_the_list_of_deleted_records(editor_client):
    assert editor_client.get(reverse("admin-deleted-records")).status_code == 200


def test_anonymous_visitors_cannot_open_the_list_of_deleted_records(client):
    response = client.get(reverse("admin-deleted-records"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_deleting_a_summit_a_published_commitment_was_made_at_is_refused_by_name(client):
    """An editor's finding: deleting a summit emptied a published commitment's "made at" without
    a word (not on the confirmation page, not in the commitment's history). The page now names
    the commitment as protecting the summit and offers no delete; the bulk action refuses too."""
    from cooperation.models import Commitment

    commitment = Commitment.objects.published().exclude(made_at=None).first()
    summit = commitment.made_at
    client.force_login(make_editor("mira", groups=("Managers",)))
    url = reverse("admin:cooperation_summit_delete", args=[summit.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert escape(str(commitment)) in page.text
    assert reverse("admin:cooperation_commitment_change", args=[commitment.pk]) in page.text
    assert 'name="post"' not in page.text  # no confirmation to give
    client.post(url, {"post": "yes"})
    bulk = client.post(
        changelist(Summit),
        {"action": "delete_selected", "_selected_action": [summit.pk], "post": "yes"},
    )
    assert bulk.status_code == 200  # the confirmation page again, naming the commitment
    assert Summit.objects.filter(pk=summit.pk).exists()
    commitment.refresh_from_db()
    assert commitment.made_at_id == summit.pk
