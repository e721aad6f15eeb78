"""The fault script's own PostgreSQL cluster, Redis server and gunicorn, on spare loopback
ports under one temporary folder: restarting or killing them disturbs nothing else on the host."""

import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout} s")


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).parent
    sys.exit("PostgreSQL's server programs (pg_ctl, initdb) are needed: apt-get install postgresql")


class PostgreSQL:
    """A throw-away cluster. As root, its programs run as the postgres user (PostgreSQL refuses
    root); otherwise as whoever runs the script."""

    def __init__(self, folder):
        self.bin = postgres_bin()
        self.data = folder / "postgres"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def command(self, program, *args):
        line = [str(self.bin / program), *args]
        return ["runuser", "-u", "postgres", "--", *line] if self.as_root else line

    def run(self, program, *args):
        subprocess.run(self.command(program, *args), check=True, capture_output=True, timeout=120)

    def init(self):
        self.data.mkdir()
        if self.as_root:
            shutil.chown(self.data, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} "
            "-c max_connections=300 -c shared_buffers=256MB"
        )
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.data / "log"),
                 "-w", "start")  # fmt: skip

    def stop(self):
        """A fast shutdown: clients are disconnected and open transactions rolled back."""
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database="tracker"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement, database="tracker"):
        result = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
             "-At", "-c", statement],
            check=True, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        return result.stdout.strip()


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        if not shutil.which("redis-server"):
            sys.exit("redis-server is needed: apt-get install redis-server")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class App:
    """gunicorn with the production settings and deploy/gunicorn.conf.py, as an app server runs."""

    def __init__(self, folder, postgres, redis, workers):
        self.port = free_port()
        self.folder = folder
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_VAR_DIR": str(folder / "var"),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": postgres.url(),
            "REDIS_URL": redis.url(),
            # One client address makes all the load: per-visitor limits would refuse it.
            "API_THROTTLES": "false",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESS_LOG": "",
        }
        self.process = None

    def manage(self, *args):
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=1800,
        )  # fmt: skip
        if result.returncode != 0:
            sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self, copy_from=None):
        """Migrated and seeded, or a copy of a database that already is (`--copy-database`)."""
        if copy_from:
            dump = subprocess.run(
                ["pg_dump", "--no-owner", "--no-privileges", "--dbname", copy_from],
                capture_output=True, check=True, timeout=600,
            )  # fmt: skip
            subprocess.run(
                ["psql", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", self.env["DATABASE_URL"]],
                input=dump.stdout, capture_output=True, check=True, timeout=600,
            )  # fmt: skip
        else:
            self.manage("migrate", "--noinput", "-v0")
            self.manage("seed", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")

    def editor_token(self):
        out = self.manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User;"
            "from cooperation.services.accounts import token_create;"
            "user = User.objects.create_user('fault-editor', is_staff=True);"
            "user.groups.add(Group.objects.get(name='Editors'));"
            "print(token_create(user=user, name='fault drill')[1])",
        )
        return out.strip().splitlines()[-1]

    def start(self):
        self.log = open(self.folder / "gunicorn.log", "ab")  # noqa: SIM115 (kept for the run)
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        wait_for_port(self.port)
        self.wait_ready()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{self.port}/healthz",
                    headers={"X-Forwarded-Proto": "https"},
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the app did not answer /healthz")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def memory_mib(self):
        """Resident memory of the master and its workers together."""
        total = 0
        for pid in [self.process.pid, *self.workers()]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except FileNotFoundError:
                pass  # a worker being replaced
        return total / 1024

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
