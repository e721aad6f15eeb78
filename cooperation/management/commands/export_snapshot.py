from django.core.management.base import BaseCommand

from cooperation.services.snapshots import export_snapshot


class Command(BaseCommand):
    help = (
        "Write a bulk download: a zip of each table of published records as CSV and JSON "
        "Lines, and a datapackage.json, listed at /api/v1/downloads/ under a version of its "
        "own (earlier ones stay: every one of today and yesterday, the last of earlier days)."
    )

    def handle(self, *args, **options):
        path = export_snapshot()
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size:,} bytes)."))
