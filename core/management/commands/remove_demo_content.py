"""Remove the demo content for a site going live."""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.models import DemoContentLoad
from core.publishing import demo_models


class Command(BaseCommand):
    help = (
        "Delete every row marked 'demo content' (conditions, treatments, clinicians, "
        "locations with their hours and closures, insurance plans, practice pages, with "
        "their questions, links, images and versions), so the demo is never loaded again. "
        "Appointment requests keep the condition name they stored. --dry-run lists what "
        "would be deleted and deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; delete nothing."
        )

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        total = 0
        for model in demo_models():
            rows = model.objects.filter(is_demo=True).order_by("pk")
            names = [str(row) for row in rows]
            if not names:
                continue
            total += len(names)
            self.stdout.write(f"{model._meta.verbose_name_plural.capitalize()}: {len(names)}")
            for name in names:
                self.stdout.write(f"  {name}")
            if not dry_run:
                # One by one, so each row's own delete signals run (its page cache, drafts
                # and versions, image files).
                for row in rows:
                    row.delete()
        if dry_run:
            self.stdout.write(f"{total} demo row(s) would be deleted (--dry-run: nothing was).")
            return
        DemoContentLoad.objects.get_or_create(name=DemoContentLoad.REMOVED)
        self.stdout.write(
            f"Deleted {total} demo row(s). The demo will not be loaded again on this site."
        )
