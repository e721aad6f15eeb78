from django.core.management.base import BaseCommand, CommandError

from cooperation.services.gcdf import gcdf_seed
from cooperation.services.seeding import fixture_paths, seed_load
from cooperation.services.snapshots import snapshot_if_changed, snapshots_deferred


class Command(BaseCommand):
    help = (
        "Load the seed content from fixtures/, then AidData's finance records "
        "(fixtures/aiddata/). Safe to run again: it creates what is missing, updates what the "
        "seed itself wrote, and never overwrites an editor's change. Then, unless the newest "
        "bulk download already holds the content, writes one (/api/v1/downloads/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Fixture files to load (default: every fixtures/*.json)."
        )
        parser.add_argument(
            "--database", default="default", help="The database alias to load into."
        )
        parser.add_argument(
            "--no-snapshot", action="store_true", help="Do not write a bulk download."
        )

    def handle(self, *args, paths, database, no_snapshot, **options):
        everything = not paths
        paths = paths or fixture_paths()
        if not paths:
            raise CommandError("No fixtures found to load.")
        with snapshots_deferred():
            report = seed_load(paths=paths, using=database)
            finance = gcdf_seed() if everything and database == "default" else None
        snapshot = None
        if database == "default" and not no_snapshot:
            snapshot = snapshot_if_changed()
        if options["verbosity"] < 1:
            return
        for line in report.lines():
            self.stdout.write(line)
        if finance is not None:
            for line in finance.lines():
                self.stdout.write(f"finance records (AidData): {line}")
        if report.changed_anything or (finance and (finance.created or finance.updated)):
            self.stdout.write(self.style.SUCCESS("Seed content loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Seed content already up to date."))
        if snapshot is not None:
            self.stdout.write(f"Bulk download written: {snapshot.name}.")
