from django.core.management.base import BaseCommand

from cooperation.services.snapshots import export_snapshot


class Command(BaseCommand):
    help = (
        "Write today's bulk download: a zip of one CSV per table of published records and a "
        "datapackage.json, listed at /api/v1/downloads/. Replaces today's earlier snapshot."
    )

    def handle(self, *args, **options):
        path = export_snapshot()
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size:,} bytes)."))
