"""S6: API tokens worth the name. Only a digest is stored; the key is shown once, on the page
that made it; tokens expire (90 days unless the owner chooses otherwise), end when the owner's
password changes or the account is deactivated, and list their last use. Managers revoke the
tokens of editors but never read a key, and never see the tokens of managers or superusers
(finding E7: a manager made a token for the superuser and wrote through the API as them)."""

import datetime
import hashlib
import importlib
import re

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cooperation.models import ApiToken
from cooperation.services.accounts import token_create

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
KEY = re.compile(r'value="([0-9a-f]{64})"')


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def person(username, *groups, superuser=False):
    if superuser:
        return User.objects.create_superuser(username, password=PASSWORD)
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def editor():
    return person("desk", "Editors")


@pytest.fixture
def manager():
    return person("boss", "Editors", "Managers")


def reads_as(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/projects/", {"publication_status": "all"}).status_code


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def make_in_admin(client, user, **fields):
    data = {"user": user.pk, "name": "newsroom sync", "expires_on": in_days(90), **fields}
    return client.post(reverse("admin:cooperation_apitoken_add"), data)


def test_only_a_digest_of_the_key_is_stored(editor):
    token, key = token_create(user=editor, name="sync")
    assert token.digest == hashlib.sha512(key.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in repr(stored)
    assert len(key) == 64 and stored["token_key"] == key[:15]
    assert reads_as(key) == 200


def test_the_key_is_shown_once_on_the_page_that_made_it(client, editor):
    client.force_login(editor)
    made = make_in_admin(client, editor)
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    key = KEY.search(made.text).group(1)
    assert reads_as(key) == 200
    token = ApiToken.objects.get(user=editor)
    for page in (
        client.get(reverse("admin:cooperation_apitoken_changelist")),
        client.get(reverse("admin:cooperation_apitoken_change", args=[token.pk])),
    ):
        assert page.status_code == 200
        assert key not in page.text and token.digest not in page.text
        assert "newsroom sync" in page.text


def test_a_token_expires_in_ninety_days_unless_its_owner_says_otherwise(client, editor):
    token, key = token_create(user=editor)
    assert abs(token.expiry - (timezone.now() + datetime.timedelta(days=90))) < datetime.timedelta(
        minutes=1
    )
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(1))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    expired = api.get("/api/v1/projects/", {"publication_status": "all"})
    assert expired.status_code == 401
    assert expired.json()["detail"] == "This token has expired."
    client.force_login(editor)
    listing = client.get(reverse("admin:cooperation_apitoken_changelist"))
    assert "expired" in listing.text  # still listed, so its owner knows why


def test_the_owner_chooses_and_moves_the_expiry_within_a_year(client, editor):
    client.force_login(editor)
    assert make_in_admin(client, editor, expires_on=in_days(400)).status_code == 200
    assert not ApiToken.objects.exists()  # the form again: at most 365 days
    assert "at most 365 days" in make_in_admin(client, editor, expires_on=in_days(400)).text
    assert KEY.search(make_in_admin(client, editor, expires_on=in_days(30)).text)
    token = ApiToken.objects.get()
    assert token.expiry.date().isoformat() == in_days(30)
    url = reverse("admin:cooperation_apitoken_change", args=[token.pk])
    moved = client.post(url, {"name": "renamed", "expires_on": in_days(200)})
    assert moved.status_code == 302
    token.refresh_from_db()
    assert token.name == "renamed" and token.expiry.date().isoformat() == in_days(200)


def test_a_password_change_ends_the_owners_tokens(client, editor, manager):
    _token, key = token_create(user=editor)
    _other, other_key = token_create(user=manager)
    client.force_login(manager)
    url = reverse("admin:auth_user_password_change", args=[editor.pk])
    changed = client.post(
        url, {"password1": "another-long-password", "password2": "another-long-password"}
    )
    assert changed.status_code == 302
    assert reads_as(key) == 401
    assert reads_as(other_key) == 200
    # set_password() from any other door (changepassword, the shell) does the same.
    _token, key = token_create(user=editor)
    editor.set_password("a-third-long-password")
    editor.save()
    assert reads_as(key) == 401


def test_signing_in_never_ends_tokens(client, editor):
    _token, key = token_create(user=editor)
    client.post(reverse("admin:login"), {"username": "desk", "password": PASSWORD})
    assert reads_as(key) == 200


def test_deactivation_ends_tokens_for_good(editor):
    _token, key = token_create(user=editor)
    editor.is_active = False
    editor.save()
    assert reads_as(key) == 401
    editor.is_active = True
    editor.save()
    assert reads_as(key) == 401  # reactivated: a new token is needed
    assert not ApiToken.objects.filter(user=editor).exists()


def test_owners_see_when_each_token_was_last_used(client, editor):
    token, key = token_create(user=editor, name="nightly")
    assert token.last_used_at is None
    assert reads_as(key) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    client.force_login(editor)
    listing = client.get(reverse("admin:cooperation_apitoken_changelist"))
    assert "nightly" in listing.text
    assert "Last used" in listing.text


def test_a_manager_revokes_an_editors_token_without_ever_reading_it(client, editor, manager):
    token, key = token_create(user=editor, name="editor's sync")
    client.force_login(manager)
    listing = client.get(reverse("admin:cooperation_apitoken_changelist"))
    assert "editor&#x27;s sync" in listing.text
    detail = client.get(reverse("admin:cooperation_apitoken_change", args=[token.pk]))
    assert detail.status_code == 200
    for page in (listing, detail):
        assert key not in page.text and token.digest not in page.text
    # Read only: a manager cannot move another person's token's expiry.
    forged = client.post(
        reverse("admin:cooperation_apitoken_change", args=[token.pk]),
        {"name": "taken over", "expires_on": in_days(300)},
    )
    assert forged.status_code == 403
    deleted = client.post(
        reverse("admin:cooperation_apitoken_delete", args=[token.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert reads_as(key) == 401


@pytest.mark.parametrize("whose", ["superuser", "other manager"])
def test_a_manager_cannot_make_see_or_revoke_tokens_of_managers_or_superusers(
    client, manager, whose
):
    """E7: a manager made a token for the superuser, read it, and wrote as them."""
    if whose == "superuser":
        target = person("root", superuser=True)
    else:
        target = person("other-boss", "Editors", "Managers")
    token, key = token_create(user=target, name="their token")
    client.force_login(manager)
    made = make_in_admin(client, target)
    assert made.status_code == 200 and not KEY.search(made.text)
    assert "Select a valid choice" in made.text
    assert ApiToken.objects.filter(user=target).count() == 1
    listing = client.get(reverse("admin:cooperation_apitoken_changelist"))
    assert "their token" not in listing.text
    hidden = client.get(reverse("admin:cooperation_apitoken_change", args=[token.pk]))
    assert hidden.status_code == 302 and hidden["Location"] == reverse("admin:index")
    client.post(reverse("admin:cooperation_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert reads_as(key) == 200


def test_an_editor_makes_tokens_for_themselves_only(client, editor):
    someone = person("other-desk", "Editors")
    client.force_login(editor)
    forged = make_in_admin(client, someone)
    assert "Select a valid choice" in forged.text
    assert not ApiToken.objects.filter(user=someone).exists()


def test_staff_without_a_role_have_no_tokens(client):
    staff = person("no-role")
    client.force_login(staff)
    assert make_in_admin(client, staff).status_code == 403
    assert client.get(reverse("admin:cooperation_apitoken_changelist")).status_code == 403


def test_the_old_plain_keys_are_hashed_and_keep_working(editor):
    """Tokens made before this release were plain DRF keys: the migration keeps each working
    as a digest and deletes the plain key."""
    from django.apps import apps

    old = Token.objects.create(user=editor)
    migration = importlib.import_module("cooperation.migrations.0015_hash_existing_tokens")

    class Editor:
        pass

    schema_editor = Editor()
    schema_editor.connection = connection
    migration.hash_tokens(apps, schema_editor)
    assert not Token.objects.exists()
    migrated = ApiToken.objects.get(user=editor)
    assert migrated.digest == hashlib.sha512(old.key.encode()).hexdigest()
    assert migrated.created == old.created
    assert migrated.expiry > timezone.now() + datetime.timedelta(days=89)
    assert reads_as(old.key) == 200
