"""Open redirects. Wherever the site redirects to an address the request names (the language
switcher's `next` or Referer, the admin login's and logout's `next`, the admin's preserved
filters, the address itself), the browser stays on this site."""

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient

from cooperation.models import Project, Sector

from .checks import admin_form_data, is_on_site
from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ELSEWHERE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/",
    "///evil.example/",
    "////evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "\\/evil.example/",
    "/\t/evil.example/",
    " //evil.example/",
    "https:evil.example",
    "https:/evil.example",
    "http://testserver@evil.example/",
    "http://evil.example\\@testserver/",
    "HTTPS://EVIL.EXAMPLE/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://evil.example/",
]


def test_the_check_itself_tells_on_site_from_off_site():
    assert is_on_site("/en/projects/?country=KZ")
    assert is_on_site("http://testserver/en/")
    assert not any(is_on_site(target) for target in ELSEWHERE)


@pytest.mark.parametrize("method", ["post", "get"])
@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_language_switcher_stays_on_the_site(client, method, target):
    response = getattr(client, method)("/i18n/setlang/", {"language": "ru", "next": target})
    assert response.status_code in (204, 302)
    if response.status_code == 302:
        assert is_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_language_switcher_ignores_a_foreign_referer(client, target):
    response = client.post("/i18n/setlang/", {"language": "ru"}, HTTP_REFERER=target)
    assert response.status_code in (204, 302)
    if response.status_code == 302:
        assert is_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_in_to_the_admin_stays_on_the_site(client, target):
    make_user("editor", "ed")
    response = client.post(
        reverse("admin:login") + "?next=x",
        {"username": "ed", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert is_on_site(response["Location"]), response["Location"]
    assert client.get(reverse("admin:index")).status_code == 200  # signed in all the same


@pytest.mark.parametrize("target", ELSEWHERE[:6])
def test_an_editor_already_signed_in_is_not_sent_away(client, target):
    client.force_login(make_user("editor", "ed"))
    response = client.get(reverse("admin:login"), {"next": target})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert is_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", ELSEWHERE[:6])
def test_signing_out_stays_on_the_site(client, target):
    client.force_login(make_user("editor", "ed"))
    response = client.post(reverse("admin:logout"), {"next": target})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert is_on_site(response["Location"]), response["Location"]


def test_saving_in_the_admin_returns_to_the_admins_own_list(client):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    sector = Sector.objects.order_by("pk").first()
    url = reverse("admin:cooperation_sector_change", args=[sector.pk])
    form = client.get(url).context["adminform"].form
    data = admin_form_data(form)
    data["_changelist_filters"] = "next=//evil.example/"
    response = client.post(url + "?_changelist_filters=next%3D%2F%2Fevil.example", data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:cooperation_sector_changelist"))


def test_view_on_site_lands_on_this_site(client):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    project = Project.objects.published().first()
    content_type = ContentType.objects.get_for_model(Project)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, project.pk]))
    assert response.status_code == 302
    assert is_on_site(response["Location"]), response["Location"]


def test_a_correction_report_returns_to_the_record(client):
    import time

    from cooperation.views.corrections import form_token

    project = Project.objects.published().first()
    response = client.post(
        reverse("report-correction", kwargs={"kind": "project", "slug": project.slug})
        + "?next=https://evil.example/",
        {
            "message": "The start date should be 2015.",
            "token": form_token(time.time() - 10),
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/",
        "//evil.example/en/",
        "///evil.example/",
        "/\\evil.example/",
        "/%2F%2Fevil.example/",
        "/%5Cevil.example/",
        "/projects//evil.example",
        "/en//evil.example/",
        "/en/projects//evil.example/",
        "/favicon.ico//evil.example",
        "/i18n/setlang//evil.example/",
        "/admin//evil.example/",
        "/api/v1//evil.example/",
    ],
)
def test_addresses_that_look_like_another_site_stay_on_this_one(client, path):
    """Language prefixes and trailing slashes are added by redirects; none may turn a path into
    another host."""
    response = client.get("/", PATH_INFO=path)
    assert response.status_code in (200, 301, 302, 400, 404)
    if response.status_code in (301, 302):
        assert is_on_site(response["Location"]), response["Location"]


def test_links_the_api_builds_ignore_a_forwarded_host():
    response = APIClient().get(
        "/api/v1/projects/", {"page_size": 1}, HTTP_X_FORWARDED_HOST="evil.example"
    )
    assert response.status_code == 200
    assert b"evil.example" not in response.content
    assert response.json()["next"].startswith("http://testserver/")


def test_a_foreign_host_header_is_refused(client):
    response = client.get("/en/projects/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.content or b"Invalid" in response.content
