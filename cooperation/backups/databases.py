"""The database a backup reads or a restore writes: its connection, and each engine's dump and
restore (pg_dump and pg_restore; SQLite's online backup API)."""

import os
import shutil
import sqlite3
import subprocess
import uuid
from contextlib import contextmanager

import dj_database_url
from django.db import connections, transaction

from .state import applied_migrations, table_fingerprints

DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@contextmanager
def database(database_url=None):
    """The alias of the site's database, or of the one `database_url` names, for the block."""
    if not database_url:
        yield "default"
        return
    with temporary_connection(dj_database_url.parse(database_url)) as alias:
        yield alias


@contextmanager
def temporary_connection(settings_dict):
    alias = f"backup_{uuid.uuid4().hex[:8]}"
    connections.databases[alias] = connections.configure_settings({"default": settings_dict})[
        "default"
    ]
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.databases[alias]


def engine(alias):
    vendor = connections[alias].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def describe(alias):
    """The database in words, without its password."""
    conf = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        return f"SQLite database {conf['NAME']}"
    where = f"{conf.get('HOST') or 'local socket'}:{conf.get('PORT') or 5432}"
    return f"PostgreSQL database {conf['NAME']} on {where}"


def postgres_environment(alias):
    """libpq's variables for the alias: the password travels in PGPASSWORD, never in argv."""
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if conf.get(key):
            env[variable] = str(conf[key])
    options = conf.get("OPTIONS") or {}
    for option, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ]:
        if options.get(option):
            env[variable] = str(options[option])
    return env


def run_postgres_tool(name, arguments, alias):
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client tools of the server's major "
            f"version (on Debian: apt-get install postgresql-client-15)."
        )
    result = subprocess.run(
        [program, *arguments],
        env=postgres_environment(alias),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{name} failed (exit {result.returncode}): {result.stderr.strip()}")


# Dumps and restores


def dump_postgresql(alias, path):
    """pg_dump and the checksums read one snapshot, so the manifest describes the dump exactly,
    however many edits land meanwhile."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("A backup must run outside a transaction.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # connect (and health-check) before the snapshot's transaction
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        run_postgres_tool(
            "pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--file={path}"], alias
        )
        return table_fingerprints(alias), applied_migrations(alias)


def dump_sqlite(alias, path):
    """SQLite's online backup API copies a consistent state; the checksums are read from the
    copy, so they describe exactly what the archive holds."""
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        with connection.wrap_database_errors:
            connection.connection.backup(copy)
    finally:
        copy.close()
    with temporary_connection({"ENGINE": "django.db.backends.sqlite3", "NAME": path}) as copied:
        return table_fingerprints(copied), applied_migrations(copied)


def check_engine(archive, alias):
    vendor = engine(alias)
    if archive.engine != vendor:
        raise BackupError(
            f"{archive.path} is a backup of a {ENGINE_NAMES[archive.engine]} database; the "
            f"target is a {ENGINE_NAMES[vendor]} database ({describe(alias)}). Restore it into "
            f"a {ENGINE_NAMES[archive.engine]} database."
        )


def restore_database(archive, alias):
    """Replace the database's content by the archive's."""
    connection = connections[alias]
    connection.close()
    if archive.engine == "postgresql":
        run_postgres_tool(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(archive.dump),
            ],
            alias,
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{archive.dump}?mode=ro", uri=True)
    try:
        with connection.wrap_database_errors:
            source.backup(connection.connection)
    finally:
        source.close()
    connection.close()
