"""`manage.py restore ARCHIVE`: put a backup back, then prove it (docs/operations.md)."""

import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from cooperation import backups
from cooperation.caching import VERSION_ROW
from cooperation.models import ContentVersion

from .backup import plural, size_text


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: check the archive against its manifest, "
        "replace the database's content and put the media files back, then compare every "
        "table's row count and checksum with the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the site's own (for instance a "
            "scratch database, to test a backup).",
        )
        parser.add_argument(
            "--media-root",
            help="Put the media files here instead of MEDIA_ROOT (snapshots kept outside "
            "MEDIA_ROOT go to its snapshots/ folder then).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds content, without asking.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never ask; without --force, refuse a database that holds content.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive against its manifest; change nothing.",
        )

    def handle(self, *args, archive, database_url, media_root, force, interactive, check, **opts):
        self.verbosity = opts["verbosity"]
        try:
            with backups.open_archive(archive) as unpacked:
                self.describe(unpacked)
                if check:
                    self.stdout.write(
                        self.style.SUCCESS("Every file matches the manifest; nothing changed.")
                    )
                    return
                with backups.database(database_url) as alias:
                    self.restore(unpacked, alias, media_root, force=force, interactive=interactive)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None

    def describe(self, archive):
        manifest = archive.manifest
        tables = manifest["tables"]
        media = archive.media_files()
        self.stdout.write(
            f"{archive.path}: made {manifest['created_at']} of the {manifest['database']}; "
            f"{len(tables)} tables, {sum(t['rows'] for t in tables.values()):,} rows, "
            f"{plural(len(media), 'media file')}. The archive matches its manifest."
        )

    def restore(self, archive, alias, media_root, *, force, interactive):
        backups.check_engine(archive, alias)
        target = backups.describe(alias)
        occupied = backups.content_rows(alias)
        if occupied and not force:
            largest = sorted(occupied.items(), key=lambda item: -item[1])[:5]
            listed = ", ".join(f"{table} ({rows:,})" for table, rows in largest)
            more = f" and {len(occupied) - 5} more tables" if len(occupied) > 5 else ""
            question = (
                f"The {target} is not empty: {listed}{more} hold rows. Restoring replaces "
                "all of its content."
            )
            if not (interactive and sys.stdin.isatty()):
                raise CommandError(f"{question} Nothing was changed; pass --force to go ahead.")
            answer = input(f"{question}\nType 'yes' to replace it: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")

        if media_root:
            media_root = Path(media_root)
            snapshot_root = media_root / "snapshots"
        else:
            media_root, snapshot_root = settings.MEDIA_ROOT, settings.SNAPSHOT_ROOT
        version_before = content_version(alias)
        backups.restore_database(archive, alias)
        files, size = backups.restore_media(archive, media_root, snapshot_root)
        self.stdout.write(
            f"Restored the {target}, and {plural(files, 'media file')} ({size_text(size)}) into "
            f"{media_root}. Checking every table against the manifest…"
        )

        expected = archive.manifest["tables"]
        found = backups.table_fingerprints(alias)
        if self.verbosity >= 1:
            self.stdout.write(f"{'table':<50} {'rows':>10}  checksum")
            for table in sorted(expected):
                result = found.get(table)
                same = result == expected[table]
                rows = f"{result['rows']:,}" if result else "missing"
                self.stdout.write(f"{table:<50} {rows:>10}  {'matches' if same else 'DIFFERS'}")
        problems = backups.compare_tables(expected, found)
        if problems:
            raise CommandError(
                "The restored database does not match the backup: " + "; ".join(problems)
            )
        extra = sorted(set(found) - set(expected))
        if extra:
            self.stdout.write(
                f"Left as they were (not in the backup): {', '.join(extra)}.",
            )
        self.move_content_version_on(alias, version_before)
        for note in backups.migration_notes(archive.manifest):
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            self.style.SUCCESS(
                f"Every table's row count and checksum matches the manifest ({len(expected)} "
                f"tables, {sum(t['rows'] for t in expected.values()):,} rows)."
            )
        )

    def move_content_version_on(self, alias, version_before):
        """Cached pages are keyed by the content version, and the backup's may repeat a number
        that pages of the replaced content were cached under: move it past every number this
        database has had (and past the clock, for a database it never knew)."""
        restored = content_version(alias)
        version = max(version_before, restored, int(time.time())) + 1
        ContentVersion.objects.using(alias).update_or_create(
            pk=VERSION_ROW, defaults={"version": version}
        )
        self.stdout.write(
            f"Content version moved from {restored} to {version}, so no app server serves a page "
            "cached before the restore."
        )


def content_version(alias):
    try:
        with transaction.atomic(using=alias):
            found = (
                ContentVersion.objects.using(alias)
                .filter(pk=VERSION_ROW)
                .values_list("version", flat=True)
                .first()
            )
    except DatabaseError:  # an empty database, without the table yet
        return 0
    return found or 0
