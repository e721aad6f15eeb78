import contextlib
import io

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from cooperation.services.accounts import token_create

PASSWORD = "a-long-test-password"

# Who asks: nobody signed in; signed in with no permission (not staff); staff with no group;
# an editor and a manager, made as `manage.py createeditor [--manager]` makes them.
ROLES = ["anonymous", "reader", "staff", "editor", "manager"]


@pytest.fixture(autouse=True)
def fresh_limits():
    """API throttles and the correction form's rate limit count in the cache."""
    cache.clear()


def make_user(role, username=None):
    if role == "anonymous":
        return None
    username = username or f"{role}-account"
    if role in ("editor", "manager"):
        options = {"manager": role == "manager"}
        call_command("createeditor", username=username, stdout=io.StringIO(), **options)
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        return user
    if role == "superuser":
        return User.objects.create_superuser(username, password=PASSWORD)
    return User.objects.create_user(username, password=PASSWORD, is_staff=role == "staff")


@pytest.fixture
def user_for(db):
    return make_user


@pytest.fixture
def client_for(db):
    """A browser signed in as the role (a session, as in the admin)."""

    def make(role, **kwargs):
        client = Client(**kwargs)
        user = make_user(role)
        if user is not None:
            client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def api_for(db):
    """An API client with the role's token (none for anonymous)."""

    def make(role):
        client = APIClient()
        user = make_user(role)
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user)[1]}")
        client.user = user
        return client

    return make


@contextlib.contextmanager
def module_data(django_db_blocker, build):
    """Records built once for a module, in a transaction rolled back at its end; each test runs
    in a savepoint inside it, as usual, so what a test changes is undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)
