"""Production refuses to start half-configured, and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .seeded_database import seeded_copy

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-production-test-key-" + "z" * 20


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_stops_with_a_message_naming_it():
    result = manage("check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="tracker.example")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_with_a_short_secret_key_stops():
    result = manage(
        "check",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="short",
        DJANGO_ALLOWED_HOSTS="tracker.example",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_stops_with_a_message_naming_them():
    result = manage("check", DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_a_bad_boolean_is_a_clear_error():
    result = manage("check", DJANGO_DEBUG="perhaps")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="tracker.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/15"])
def test_redis_url_selects_the_redis_cache(url):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        REDIS_URL=url,
    )
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout


PRODUCTION_RESPONSES = """
import json
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
visitor = Client(raise_request_exception=False, HTTP_X_FORWARDED_PROTO="https")
page = visitor.get("/healthz", SERVER_NAME="tracker.example")
plain = visitor.get("/healthz", SERVER_NAME="tracker.example", HTTP_X_FORWARDED_PROTO="http")
missing = visitor.get("/en/no-such-page/", SERVER_NAME="tracker.example")
print(json.dumps({
    "headers": dict(page.headers),
    "plain": [plain.status_code, plain.get("Location", "")],
    "missing": [missing.status_code, missing.content.decode()[:3000]],
}))
"""


@pytest.mark.slow  # a production process of its own, on a database it migrates
@pytest.mark.own_sqlite
def test_production_responses_carry_the_protective_headers_and_no_debug_pages(tmp_path):
    import json

    production = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": GOOD_KEY,
        "DJANGO_ALLOWED_HOSTS": "tracker.example",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        # A migrated scratch database (a clean clone has none, and the site answers 503
        # while its tables are missing): a copy of the seeded template, which spares a migration.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    seeded_copy(tmp_path / "db.sqlite3")
    collected = manage("collectstatic", "--noinput", **production)
    assert collected.returncode == 0, collected.stderr
    result = manage("shell", "-c", PRODUCTION_RESPONSES, **production)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # Plain HTTP through the proxy is sent to HTTPS.
    assert seen["plain"] == [301, "https://tracker.example/healthz"]
    status, body = seen["missing"]
    assert status == 404
    assert "Page not found" in body and "Traceback" not in body and "URLconf" not in body


def test_production_logs_are_json_lines():
    import json

    result = manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('cooperation').warning('disk nearly full')",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="tracker.example",
    )
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "disk nearly full"
    assert entry["level"] == "WARNING" and entry["logger"] == "cooperation"
    assert entry["request_id"] == "-"


def test_a_bad_log_format_is_a_clear_error():
    result = manage("check", DJANGO_LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be json or text" in result.stderr


def test_production_cookies_carry_the_host_prefix():
    """S16 (ASVS 3.3.1): cookie names without a __Host- prefix could be set by another host."""
    import json

    result = manage(
        "shell",
        "-c",
        "import json; from django.conf import settings as s;"
        " print(json.dumps([s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN, s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH,"
        " s.LANGUAGE_COOKIE_SECURE]))",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="tracker.example",
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == [
        "__Host-sessionid", "__Host-csrftoken", True, True, None, None, "/", "/", True
    ]  # fmt: skip
