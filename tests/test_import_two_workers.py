"""Ten imports in a row through one app server with two gunicorn workers and no Redis, as
`gunicorn -w 2` serves a fresh clone: the dry run and its confirmation may land on different
workers, and every confirmation must still import (it used to answer 500 about half the time)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

from .seeded_database import ScratchDatabases, template_for
from .test_scale_out import Browser, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent

# Starts a gunicorn server with two workers on a copy of the seeded database: about 15 s.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def database_copy(django_db_blocker, tmp_path):
    """A committed copy of the seeded database that the server's workers share."""
    if connection.vendor == "sqlite":
        # The seeded template itself: an SQLite backup would wait on the test's open transaction.
        copy = tmp_path / "tracker.sqlite3"
        shutil.copyfile(template_for(connection.settings_dict).path, copy)
        yield f"sqlite:///{copy}"
        return
    scratch = ScratchDatabases(connection, tmp_path, prefix="tracker_imports")
    with django_db_blocker.unblock():
        url = scratch.create(copy_of_test_database=True)
    yield url
    scratch.drop_all()


@pytest.fixture
def two_workers(database_copy, tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_copy,
        "DJANGO_SECRET_KEY": "imports-" + uuid.uuid4().hex * 2,
        "DJANGO_DEBUG": "false",
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "API_THROTTLES": "false",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    password = "imports-" + uuid.uuid4().hex
    script = (
        "from django.contrib.auth.models import Group, User;"
        "from cooperation.models import Source;"
        f"u = User.objects.create_user('desk', password='{password}', is_staff=True);"
        "u.groups.add(Group.objects.get(name='Editors'));"
        "print(Source.objects.order_by('pk').first().url)"
    )
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    source_url = made.stdout.strip().splitlines()[-1]
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process)
        yield base, password, source_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def multipart(fields, file_field, file_name, content):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden_inputs(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_ten_imports_in_a_row_through_two_workers_all_confirm(two_workers):
    base, password, source_url = two_workers
    editor = Browser()
    editor.sign_in(base, "desk", password)
    page = f"{base}/admin/cooperation/tradestatistic/import/"
    for number in range(1, 11):
        editor.request(page)
        csv = (
            "reporter,partner,flow,period,year,value_usd,source_url\n"
            f"CN,GE,total,annual,2026,{number} bn,{source_url}\n"
        ).encode()
        body, content_type = multipart(
            {"csrfmiddlewaretoken": editor.cookie("csrftoken"), "resource": "0", "format": "0"},
            "import_file",
            f"figures-{number}.csv",
            csv,
        )
        request = urllib.request.Request(
            page, data=body, headers={"Content-Type": content_type, "Referer": page}
        )
        with editor.opener.open(request, timeout=30) as response:
            status, html = response.status, response.read().decode()
        assert status == 200, html[:500]
        form = hidden_inputs(html)
        assert form.get("import_file_name"), f"import {number}: no confirmation offered"
        status, headers, html = editor.request(
            f"{base}/admin/cooperation/tradestatistic/process_import/",
            form,
            headers={"Referer": page},
        )
        assert status == 302, f"import {number} answered {status}: {html[:300]}"
        status, _headers, html = editor.request(base + headers["Location"])
        assert "Import finished" in html, f"import {number}"
