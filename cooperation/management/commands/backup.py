"""`manage.py backup`: the database and the media files in one archive (docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from cooperation import backups


def size_text(size):
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return None


def plural(count, noun):
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and every media file into "
        "one .tar.gz with a manifest of row counts and checksums. Prints the archive's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="A folder for a timestamped archive, or a path ending in .tar.gz "
            "(default: var/backups/).",
        )
        parser.add_argument(
            "--database-url", help="Back up this database instead of the site's own."
        )

    def handle(self, *args, output, database_url, verbosity, **options):
        with backups.database(database_url) as alias:
            try:
                path, manifest = backups.create_backup(alias=alias, output=output)
            except backups.BackupError as error:
                raise CommandError(str(error)) from None
        if verbosity >= 1:
            tables = manifest["tables"]
            media = [entry for name, entry in manifest["files"].items() if "/" in name]
            rows = sum(table["rows"] for table in tables.values())
            self.stdout.write(
                f"Backed up the {manifest['database']}: {len(tables)} tables, {rows:,} rows; "
                f"{plural(len(media), 'media file')} "
                f"({size_text(sum(entry['size'] for entry in media))}). "
                f"Archive: {size_text(path.stat().st_size)}."
            )
        self.stdout.write(str(path))
