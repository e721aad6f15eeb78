from django.core.management.base import BaseCommand, CommandError

from cooperation.services.seeding import fixture_paths, seed_load


class Command(BaseCommand):
    help = (
        "Load the seed content from fixtures/. Safe to run again: it creates what is missing, "
        "updates what the seed itself wrote, and never overwrites an editor's change."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Fixture files to load (default: every fixtures/*.json)."
        )
        parser.add_argument(
            "--database", default="default", help="The database alias to load into."
        )

    def handle(self, *args, paths, database, **options):
        paths = paths or fixture_paths()
        if not paths:
            raise CommandError("No fixtures found to load.")
        report = seed_load(paths=paths, using=database)
        if options["verbosity"] < 1:
            return
        for line in report.lines():
            self.stdout.write(line)
        if report.changed_anything:
            self.stdout.write(self.style.SUCCESS("Seed content loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Seed content already up to date."))
