"""With Redis stopped the site keeps serving from the database: pages, the API, rate limits
(which let requests through rather than refuse everyone), correction reports and sign-in. With
Redis up, rate limits hold across app servers because the counts live there."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.throttling import SimpleRateThrottle

from cooperation.models import CorrectionReport, Project

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}
LIVE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/13",
        "KEY_PREFIX": "tracker-tests",
    }
}


@pytest.fixture
def strict_rates(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "3/minute", "user": "3/minute", "export": "3/minute"},
    )


@override_settings(CACHES=DEAD_REDIS)
def test_with_redis_down_the_api_answers_and_rate_limits_let_requests_through(
    client, strict_rates, settings
):
    settings.PUBLIC_CACHE_SECONDS = 300
    statuses = {client.get("/api/v1/sectors/").status_code for _ in range(6)}
    assert statuses == {200}


@override_settings(CACHES=DEAD_REDIS)
def test_with_redis_down_pages_search_and_exports_answer(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    for url in [
        "/en/", "/en/projects/?country=KZ", "/en/search/?q=railway", "/en/trade/",
        "/api/v1/trade-statistics/summary/", "/api/v1/projects/?format=csv",
    ]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url


@override_settings(CACHES=DEAD_REDIS)
def test_with_redis_down_readers_can_still_report_a_correction(client):
    from tests.test_change_log_and_corrections import report

    project = Project.objects.published().first()
    assert report(client, project).status_code == 302
    assert CorrectionReport.objects.count() == 1


@override_settings(CACHES=DEAD_REDIS)
def test_with_redis_down_editors_sign_in_and_save(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin_user.username, "password": "password"}
    )
    assert response.status_code == 302
    assert client.get("/admin/cooperation/project/").status_code == 200


@override_settings(CACHES=LIVE_REDIS)
def test_with_redis_up_the_rate_limit_is_shared_by_every_app_server(strict_rates):
    from django.test import Client

    cache.clear()
    servers = [Client(), Client()]  # no shared state but Redis
    statuses = [servers[n % 2].get("/api/v1/sectors/").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    cache.clear()
