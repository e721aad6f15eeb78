"""What a database holds, in a form two databases can be compared by: every table's row count and
checksum, the applied migrations, and whether it holds content at all."""

import datetime
import hashlib
import json

from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

# Filled by `migrate` alone: a database holding only these counts as empty.
BOOKKEEPING_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "cooperation_contentversion",
}
CHUNK = 2000


def _canonical(value):
    """JSON for what the drivers return beyond JSON's own types."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)  # Decimal, UUID, timedelta


def _row_bytes(row):
    text = json.dumps(list(row), default=_canonical, ensure_ascii=False, sort_keys=True)
    return text.encode() + b"\n"


def table_fingerprint(alias, table):
    """{"rows": n, "sha256": hex} of one table, its rows in primary-key order."""
    connection = connections[alias]
    introspection, quote = connection.introspection, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
        # DB-API: each column is (name, type_code, ...).
        description = sorted(cursor.description, key=lambda column: column[0])
        order = introspection.get_primary_key_columns(cursor, table)
    columns = [column[0] for column in description]
    # Text keys in byte order, so that the database's locale cannot change the order.
    texts = {
        name
        for name, type_code, *_ in description
        if connection.vendor == "postgresql"
        and introspection.data_types_reverse.get(type_code) in ("CharField", "TextField")
    }
    order_by = ", ".join(
        quote(name) + (' COLLATE "C"' if name in texts else "") for name in order or columns
    )
    sql = f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} ORDER BY {order_by}"
    digest, rows = hashlib.sha256(), 0
    with connection.chunked_cursor() as cursor:  # server-side on PostgreSQL
        cursor.execute(sql)
        while batch := cursor.fetchmany(CHUNK):
            for row in batch:
                digest.update(_row_bytes(row))
            rows += len(batch)
    return {"rows": rows, "sha256": digest.hexdigest()}


def table_names(alias):
    connection = connections[alias]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def table_fingerprints(alias):
    """{table: {"rows": n, "sha256": hex}} for every table of the database."""
    return {table: table_fingerprint(alias, table) for table in table_names(alias)}


def applied_migrations(alias):
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    applied = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def content_rows(alias):
    """{table: rows} of the tables holding more than `migrate` alone puts there."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table in table_names(alias):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            (rows,) = cursor.fetchone()
            if rows:
                found[table] = rows
    return found


def compare_tables(expected, found):
    """Lines naming each difference between two {table: fingerprint} maps; none if equal."""
    problems = []
    for table in sorted(expected):
        if table not in found:
            problems.append(f"{table}: missing")
        elif found[table]["rows"] != expected[table]["rows"]:
            problems.append(
                f"{table}: {found[table]['rows']:,} rows, the backup has "
                f"{expected[table]['rows']:,}"
            )
        elif found[table]["sha256"] != expected[table]["sha256"]:
            problems.append(f"{table}: same row count, different content")
    return problems


def migration_notes(manifest):
    """What to do when the backup's migrations and this code's differ."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    installed = {config.label for config in apps.get_app_configs()}
    notes = []
    unknown = sorted(applied - known)
    if unknown:
        notes.append(
            "The backup was made by a newer version of the code; it has migrations this code "
            "lacks: " + ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        )
    pending = sorted(item for item in known - applied if item[0] in installed)
    if pending:
        notes.append(
            f"This code has {len(pending)} migrations newer than the backup: run "
            "`manage.py migrate` before serving it."
        )
    return notes
