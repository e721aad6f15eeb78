import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.test import APIClient

from cooperation.services.accounts import token_create


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def reader_api(db):
    """Signed in with a token, but with no editing permission."""
    user = User.objects.create_user("reader", password="a-long-test-password")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user)[1]}")
    return client
