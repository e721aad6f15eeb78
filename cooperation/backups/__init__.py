"""Backups of the database and the media files, one archive each, and their restore.

An archive (.tar.gz) holds:

- `manifest.json`: when it was made, the database engine, the applied migrations, every table's
  row count and checksum, and the size and SHA-256 of every other file in the archive;
- `database.pgdump` (PostgreSQL: pg_dump's custom format) or `database.sqlite3` (SQLite: a copy
  made by SQLite's online backup API, consistent while the site keeps writing);
- `media/`: every file under MEDIA_ROOT (uploaded images, the bulk-download snapshots), and
  `snapshots/` when SNAPSHOT_ROOT lies outside MEDIA_ROOT.

A table's checksum is a SHA-256 over its rows in primary-key order, each row read through
Django's connection and written out the same way on both engines, so a restore can prove that
every row came back. The manual is docs/operations.md.
"""

from .archive import Archive, create_backup, open_archive, restore_media
from .databases import (
    BackupError,
    check_engine,
    database,
    describe,
    engine,
    restore_database,
    temporary_connection,
)
from .state import (
    applied_migrations,
    compare_tables,
    content_rows,
    migration_notes,
    table_fingerprint,
    table_fingerprints,
)

__all__ = [
    "Archive",
    "BackupError",
    "applied_migrations",
    "check_engine",
    "compare_tables",
    "content_rows",
    "create_backup",
    "database",
    "describe",
    "engine",
    "migration_notes",
    "open_archive",
    "restore_database",
    "restore_media",
    "table_fingerprint",
    "table_fingerprints",
    "temporary_connection",
]
