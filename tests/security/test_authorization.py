"""Who may write what. Through the API (every resource, every write method) and the admin
(add, change and delete for every registered model), for five kinds of visitor:

- anonymous: the API asks for credentials (401), the admin sends them to its login page;
- reader, signed in without any permission, and staff without a group: 403;
- editor (the Editors group): adds and changes content, deletes only the rows that hang off a
  record (partners, milestones, outcomes, strategies, evidence), never people or groups;
- manager (Editors and Managers): also deletes content and manages editors, but not groups.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient

from cooperation.api.urls import router
from cooperation.models import (
    ApiToken,
    Commitment,
    CorrectionReport,
    Country,
    Project,
    Sector,
    Source,
    Summit,
    TradeStatistic,
)
from cooperation.services.accounts import token_create

from .checks import admin_form_data
from .conftest import ROLES
from .resources import RESOURCES

pytestmark = pytest.mark.django_db

# API

API_EXPECTED = {
    "anonymous": {"post": 401, "put": 401, "patch": 401, "delete": 401},
    "reader": {"post": 403, "put": 403, "patch": 403, "delete": 403},
    "staff": {"post": 403, "put": 403, "patch": 403, "delete": 403},
    "editor": {"post": 201, "put": 200, "patch": 200, "delete": 403},
    "manager": {"post": 201, "put": 200, "patch": 200, "delete": 204},
}


READ_ONLY = sorted(
    prefix for prefix, viewset, _name in router.registry if "post" not in viewset.http_method_names
)


def test_the_matrix_covers_every_api_resource():
    writable = [prefix for prefix, _viewset, _name in router.registry if prefix not in READ_ONLY]
    assert sorted(writable) == sorted(resource.name for resource in RESOURCES)
    assert READ_ONLY == ["finance"]


@pytest.mark.parametrize("prefix", READ_ONLY)
@pytest.mark.parametrize("role", ROLES)
def test_read_only_resources_refuse_every_write_from_everyone(api_for, role, prefix):
    """Refused before anything is read: 401 without credentials, 403 without the permission,
    405 for those who hold it (managers)."""
    api = api_for(role)
    first = api.get(f"/api/v1/{prefix}/", {"page_size": 1}).json()["results"][0]
    detail = f"/api/v1/{prefix}/{first['id']}/"
    before = api.get(detail).json()
    statuses = {api.post(f"/api/v1/{prefix}/", {}, format="json").status_code}
    for method in ("put", "patch", "delete"):
        statuses.add(getattr(api, method)(detail, {"title": "Changed"}, format="json").status_code)
    assert statuses <= {401, 403, 405}, statuses
    assert api.get(detail).json() == before


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("role", ROLES)
def test_api_writes_follow_the_roles(api_for, role, method, resource):
    api = api_for(role)
    model = resource.model
    if method == "post":
        before = model.objects.count()
        response = api.post(resource.list_url(), resource.create(), format="json")
        written = model.objects.count() == before + 1
    else:
        record = resource.fresh()
        url = resource.detail_url(record)
        if method == "delete":
            response = api.delete(url)
            written = not model.objects.filter(pk=record.pk).exists()
        else:
            body = resource.replace(record) if method == "put" else resource.change
            response = getattr(api, method)(url, body, format="json")
            written = model.objects.get(pk=record.pk).updated_at != record.updated_at
    expected = API_EXPECTED[role][method]
    assert response.status_code == expected, response.content[:300]
    assert expected == 204 or response["Content-Type"].startswith("application/json")
    assert written == (expected < 400)
    if role == "anonymous":
        assert response["WWW-Authenticate"].startswith("Token")


def test_an_unknown_or_revoked_token_is_refused(api_for):
    api = api_for("editor")
    ApiToken.objects.filter(user=api.user).delete()
    resource = RESOURCES[0]
    assert api.post(resource.list_url(), resource.create(), format="json").status_code == 401
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert forged.get("/api/v1/projects/").status_code == 401


def test_the_token_of_a_deactivated_editor_no_longer_writes(api_for):
    api = api_for("editor")
    User.objects.filter(pk=api.user.pk).update(is_active=False)
    resource = RESOURCES[0]
    assert api.post(resource.list_url(), resource.create(), format="json").status_code == 401


@pytest.mark.parametrize(
    ("name", "model", "lookup"),
    [
        ("countries", Country, lambda: "KZ"),
        ("sectors", Sector, lambda: Project.objects.first().sector.slug),
        ("sources", Source, lambda: TradeStatistic.objects.first().source_id),
        # Links a delete would drop without a word (an API consumer's and an editor's finding):
        # a source a published project cites, a summit a published commitment was made at.
        ("sources", Source, lambda: cited_only_through_links().pk),
        ("summits", Summit, lambda: Commitment.objects.published().exclude(made_at=None).first()
         .made_at.slug),
    ],
    ids=["countries", "sectors", "sources", "cited-sources", "summits"],
)  # fmt: skip
def test_deleting_a_record_others_depend_on_is_refused_with_a_message(api_for, name, model, lookup):
    """A manager may delete, but not what other records still point at: a 409 with a message,
    never a server error, and nothing is deleted."""
    api = api_for("manager")
    before = model.objects.count()
    response = api.delete(f"/api/v1/{name}/{lookup()}/")
    assert response.status_code == 409, response.content[:300]
    assert response.json()["detail"]
    assert model.objects.count() == before


def cited_only_through_links():
    """A source that only published records' links cite (no reference forbids its delete)."""
    return (
        Source.objects.filter(projects__publication_status="published")
        .filter(trade_statistics=None, evidence=None, milestones=None)
        .first()
    )


