"""gunicorn settings for every app server: production, the benchmark and the scale-out test.

    gunicorn -c deploy/gunicorn.conf.py

Each value can be changed from the environment (GUNICORN_*), so one file serves every host.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

# Loopback, a unix socket (unix:/run/tracker/gunicorn.sock) or a private address that only the
# reverse proxy can reach: never every interface, where a client could skip nginx and its
# headers, caps and the client address the rate limits count (docs/deployment.md).
bind = [item.strip() for item in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
for address in bind:
    host = address.rsplit(":", 1)[0] if not address.startswith("unix:") else "unix"
    if host in ("", "0.0.0.0", "[::]", "::", "*"):
        raise SystemExit(
            f"GUNICORN_BIND={address} listens on every network interface; bind 127.0.0.1, "
            "a unix socket, or the private address only the reverse proxy reaches"
        )

# Sync workers: each request has a process to itself; Django's pages are CPU-bound Python.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A sync worker answering a long download does not report to the arbiter until it ends; the
# full CSV of a million trade figures takes about half a minute, so the limit leaves room.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = 30
keepalive = 5

# The longest request line taken (gunicorn's ceiling), as nginx's 8 KB header buffers and the
# app's own DJANGO_MAX_ADDRESS_BYTES.
limit_request_line = 8190

# Recycle workers now and then, so a slow leak in any library cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10

# The reverse proxy on the same host sets X-Forwarded-Proto; trust it from there only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"

# No control socket: the servers are run by the service manager, and the default path (one per
# user, ~/.gunicorn/gunicorn.ctl) would be taken over by a second server on the same host.
control_socket_disable = True
