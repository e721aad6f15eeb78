"""Cross-site request forgery. Every form that changes something, posted from a browser that
enforces CSRF checks as a real one does: refused (403) without the token, accepted with it.
API writes made with a session need the token too; writes made with an API token do not, since
a browser never sends that token by itself."""

import time

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from cooperation.models import CorrectionReport, Project, Sector
from cooperation.services.accounts import token_create
from cooperation.views.corrections import form_token

from .conftest import PASSWORD, make_user
from .resources import RESOURCES

pytestmark = pytest.mark.django_db


def browser(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def csrf_token(client, page):
    """The token as the page's form carries it: the cookie the page set."""
    assert client.get(page).status_code in (200, 302)
    return client.cookies["csrftoken"].value


@pytest.fixture
def root(db):
    return make_user("superuser", "root")


def post_both_ways(client, url, data, page):
    """The answer without the token, then with the one the page gave."""
    refused = client.post(url, data)
    token = csrf_token(client, page)
    accepted = client.post(url, {**data, "csrfmiddlewaretoken": token})
    return refused, accepted


# The admin


def test_the_admin_login_needs_the_token(db):
    make_user("editor", "ed")
    client = browser()
    login = reverse("admin:login")
    refused, accepted = post_both_ways(
        client, login, {"username": "ed", "password": PASSWORD}, login
    )
    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def admin_form(label):
    """An add or change form of the model that a superuser may post."""
    app_label, model_name = label.split(".")
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    if label == "cooperation.apitoken":
        return reverse("admin:cooperation_apitoken_add")
    if label == "cooperation.correctionreport":
        project = Project.objects.first()
        record = CorrectionReport.objects.create(
            content_type=ContentType.objects.get_for_model(Project),
            object_id=project.pk,
            record_label=str(project),
            page_url=project.get_absolute_url(),
            message="The date is wrong.",
        )
    else:
        record = model._default_manager.order_by("pk").first()
    if record is None:
        return reverse(f"admin:{app_label}_{model_name}_changelist")
    return reverse(f"admin:{app_label}_{model_name}_change", args=[record.pk])


ADMIN_MODELS = sorted(model._meta.label_lower for model in admin.site._registry)


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_every_admin_form_needs_the_token(root, label):
    client = browser(root)
    url = admin_form(label)
    refused, accepted = post_both_ways(client, url, {}, reverse("admin:index"))
    assert refused.status_code == 403
    assert b"CSRF" in refused.content
    assert accepted.status_code in (200, 302)  # the form with its errors, or the list


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_every_admin_list_action_needs_the_token(root, label):
    app_label, model_name = label.split(".")
    client = browser(root)
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    refused, accepted = post_both_ways(
        client, url, {"action": "delete_selected", "_selected_action": []}, url
    )
    assert refused.status_code == 403
    assert accepted.status_code in (200, 302)


def test_a_record_is_saved_only_with_the_token(root):
    client = browser(root)
    url = reverse("admin:cooperation_sector_add")
    data = {"name_en": "Forged sector", "slug": "forged-sector", "position": 1}
    refused, accepted = post_both_ways(client, url, data, url)
    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert Sector.objects.filter(slug="forged-sector").count() == 1


def last_project():
    return Project.objects.order_by("pk").last()


# Each: () -> (address, what the form posts).
OTHER_ADMIN_POSTS = {
    "delete": lambda: (
        reverse("admin:cooperation_project_delete", args=[last_project().pk]),
        {"post": "yes"},
    ),
    "publish-action": lambda: (
        reverse("admin:cooperation_project_changelist"),
        {"action": "unpublish", "_selected_action": [last_project().pk]},
    ),
    "logout": lambda: (reverse("admin:logout"), {}),
    "password-change": lambda: (
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": "x", "new_password2": "y"},
    ),
    "markdown-preview": lambda: (reverse("markdown-preview"), {"text": "*hi*"}),
    "trade-import": lambda: (reverse("admin:cooperation_tradestatistic_import"), {"format": "0"}),
    "project-import": lambda: (reverse("admin:cooperation_project_import"), {"format": "0"}),
    "token-add": lambda: (
        reverse("admin:cooperation_apitoken_add"),
        {"user": User.objects.get(username="root").pk},
    ),
    "history-revert": lambda: (
        reverse(
            "admin:cooperation_project_simple_history",
            args=[last_project().pk, last_project().history.earliest().history_id],
        ),
        {},
    ),
}


@pytest.mark.parametrize("name", OTHER_ADMIN_POSTS)
def test_other_admin_posts_need_the_token(root, name):
    url, data = OTHER_ADMIN_POSTS[name]()
    client = browser(root)
    refused = client.post(url, data)
    assert refused.status_code == 403
    token = csrf_token(client, reverse("admin:index"))
    accepted = client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert accepted.status_code in (200, 302)


def test_a_token_from_another_browser_is_refused(root):
    mine, theirs = browser(root), browser(make_user("manager", "other-manager"))
    token = csrf_token(theirs, reverse("admin:index"))
    csrf_token(mine, reverse("admin:index"))
    response = mine.post(
        reverse("admin:cooperation_sector_add"),
        {"name_en": "Forged", "slug": "forged", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 403
    assert not Sector.objects.filter(slug="forged").exists()


# Public forms


def test_the_correction_form_needs_the_token(client):
    project = Project.objects.published().first()
    client = browser()
    url = reverse("report-correction", kwargs={"kind": "project", "slug": project.slug})
    data = {
        "message": "The start date should be 2015.",
        "token": form_token(time.time() - 10),
    }
    refused, accepted = post_both_ways(client, url, data, url)
    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert CorrectionReport.objects.count() == 1


def test_the_language_switcher_needs_the_token(db):
    client = browser()
    data = {"language": "ru", "next": "/en/projects/"}
    refused = client.post("/i18n/setlang/", data)
    assert refused.status_code == 403
    token = csrf_token(client, reverse("admin:login"))
    accepted = client.post("/i18n/setlang/", {**data, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert accepted["Location"] == "/ru/projects/"


# The API


SUCCESS = {"post": 201, "put": 200, "patch": 200, "delete": 204}


def api_write(api, method, resource, record, **headers):
    if method == "post":
        return api.post(resource.list_url(), resource.create(), format="json", **headers)
    url = resource.detail_url(record)
    if method == "delete":
        return api.delete(url, **headers)
    body = resource.replace(record) if method == "put" else resource.change
    return getattr(api, method)(url, body, format="json", **headers)


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_writes_with_a_session_need_the_token(resource, method):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(make_user("manager", "session-manager"))
    record = resource.fresh()
    refused = api_write(api, method, resource, record)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert resource.model.objects.filter(pk=record.pk).exists()
    token = csrf_token(api, reverse("admin:index"))
    accepted = api_write(api, method, resource, record, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == SUCCESS[method], accepted.content[:300]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_writes_with_a_token_need_no_csrf_token(method):
    api = APIClient(enforce_csrf_checks=True)
    user = make_user("manager", "token-manager")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user)[1]}")
    resource = RESOURCES[1]
    response = api_write(api, method, resource, resource.fresh())
    assert response.status_code == SUCCESS[method]
