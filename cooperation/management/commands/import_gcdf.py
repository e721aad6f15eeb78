from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cooperation.services.gcdf import GcdfImportError, gcdf_import


class Command(BaseCommand):
    help = (
        "Import AidData GCDF 3.0 finance records from a CSV file in AidData's published layout. "
        "Keyed on the AidData record ID: safe to run again, and never overwrites a record an "
        "editor has changed (it names them). A bad row stops the import; nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the records it creates."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args, file, publish, dry_run, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            report = gcdf_import(text=text, publish=publish, dry_run=dry_run)
        except GcdfImportError as error:
            lines = [f"row {row}: {reason}" for row, reason in error.problems]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines)) from None
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
