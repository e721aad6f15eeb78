"""Restoring a deleted record brings it back whole: a summit comes back with its outcome
documents and with the links projects had to it, as they stood when it was deleted, or the
editor is told in words what could not come back."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cooperation.models import Outcome, Project, Summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = User.objects.create_user("mgr", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    client.force_login(user)
    return user


def form_data(form):
    """What a browser would send back for an admin form as it was rendered."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[name] = str(value)
    return data


def restore(client, model, pk):
    deleted = model.history.filter(id=pk, history_type="-").latest()
    url = reverse(
        f"admin:cooperation_{model._meta.model_name}_simple_history",
        args=[pk, deleted.history_id],
    )
    form = client.get(url).context["adminform"].form
    return client.post(url, {**form_data(form), "outcomes-TOTAL_FORMS": "0",
                             "outcomes-INITIAL_FORMS": "0"}, follow=True)  # fmt: skip


@pytest.fixture
def linked_summit(db):
    summit = Summit.objects.filter(outcomes__isnull=False).distinct().first()
    project = Project.objects.published().exclude(summits=summit).first()
    project.summits.add(summit)
    project.save()  # the link is in the project's history
    return summit, project


def test_a_restored_summit_has_its_outcomes_and_its_project_link_back(
    client, manager, linked_summit
):
    summit, project = linked_summit
    outcomes = sorted(summit.outcomes.values_list("pk", "title_en"))
    parties = {o.pk: sorted(o.parties.values_list("pk", flat=True)) for o in summit.outcomes.all()}
    summit_id = summit.pk
    summit.delete()
    assert not project.summits.filter(pk=summit_id).exists()

    response = restore(client, Summit, summit_id)

    assert response.status_code == 200
    summit = Summit.objects.get(pk=summit_id)
    assert sorted(summit.outcomes.values_list("pk", "title_en")) == outcomes
    for outcome in summit.outcomes.all():
        assert sorted(outcome.parties.values_list("pk", flat=True)) == parties[outcome.pk]
    assert project.summits.filter(pk=summit_id).exists()
    assert "was restored" in response.text
    assert "Also restored:" in response.text
    latest = project.history.first()
    assert latest.history_user.username == "mgr"
    assert "Restored with" in latest.history_change_reason


def test_a_project_deleted_since_is_named_as_a_link_that_could_not_come_back(
    client, manager, linked_summit
):
    summit, project = linked_summit
    summit_id, title = summit.pk, project.title_en
    summit.delete()
    project.delete()

    response = restore(client, Summit, summit_id)

    assert Summit.objects.filter(pk=summit_id).exists()
    assert f"The link from project “{title}” could not come back" in response.text


def test_an_outcome_deleted_on_its_own_earlier_stays_deleted(client, manager, linked_summit):
    summit, _project = linked_summit
    first = summit.outcomes.order_by("pk").first()
    first_id = first.pk
    first.delete()
    deletion = Outcome.history.filter(id=first_id, history_type="-")
    deletion.update(history_date=deletion.get().history_date - datetime.timedelta(hours=1))
    summit_id = summit.pk
    summit.delete()

    restore(client, Summit, summit_id)

    assert not Outcome.objects.filter(pk=first_id).exists()
    assert Outcome.objects.filter(summit_id=summit_id).exists()
