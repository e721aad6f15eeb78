"""Two app servers sharing PostgreSQL and Redis behind nginx, as in docs/deployment.md.

Real processes on loopback, started with this repository's own configuration
(deploy/gunicorn.conf.py, deploy/nginx/tracker-proxy.conf): a sign-in on one server is valid on
the other, an edit through one shows at once in the other's cached pages, and killing one server
loses nothing: nginx sends the traffic to the other and every write that was answered is stored.
"""

import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import redis
from django.db import connection

from .seeded_database import ScratchDatabases

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "khorgos-gateway-dry-port"
REDIS_URL = "redis://127.0.0.1:6379/9"

# Starts nginx, two gunicorn servers and a copy of the database: tens of seconds.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the app servers share a PostgreSQL database"
    ),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


class Browser:
    """One visitor: cookies kept, redirects not followed, errors returned as answers."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, url, data=None, method=None, headers=None):
        body = None
        headers = dict(headers or {})
        if isinstance(data, dict) and method in ("PATCH", "PUT"):
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def sign_in(self, base, username, password):
        self.request(f"{base}/admin/login/")
        status, headers, _ = self.request(
            f"{base}/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": self.cookie("csrftoken"),
                "username": username,
                "password": password,
                "next": "/admin/",
            },
            headers={"Referer": f"{base}/admin/login/"},
        )
        assert status == 302 and headers["Location"] == "/admin/", status

    def patch(self, url, fields):
        return self.request(url, fields, "PATCH", {"X-CSRFToken": self.cookie("csrftoken")})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def shared_database(django_db_blocker, tmp_path):
    """A committed copy of the seeded test database that the app servers share (they cannot
    see the test's own transaction)."""
    scratch = ScratchDatabases(connection, tmp_path, prefix="tracker_scale_out")
    with django_db_blocker.unblock():
        url = scratch.create(copy_of_test_database=True)
    yield url
    scratch.drop_all()


@pytest.fixture
def shared_cache():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"scale-out-{uuid.uuid4().hex[:8]}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def app_servers(shared_database, shared_cache, tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": shared_database,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": shared_cache,
        "DJANGO_SECRET_KEY": "scale-out-" + uuid.uuid4().hex * 2,
        "DJANGO_DEBUG": "false",
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "PUBLIC_CACHE_SECONDS": "300",
        "API_THROTTLES": "false",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    subprocess.run(
        [sys.executable, "manage.py", "createeditor", "--username", "scale-out-editor"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    # The printed password must be replaced at the first sign-in; the editor has chosen theirs.
    password = "scale-out-" + uuid.uuid4().hex
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.contrib.auth.models import User;"
         "u = User.objects.get(username='scale-out-editor');"
         f"u.set_password('{password}'); u.save()"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    servers = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, start_new_session=True,
        )  # fmt: skip
        servers.append((f"http://127.0.0.1:{port}", process))
    try:
        for base, process in servers:
            wait_for(f"{base}/healthz", process)
        yield servers, password
    finally:
        for _base, process in servers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


@pytest.fixture
def nginx(app_servers, tmp_path):
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    servers, _password = app_servers
    port = free_port()
    upstream = "\n".join(
        f"    server {base.removeprefix('http://')} max_fails=1 fail_timeout=10s;"
        for base, _process in servers
    )
    (tmp_path / "nginx.conf").write_text(
        f"""
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    upstream tracker_app {{
{upstream}
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        include {ROOT}/deploy/nginx/tracker-proxy.conf;
    }}
}}
"""
    )
    process = subprocess.Popen(
        [binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_sign_in_on_one_server_is_valid_on_the_other(app_servers):
    (first, _), (second, _) = app_servers[0]
    editor = Browser()
    editor.sign_in(first, "scale-out-editor", app_servers[1])

    status, _headers, body = editor.request(f"{second}/admin/")
    assert status == 200
    assert "scale-out-editor" in body
    assert Browser().request(f"{second}/admin/")[0] == 302  # a stranger is sent to sign in


def test_an_edit_through_one_server_shows_at_once_in_the_others_cached_pages(app_servers):
    (first, _), (second, _) = app_servers[0]
    page = f"/en/projects/{PROJECT}/"
    reader = Browser()
    # As nginx sends it to every app server: the site's name, no port (the cache keys by host).
    same_host = {"Host": "localhost"}

    assert reader.request(first + page, headers=same_host)[1]["X-Cache"] == "miss"
    status, headers, body = reader.request(second + page, headers=same_host)
    assert status == 200 and headers["X-Cache"] == "hit"  # the cache is shared
    assert "Changed through the first server" not in body

    editor = Browser()
    editor.sign_in(first, "scale-out-editor", app_servers[1])
    status, _headers, body = editor.patch(
        f"{first}/api/v1/projects/{PROJECT}/", {"title": "Changed through the first server"}
    )
    assert status == 200, body

    status, headers, body = reader.request(second + page, headers=same_host)
    assert status == 200 and headers["X-Cache"] == "miss"
    assert "Changed through the first server" in body
    _status, _headers, body = reader.request(f"{second}/api/v1/projects/{PROJECT}/")
    assert json.loads(body)["title"] == "Changed through the first server"


def test_killing_one_server_loses_nothing(app_servers, nginx, shared_database):
    servers, password = app_servers
    (_first, doomed), (second, _) = servers
    editor = Browser()
    editor.sign_in(nginx, "scale-out-editor", password)
    reader = Browser()
    # Each read a different address; the API refuses parameters it does not read.
    paths = ["/en/?visit=", f"/en/projects/{PROJECT}/?visit=", "/api/v1/projects/?page_size="]

    def visit(number):
        if number % 4 == 0:
            status, _headers, body = editor.patch(
                f"{nginx}/api/v1/projects/{PROJECT}/", {"summary": f"Write number {number}."}
            )
            return "write", status, json.loads(body)["summary"] if status == 200 else body
        status, _headers, _body = reader.request(f"{nginx}{paths[number % 3]}{number + 1}")
        return "read", status, None

    with ThreadPoolExecutor(max_workers=4) as pool:
        visits = [pool.submit(visit, number) for number in range(200)]
        while sum(v.done() for v in visits) < 60:
            time.sleep(0.05)
        os.killpg(doomed.pid, signal.SIGKILL)  # the whole first server, mid-load
        doomed.wait(timeout=10)
        answers = [v.result() for v in visits]

    # nginx retries reads on the other server; a write the dead server had already received
    # cannot be retried safely, so at most one per worker thread gets 502 and no answer.
    failed_reads = [status for kind, status, _ in answers if kind == "read" and status != 200]
    assert failed_reads == []
    answered = [summary for kind, status, summary in answers if kind == "write" and status == 200]
    unanswered = [status for kind, status, _ in answers if kind == "write" and status != 200]
    assert set(unanswered) <= {502} and len(unanswered) <= 4, unanswered
    assert len(answered) + len(unanswered) == 50

    # Every answered write is stored, each with its history row, and the sign-in survived.
    with psycopg.connect(shared_database.replace("postgres://", "postgresql://")) as db:
        stored = {
            row[0]
            for row in db.execute(
                "SELECT p.summary_en FROM cooperation_historicalproject p "
                "JOIN auth_user u ON u.id = p.history_user_id "
                "WHERE u.username = 'scale-out-editor' AND p.summary_en LIKE 'Write number %%'"
            )
        }
    assert set(answered) <= stored
    status, _headers, body = editor.request(f"{nginx}/admin/")
    assert status == 200 and "scale-out-editor" in body
    assert editor.request(f"{second}/admin/")[0] == 200
