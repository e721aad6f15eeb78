"""The production configuration files in deploy/ are valid as shipped (docs/deployment.md).
tests/test_scale_out.py runs them with real processes."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def test_the_gunicorn_configuration_loads_the_app():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--check-config"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "GUNICORN_WORKERS": "2"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_two_servers_on_one_host_share_no_control_socket():
    """An editor's review ran two servers on one host: both opened ~/.gunicorn/gunicorn.ctl."""
    from gunicorn.config import Config

    config = Config()
    namespace = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), namespace)
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    assert config.control_socket_disable is True


def test_nginx_gunicorn_and_the_app_take_the_same_longest_address(settings):
    namespace = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), namespace)
    assert namespace["limit_request_line"] == 8190  # gunicorn's ceiling: 8 KB less the CRLF
    proxy = (ROOT / "deploy/nginx/tracker-proxy.conf").read_text()
    assert "\nlarge_client_header_buffers 4 8k;\n" in proxy
    assert settings.MAX_ADDRESS_BYTES == 8 * 1024


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_an_app_server_loads_every_view_and_keeps_it_out_of_the_collector(entry_point):
    """What a process loads lives as long as it does: frozen, no collection walks it again
    (config/process.py). Every view is loaded before the first request, not during it."""
    probe = (
        f"import gc, sys; import {entry_point}; "
        "print(gc.get_freeze_count(), gc.get_threshold()[0], "
        "'cooperation.api.views' in sys.modules, 'cooperation.views.projects' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    frozen, young_threshold, api_views, page_views = result.stdout.split()
    assert int(frozen) > 100_000
    assert int(young_threshold) == 50_000
    assert (api_views, page_views) == ("True", "True")


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
def test_the_nginx_site_is_valid_with_a_certificate_in_place(tmp_path):
    """Only the certificate paths and the include change from the shipped file."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=tracker.example.org",
         "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (ROOT / "deploy/nginx/tracker.conf").read_text()
    live = "/etc/letsencrypt/live/tracker.example.org"
    snippet = "/etc/nginx/snippets/tracker-proxy.conf"
    site = (
        site.replace(f"{live}/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace(f"{live}/privkey.pem", str(tmp_path / "key.pem"))
        .replace(snippet, str(ROOT / "deploy/nginx/tracker-proxy.conf"))
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
