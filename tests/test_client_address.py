"""The visitor's address that every rate limit and the login lockout count (S1, S2): from
X-Forwarded-For only behind the configured number of proxies, and only when the request comes
from one of them; a client that reaches the app server directly is counted as itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from cooperation.limits import client_ip

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def address_of(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_with_no_proxy_configured_the_header_is_ignored(settings):
    settings.NUM_PROXIES = 0
    assert address_of("203.0.113.5", "198.51.100.1") == "203.0.113.5"


def test_behind_one_proxy_the_address_it_wrote_counts(settings):
    settings.NUM_PROXIES = 1
    assert address_of("127.0.0.1", "198.51.100.1") == "198.51.100.1"
    # What a client put before the proxy's own entry is not trusted.
    assert address_of("127.0.0.1", "10.9.9.9, 198.51.100.1") == "198.51.100.1"


def test_behind_two_proxies_the_second_entry_from_the_right_counts(settings):
    settings.NUM_PROXIES = 2
    assert address_of("127.0.0.1", "10.9.9.9, 198.51.100.1, 10.0.0.2") == "198.51.100.1"


def test_a_client_reaching_the_app_server_directly_cannot_choose_its_address(settings):
    """S2: sent straight to gunicorn's port, a rotating X-Forwarded-For defeated the lockout."""
    settings.NUM_PROXIES = 1
    assert address_of("203.0.113.50", "198.51.100.1") == "203.0.113.50"


def test_a_forwarded_value_that_is_no_address_is_not_counted(settings):
    settings.NUM_PROXIES = 1
    assert address_of("127.0.0.1", "not-an-address") == "127.0.0.1"
    assert address_of("127.0.0.1", "") == "127.0.0.1"


def test_trusted_proxies_are_read_from_the_environment(monkeypatch):
    from config.settings import env_networks

    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16")
    networks = [str(n) for n in env_networks("DJANGO_TRUSTED_PROXIES")]
    assert networks == ["10.0.0.5/32", "10.1.0.0/16"]
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "proxy.internal")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXIES"):
        env_networks("DJANGO_TRUSTED_PROXIES")


def test_the_login_lockout_holds_against_a_rotating_header_sent_directly(client, settings):
    settings.NUM_PROXIES = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "someone", "password": "guess"},
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}


def test_api_throttles_count_the_visitor_behind_the_proxy_not_the_proxy(
    client, settings, monkeypatch
):
    from rest_framework.throttling import SimpleRateThrottle

    settings.NUM_PROXIES = 1
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "3/minute", "user": "3/minute", "export": "3/minute"},
    )

    def read(remote="127.0.0.1", forwarded="198.51.100.1"):
        return client.get(
            "/api/v1/sectors/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [read() for _ in range(4)] == [200, 200, 200, 429]
    assert read(forwarded="198.51.100.2") == 200
    # Sent straight to the app server, a new header each time buys nothing.
    direct = [read("203.0.113.60", f"10.0.0.{visitor}") for visitor in range(4)]
    assert direct == [200, 200, 200, 429]


def gunicorn_check(bind):
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--check-config"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "GUNICORN_WORKERS": "1", "GUNICORN_BIND": bind},
    )  # fmt: skip


def test_the_shipped_gunicorn_configuration_refuses_to_listen_on_every_interface():
    """S2: the documented deployment bound gunicorn to 0.0.0.0:8000."""
    for bind in ("0.0.0.0:8000", "[::]:8000", ":8000"):
        result = gunicorn_check(bind)
        assert result.returncode != 0, bind
        assert "every network interface" in result.stderr + result.stdout


def test_the_shipped_gunicorn_configuration_listens_on_loopback_by_default():
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("gunicorn_conf", ROOT / "deploy/gunicorn.conf.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    if "GUNICORN_BIND" not in os.environ:
        assert module.bind == ["127.0.0.1:8000"]


def test_the_documented_deployment_binds_no_public_port():
    deployment = (ROOT / "docs/deployment.md").read_text()
    assert "GUNICORN_BIND=0.0.0.0" not in deployment
    assert "GUNICORN_BIND=10.0.0.11:8000" in deployment
    proxy = (ROOT / "deploy/nginx/tracker-proxy.conf").read_text()
    # nginx writes the header itself: whatever the client sent is replaced.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in proxy
