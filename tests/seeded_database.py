"""One seeded database per test run, copied for every test process instead of built again.

Migrating and seeding take half a minute; every test reads the same seeded rows. So the first
process that needs the database builds a seeded template once (`manage.py migrate` and `seed` in a
subprocess, as an operator would run them) and every process, each xdist worker included, copies
it: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL.

The template is named by a fingerprint of what decides its content (migrations, models, services,
fixtures, settings, requirements), so a change to any of them builds a new one and a local run
never tests against stale data; `make clean` removes the SQLite copies. CI starts from a clean
clone and always builds its own.
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / "var" / "test-cache"
# What the seeded content depends on. Views, templates, the API and the admin do not change it.
FINGERPRINTED = [
    "cooperation/migrations",
    "cooperation/models",
    "cooperation/services",
    "cooperation/management",
    "cooperation/translation.py",
    "cooperation/search.py",
    "cooperation/markdown.py",
    "cooperation/caching.py",
    "cooperation/apps.py",
    "fixtures",
    "config/settings.py",
    "requirements.txt",
]


def fingerprint():
    digest = hashlib.sha256()
    for name in FINGERPRINTED:
        path = ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(ROOT)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def locked(name):
    """One process at a time builds a template; the others wait for it and then reuse it."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def manage(database_url, *commands):
    """Run manage.py commands against a database as an operator's shell would."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL") and not key.startswith("DJANGO_")
    }
    with tempfile.TemporaryDirectory() as var_dir:
        env.update(DATABASE_URL=database_url, DJANGO_VAR_DIR=var_dir)
        for command in commands:
            result = subprocess.run(
                [sys.executable, "manage.py", *command, "--verbosity", "0"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise RuntimeError(
                    f"building the seeded test database: manage.py {' '.join(command)} failed\n"
                    + result.stdout
                    + result.stderr
                )


BUILD = [("migrate", "--noinput"), ("seed", "--no-snapshot")]


class SQLiteTemplate:
    def __init__(self, settings_dict):
        self.settings_dict = settings_dict
        self.path = CACHE_DIR / f"seeded-{fingerprint()}.sqlite3"

    def ensure(self):
        with locked("sqlite"):
            if self.path.exists():
                return
            for stale in CACHE_DIR.glob("seeded-*.sqlite3"):
                stale.unlink()
            building = self.path.with_suffix(".building")
            building.unlink(missing_ok=True)
            manage(f"sqlite:///{building}", *BUILD)
            os.replace(building, self.path)

    def install(self, worker):
        """This process's own copy, under a name Django then opens as its test database."""
        folder = Path(tempfile.mkdtemp(prefix="tracker-tests-"))
        target = folder / f"test-{worker}.sqlite3"
        shutil.copyfile(self.path, target)
        self.settings_dict.setdefault("TEST", {})["NAME"] = str(target)

    def uninstall(self):
        test_name = Path(self.settings_dict["TEST"]["NAME"])
        shutil.rmtree(test_name.parent, ignore_errors=True)


def seeded_copy(path):
    """A copy of the seeded SQLite template at `path` (built first if need be), for a test that
    starts processes of its own on the seed content: no migrating and seeding again."""
    template = SQLiteTemplate({})
    template.ensure()
    shutil.copyfile(template.path, path)
    return path


class PostgreSQLTemplate:
    def __init__(self, settings_dict):
        self.settings_dict = settings_dict
        # Named for this checkout too, so two checkouts on one server keep their own templates.
        checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:6]
        self.prefix = f"tracker_seed_{checkout}_"
        self.name = f"{self.prefix}{fingerprint()}"

    def admin(self):
        import psycopg

        conf = self.settings_dict
        return psycopg.connect(
            dbname="postgres",
            host=conf.get("HOST") or None,
            port=conf.get("PORT") or None,
            user=conf.get("USER") or None,
            password=conf.get("PASSWORD") or None,
            autocommit=True,
        )

    def url(self, name):
        conf = self.settings_dict
        credentials = conf.get("USER") or ""
        if conf.get("PASSWORD"):
            credentials += f":{conf['PASSWORD']}"
        host = f"{conf.get('HOST') or '127.0.0.1'}:{conf.get('PORT') or 5432}"
        return f"postgres://{credentials}@{host}/{name}"

    def ensure(self):
        with locked(self.prefix), self.admin() as admin:
            names = {
                row[0]
                for row in admin.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s",
                    [self.prefix + "%"],
                )
            }
            if self.name in names:
                return
            for stale in names:
                # Another run may still be copying an old template: leave it to a later run.
                with contextlib.suppress(Exception):
                    admin.execute(f'DROP DATABASE IF EXISTS "{stale}"')
            building = f"{self.name}_building"
            admin.execute(f'CREATE DATABASE "{building}" TEMPLATE template0')
            try:
                manage(self.url(building), *BUILD)
            except BaseException:
                admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                raise
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{self.name}"')

    def install(self, worker):
        test = self.settings_dict.setdefault("TEST", {})
        test["NAME"] = test.get("NAME") or f"test_{self.settings_dict['NAME']}"
        with self.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{test["NAME"]}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{test["NAME"]}" TEMPLATE "{self.name}"')

    def uninstall(self):
        pass  # Django drops the test database itself


def template_for(settings_dict):
    vendor = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return SQLiteTemplate(settings_dict)
    if vendor == "postgresql":
        return PostgreSQLTemplate(settings_dict)
    raise RuntimeError(f"no seeded template for the {vendor} backend")


class ScratchDatabases:
    """Databases that servers started by a test can share, dropped by drop_all(): SQLite files
    in `folder`, or databases on the test's PostgreSQL server. A committed copy of the test
    database is what they need, since they cannot see the test's own transaction."""

    def __init__(self, connection, folder, prefix="tracker_scratch"):
        self.connection = connection
        self.folder = Path(folder)
        self.prefix = prefix
        self.made = []

    @property
    def sqlite(self):
        return self.connection.vendor == "sqlite"

    def url(self, name):
        if self.sqlite:
            return f"sqlite:///{self.folder / name}.sqlite3"
        return PostgreSQLTemplate(self.connection.settings_dict).url(name)

    def create(self, *, copy_of_test_database=False):
        name = f"{self.prefix}_{uuid.uuid4().hex[:8]}"
        self.made.append(name)
        if self.sqlite:
            if copy_of_test_database:
                self.connection.ensure_connection()
                target = sqlite3.connect(self.folder / f"{name}.sqlite3")
                self.connection.connection.backup(target)
                target.close()
            return self.url(name)
        template = "template0"
        with PostgreSQLTemplate(self.connection.settings_dict).admin() as admin:
            if copy_of_test_database:
                template = self.connection.settings_dict["NAME"]
                self.connection.close()  # a template database must have no other sessions
                # Nor may any other session of this run: the browser tests' live server thread
                # keeps its connection (CONN_MAX_AGE) after they finish.
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [template],
                )
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop_all(self):
        if not self.sqlite:
            with PostgreSQLTemplate(self.connection.settings_dict).admin() as admin:
                for name in self.made:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()
