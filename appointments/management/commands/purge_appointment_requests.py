"""Delete appointment requests whose retention period has ended. Run daily from cron:

    15 3 * * *  cd /srv/clinic && .venv/bin/python manage.py purge_appointment_requests

Retention is counted from a request's last status change and depends on its status
(settings.APPOINTMENTS["RETENTION_DAYS"]); statuses without a period are kept until
staff move them on. What is purged is logged by id and status only.
"""

import logging
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from appointments.models import AccessLog, AppointmentRequest

logger = logging.getLogger(__name__)


def expired_requests(now):
    expired = Q()
    for status, days in settings.APPOINTMENTS["RETENTION_DAYS"].items():
        expired |= Q(status=status, status_changed_at__lt=now - timedelta(days=days))
    if not expired:
        return AppointmentRequest.objects.none()
    return AppointmentRequest.objects.filter(expired)


class Command(BaseCommand):
    help = "Delete appointment requests past their status-dependent retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report how many requests would be deleted; delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            expired = list(
                expired_requests(timezone.now()).select_for_update().values_list("pk", "status")
            )
            by_status = Counter(status for _, status in expired)
            if expired and not dry_run:
                ids = [pk for pk, _ in expired]
                AccessLog.objects.bulk_create(
                    AccessLog(
                        action=AccessLog.Action.PURGE, request_id=pk, detail=f"status: {status}"
                    )
                    for pk, status in expired
                )
                AppointmentRequest.objects.filter(pk__in=ids).delete()
        summary = ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {len(expired)} appointment requests" + (f" ({summary})." if summary else ".")
        )
        logger.info(
            "appointment requests purged" if not dry_run else "appointment request purge (dry run)",
            extra={"count": len(expired), "by_status": dict(by_status), "dry_run": dry_run},
        )