def test_a_record_nothing_public_links_to_can_still_be_deleted(api_for):
    api = api_for("manager")
    loose = Source.objects.create(title="Unused", publisher="Nobody", url="https://x.test/")
    assert api.delete(f"/api/v1/sources/{loose.pk}/").status_code == 204
    assert not Source.objects.filter(pk=loose.pk).exists()


# Admin

CONTENT = {"add", "change"}
EVERYTHING = {"add", "change", "delete"}
HANGING_OFF_A_RECORD = {"strategy", "projectpartner", "projectmilestone", "outcome", "evidence"}


def may(role, label):
    """What the role may do to the model in the admin, as the groups and admin classes say."""
    app_label, model_name = label.split(".")
    if role in ("anonymous", "reader"):
        return set()
    if label == "cooperation.apitoken":
        # Editors make their own tokens; managers also revoke editors' (the target's).
        if role == "staff":
            return set()
        return {"add", "delete"} if role == "manager" else {"add"}
    if role == "staff":
        return set()
    if label == "axes.accessattempt" and role == "manager":
        return {"delete"}  # lifting a lockout
    if app_label == "cooperation":
        if model_name == "correctionreport":  # made by visitors only
            return {"change", "delete"} if role == "manager" else {"change"}
        if role == "manager" or model_name in HANGING_OFF_A_RECORD:
            return EVERYTHING
        return CONTENT
    if label == "auth.user" and role == "manager":
        return EVERYTHING
    return set()  # groups, and anything else registered: superusers only


ADMIN_MODELS = sorted(model._meta.label_lower for model in admin.site._registry)


def admin_target(label):
    """A record of the model to change or delete."""
    if label == "cooperation.correctionreport":
        project = Project.objects.first()
        return CorrectionReport.objects.create(
            content_type=ContentType.objects.get_for_model(Project),
            object_id=project.pk,
            record_label=str(project),
            page_url=project.get_absolute_url(),
            message="The date is wrong.",
        )
    if label == "cooperation.apitoken":
        someone = User.objects.create_user("someone-else", is_staff=True)
        someone.groups.add(Group.objects.get(name="Editors"))
        return token_create(user=someone)[0]
    if label == "auth.user":
        return User.objects.create_user("someone-else", is_staff=True)
    if label == "auth.group":
        return Group.objects.get(name="Editors")
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    return model._default_manager.order_by("-pk").first()


def still_exists(target):
    return type(target)._default_manager.filter(pk=target.pk).exists()


