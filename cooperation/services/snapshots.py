"""Snapshots of the whole published dataset: a zip of each table as CSV and as JSON Lines, and a
`datapackage.json` (Frictionless Data Package) describing them.

Each snapshot has a version of its own (`2026-12-06-101530`, in its name), so two on one day are
two files, never one overwritten. A snapshot is written under a temporary name and moved into
place in one step, so a download never sees half a file. One is made by the `seed` command and,
soon after an editor publishes, in the background (see `snapshot_after_commit`)."""

import contextlib
import datetime
import fcntl
import json
import logging
import os
import re
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import orjson
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from ..caching import content_state
from ..exports import TABLES, csv_pieces

logger = logging.getLogger(__name__)

# tracker-2026-12-06-101530.zip (UTC); -2, -3 … if two fall in one second; tracker-2026-12-06.zip
# is the older daily form, still listed.
SNAPSHOT_NAME = re.compile(
    r"tracker-(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<time>\d{6})(?:-(?P<seq>\d+))?)?\.zip"
)
# The content version a snapshot was made from, kept in the zip's comment.
VERSION_COMMENT = re.compile(rb"content-version: (\d+)")


@dataclass(frozen=True)
class Snapshot:
    name: str
    path: Path
    date: datetime.date
    version: str
    size: int
    created: datetime.datetime

    @property
    def order(self):
        match = SNAPSHOT_NAME.fullmatch(self.name)
        return (match["date"], match["time"] or "", int(match["seq"] or 1))

    def content_version(self):
        """The content version it holds, or None for a snapshot that did not record it."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                found = VERSION_COMMENT.fullmatch(archive.comment)
        except (OSError, zipfile.BadZipFile):
            return None
        return int(found[1]) if found else None


def snapshot_dir():
    path = Path(settings.SNAPSHOT_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    return path


def snapshots():
    """Published snapshots, newest first."""
    found = []
    for path in snapshot_dir().glob("tracker-*.zip"):
        match = SNAPSHOT_NAME.fullmatch(path.name)
        if match is None:
            continue
        stat = path.stat()
        found.append(
            Snapshot(
                name=path.name,
                path=path,
                date=datetime.date.fromisoformat(match["date"]),
                version=path.name.removeprefix("tracker-").removesuffix(".zip"),
                size=stat.st_size,
                created=datetime.datetime.fromtimestamp(stat.st_mtime, datetime.UTC),
            )
        )
    return sorted(found, key=lambda snapshot: snapshot.order, reverse=True)


def _json_value(value):
    if isinstance(value, Decimal):
        return orjson.Fragment(str(value))  # the stored digits, not a float's
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(type(value).__name__)


def json_line(header, values):
    return orjson.dumps(dict(zip(header, values, strict=True)), default=_json_value) + b"\n"


def entry(archive, name, now):
    """A file in the zip, written as a stream, compressed, dated `now`."""
    info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return archive.open(info, "w")


def write_table(archive, table, site, now):
    """The table as `<name>.csv` and `<name>.jsonl`, from one read of its rows; the row count."""
    rows = 0
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as lines:

        def both(stream):
            nonlocal rows
            for values in stream:
                rows += 1
                lines.write(json_line(table.header, values))
                yield values

        with entry(archive, f"{table.name}.csv", now) as csv_file:
            for piece in csv_pieces(both(table.stream(table.queryset(), site)), table.header):
                csv_file.write(piece.encode())
        lines.seek(0)
        with entry(archive, f"{table.name}.jsonl", now) as lines_file:
            while chunk := lines.read(1024 * 1024):
                lines_file.write(chunk)
    return rows


def resource(table, count, path, file_format, mediatype, name):
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": file_format,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "count": count,
        "schema": table.schema(),
        **({"licenses": list(table.licenses)} if table.licenses else {}),
        **({"sources": list(table.sources)} if table.sources else {}),
    }


def datapackage(version, counts, site):
    return {
        "profile": "tabular-data-package",
        "name": "china-central-asia-cooperation-tracker",
        "title": "China–Central Asia Cooperation Tracker",
        "description": "Published records of Belt and Road projects, summits, trade figures and "
        "articles on cooperation between China and the five Central Asian states. Every record "
        "cites its sources (sources.csv). finance.csv is AidData's data under its own licence "
        "(ODC-By 1.0), named on that resource. Each table comes twice, with the same columns: "
        "as CSV (<name>.csv) and as JSON Lines (<name>.jsonl, resource <name>-jsonl), where "
        "numbers and booleans keep their types.",
        "version": version,
        "created": timezone.now().isoformat(),
        "homepage": site,
        "licenses": [settings.DATA_LICENSE],
        "sources": [
            {"title": "China–Central Asia Cooperation Tracker", "path": site},
            *(source for table in TABLES for source in table.sources),
        ],
        "resources": [
            each
            for table in TABLES
            for each in (
                resource(
                    table, counts[table.name], f"{table.name}.csv", "csv", "text/csv", table.name
                ),
                resource(
                    table,
                    counts[table.name],
                    f"{table.name}.jsonl",
                    "jsonl",
                    "application/jsonl",
                    f"{table.name}-jsonl",
                ),
            )
        ],
    }


def new_target(now):
    """A name no snapshot has: the time to the second, and a sequence number after it if
    another snapshot was made in the same second."""
    stem = now.astimezone(datetime.UTC).strftime("%Y-%m-%d-%H%M%S")
    directory = snapshot_dir()
    target, sequence = directory / f"tracker-{stem}.zip", 1
    while target.exists():
        sequence += 1
        target = directory / f"tracker-{stem}-{sequence}.zip"
    return target


def export_snapshot(*, now=None):
    """Write a new snapshot of the published records; return its path."""
    with exclusive():
        return _export(now)


@contextlib.contextmanager
def one_moment():
    """Every table, and the content version, read as of one moment: on PostgreSQL a repeatable
    read transaction (a publish between two tables cannot make them disagree)."""
    connection = connections[DEFAULT_DB_ALIAS]
    fresh = not connection.in_atomic_block  # else the outer transaction decides
    with transaction.atomic():
        if fresh and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _export(now):
    now = now or timezone.now()
    site = settings.SITE_URL.rstrip("/")
    with one_moment(), translation.override(settings.LANGUAGE_CODE):
        version_before = content_state()[0]
        target = new_target(now)
        version = target.name.removeprefix("tracker-").removesuffix(".zip")
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=".zip")
        try:
            with (
                os.fdopen(handle, "wb") as raw,
                zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive,
            ):
                counts = {table.name: write_table(archive, table, site, now) for table in TABLES}
                package = datapackage(version, counts, site)
                archive.writestr(
                    "datapackage.json", json.dumps(package, indent=2, ensure_ascii=False)
                )
                archive.comment = f"content-version: {version_before}".encode()
            os.chmod(temporary, 0o644)  # mkstemp makes it the owner's alone; it is public
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        prune(today=now.astimezone(datetime.UTC).date())
    return target


def prune(today=None):
    """Every snapshot of today and yesterday (UTC) stays; of earlier days, the last of each."""
    today = today or timezone.now().astimezone(datetime.UTC).date()
    kept_days = set()
    for snapshot in snapshots():
        if snapshot.date >= today - datetime.timedelta(days=1):
            continue
        if snapshot.date in kept_days:
            snapshot.path.unlink(missing_ok=True)
        kept_days.add(snapshot.date)


@contextlib.contextmanager
def exclusive():
    """One snapshot written at a time, across every process of the site."""
    with open(snapshot_dir() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def snapshot_if_changed():
    """A new snapshot unless the newest one holds the current content; its path, or None."""
    with exclusive():
        listed = snapshots()
        if listed and listed[0].content_version() == content_state()[0]:
            return None
        return _export(None)


# After a publish: one snapshot for a burst of publishes, in the background. Writing one takes
# about a second on the seed content (docs/api.md), too long for the request that publishes.

_pending_lock = threading.Lock()
_pending = None
_deferred = threading.local()


def snapshots_follow():
    """Whether a publish is followed by a snapshot here (not when turned off, nor in the seed)."""
    return settings.SNAPSHOT_DELAY_SECONDS is not None and not getattr(_deferred, "active", False)


def snapshot_after_commit(*, using=DEFAULT_DB_ALIAS):
    """Once the transaction commits, a snapshot SNAPSHOT_DELAY_SECONDS later, unless one is
    already waiting (it will hold this change too)."""
    if snapshots_follow():
        transaction.on_commit(schedule_snapshot, using=using)


def schedule_snapshot():
    global _pending
    with _pending_lock:
        if _pending is not None:
            return
        _pending = threading.Timer(settings.SNAPSHOT_DELAY_SECONDS, run_scheduled_snapshot)
        _pending.daemon = True
        _pending.start()


def pending_snapshot():
    return _pending


def run_scheduled_snapshot():
    global _pending
    with _pending_lock:
        _pending = None
    try:
        snapshot_if_changed()
    except Exception:
        logger.exception("The snapshot after a publish failed; the next publish tries again.")
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections.close_all()


@contextlib.contextmanager
def snapshots_deferred():
    """No background snapshots for the writes inside (the seed makes one when it is done)."""
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = False
