from django.core.management.base import BaseCommand, CommandError

from cooperation.services.gcdf import gcdf_seed
from cooperation.services.seeding import fixture_paths, seed_load


class Command(BaseCommand):
    help = (
        "Load the seed content from fixtures/, then AidData's finance records "
        "(fixtures/aiddata/). Safe to run again: it creates what is missing, updates what the "
        "seed itself wrote, and never overwrites an editor's change."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Fixture files to load (default: every fixtures/*.json)."
        )
        parser.add_argument(
            "--database", default="default", help="The database alias to load into."
        )

    def handle(self, *args, paths, database, **options):
        everything = not paths
        paths = paths or fixture_paths()
        if not paths:
            raise CommandError("No fixtures found to load.")
        report = seed_load(paths=paths, using=database)
        finance = gcdf_seed() if everything and database == "default" else None
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