def admin_url(label, action, target):
    app_label, model_name = label.split(".")
    if action == "add":
        return reverse(f"admin:{app_label}_{model_name}_add")
    pk = target.pk if target is not None else 0
    return reverse(f"admin:{app_label}_{model_name}_{action}", args=[pk])


@pytest.mark.parametrize("label", ADMIN_MODELS)
@pytest.mark.parametrize("action", ["add", "change", "delete"])
@pytest.mark.parametrize("role", ROLES)
def test_admin_writes_follow_the_roles(client_for, role, action, label):
    """Each write posted as an editor would post it: an (empty) add or change form, and the
    delete confirmation. Allowed: the form comes back with its errors (200), or the record is
    deleted (302) or shown as protected (200). Refused: 403, and nothing changes."""
    client = client_for(role)
    target = admin_target(label) if action != "add" else None
    url = admin_url(label, action, target)
    data = {"post": "yes"} if action == "delete" else {}
    response = client.post(url, data)
    allowed = action in may(role, label)
    if role in ("anonymous", "reader"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif allowed and action == "delete":
        assert response.status_code in (200, 302)  # deleted, or shown what protects it
    elif allowed:
        assert response.status_code == 200  # the empty form again, with its errors
    elif label == "cooperation.apitoken" and response.status_code == 302:
        # Someone else's token is not even found by an editor: back to the index, untouched.
        assert role != "manager"
        assert response["Location"] == reverse("admin:index")
    else:
        assert response.status_code == 403
    if target is not None:
        gone = not still_exists(target)
        assert gone == (allowed and action == "delete" and response.status_code == 302)


def test_an_editor_sees_only_their_own_tokens(client_for):
    client = client_for("editor")
    mine = token_create(user=client.user, name="mine")[0]
    theirs = admin_target("cooperation.apitoken")
    theirs.name = "theirs"
    theirs.save()
    assert client.get(admin_url("cooperation.apitoken", "change", mine)).status_code == 200
    hidden = client.get(admin_url("cooperation.apitoken", "change", theirs))
    assert hidden.status_code == 302 and hidden["Location"] == reverse("admin:index")
    listing = client.get(reverse("admin:cooperation_apitoken_changelist"))
    assert "mine (" in listing.text and "theirs (" not in listing.text


def test_an_editor_cannot_make_a_token_for_someone_else(client_for):
    client = client_for("editor")
    someone = User.objects.create_user("someone-else", is_staff=True)
    response = client.post(reverse("admin:cooperation_apitoken_add"), {"user": someone.pk})
    assert response.status_code == 200  # the form again: not a choice
    assert not ApiToken.objects.filter(user=someone).exists()


def test_an_editor_deletes_their_own_token(client_for):
    client = client_for("editor")
    mine = token_create(user=client.user)[0]
    response = client.post(admin_url("cooperation.apitoken", "delete", mine), {"post": "yes"})
    assert response.status_code == 302
    assert not still_exists(mine)


def test_a_manager_cannot_post_superuser_powers_for_themselves(client_for):
    client = client_for("manager")
    manager = client.user
    url = reverse("admin:auth_user_change", args=[manager.pk])
    data = admin_form_data(client.get(url).context["adminform"].form)
    data.update(
        is_superuser="on",
        user_permissions=list(Permission.objects.values_list("pk", flat=True)),
        groups=list(Group.objects.values_list("pk", flat=True)),
    )
    client.post(url, data)
    manager.refresh_from_db()
    assert not manager.is_superuser
    assert not manager.user_permissions.exists()


@pytest.mark.parametrize("model", [Project, Sector, Source, Country], ids=lambda m: m.__name__)
def test_a_bulk_delete_by_an_editor_deletes_nothing(client_for, model):
    client = client_for("editor")
    chosen = list(model.objects.values_list("pk", flat=True)[:2])
    opts = model._meta
    response = client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
    )
    assert response.status_code in (200, 302)  # the action is not offered
    assert model.objects.filter(pk__in=chosen).count() == len(chosen)
