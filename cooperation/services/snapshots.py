"""Dated snapshots of the whole published dataset: a zip of one CSV per table and a
`datapackage.json` (Frictionless Data Package) describing them. A snapshot is written under a
temporary name and moved into place in one step, so a download never sees half a file."""

import datetime
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from ..exports import TABLES, csv_pieces

NAME_FORMAT = "tracker-{date}.zip"


def snapshot_dir():
    path = Path(settings.SNAPSHOT_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    return path


def snapshots():
    """Published snapshots, newest first: [(name, size, modified)]."""
    found = []
    for path in snapshot_dir().glob("tracker-*.zip"):
        stat = path.stat()
        found.append(
            (path.name, stat.st_size, datetime.datetime.fromtimestamp(stat.st_mtime, datetime.UTC))
        )
    return sorted(found, key=lambda item: item[0], reverse=True)


def table_csv(table, site):
    rows = 0

    def counted(stream):
        nonlocal rows
        for row in stream:
            rows += 1
            yield row

    text = "".join(csv_pieces(counted(table.stream(table.queryset(), site)), table.header))
    return text, rows


def datapackage(version, counts, site):
    return {
        "profile": "tabular-data-package",
        "name": "china-central-asia-cooperation-tracker",
        "title": "China–Central Asia Cooperation Tracker",
        "description": "Published records of Belt and Road projects, summits, trade figures and "
        "articles on cooperation between China and the five Central Asian states. Every record "
        "cites its sources (sources.csv). finance.csv is AidData's data under its own licence "
        "(ODC-By 1.0), named on that resource.",
        "version": version,
        "created": timezone.now().isoformat(),
        "homepage": site,
        "licenses": [settings.DATA_LICENSE],
        "sources": [
            {"title": "China–Central Asia Cooperation Tracker", "path": site},
            *(source for table in TABLES for source in table.sources),
        ],
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "count": counts[table.name],
                "schema": table.schema(),
                **({"licenses": list(table.licenses)} if table.licenses else {}),
                **({"sources": list(table.sources)} if table.sources else {}),
            }
            for table in TABLES
        ],
    }


def export_snapshot(*, date=None):
    """Write today's snapshot (replacing an earlier one of the same day); return its path."""
    date = date or timezone.localdate()
    site = settings.SITE_URL.rstrip("/")
    target = snapshot_dir() / NAME_FORMAT.format(date=date.isoformat())
    with translation.override(settings.LANGUAGE_CODE):
        tables = {table.name: table_csv(table, site) for table in TABLES}
    counts = {name: rows for name, (_text, rows) in tables.items()}
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=".zip")
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, (text, _rows) in tables.items():
                zf.writestr(f"{name}.csv", text)
            package = datapackage(date.isoformat(), counts, site)
            zf.writestr("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
