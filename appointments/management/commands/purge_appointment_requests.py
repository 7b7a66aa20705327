"""Delete appointment requests whose retention period has ended. Run daily from cron, or
as its own loop (`make run` does this):

    15 3 * * *  cd /srv/clinic && .venv/bin/python manage.py purge_appointment_requests
    python manage.py purge_appointment_requests --every 86400

Retention is counted from a request's last status change and depends on its status
(settings.APPOINTMENTS["RETENTION_DAYS"]); whatever its status, no request is kept
longer than RETENTION_MAX_DAYS after it was submitted. Requests are deleted a chunk at
a time, one transaction each, skipping any a member of staff has locked (tomorrow's run
takes them). What is purged is logged by id and status only. CSV exports older than
EXPORT_RETENTION_HOURS are deleted with their files.
"""

import logging
from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from appointments.exports import purge_exports
from appointments.models import AccessLog, AppointmentRequest
from appointments.services import BATCH_SIZE
from core.sweeps import SweepCommand

logger = logging.getLogger(__name__)


class Command(SweepCommand):
    help = "Delete appointment requests past their retention period."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report how many requests would be deleted; delete and lock nothing.",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=BATCH_SIZE,
            help="Requests deleted per transaction.",
        )

    def handle(self, *args, dry_run=False, chunk_size=BATCH_SIZE, every=None, **options):
        self.dry_run, self.chunk_size = dry_run, chunk_size
        super().handle(every=every)

    def sweep(self):
        dry_run, chunk_size = self.dry_run, self.chunk_size
        now = timezone.now()
        expired = AppointmentRequest.objects.expired(now).order_by("pk")
        if not dry_run:
            exports = purge_exports(now)
            self.stdout.write(f"Deleted {exports} CSV exports.")
            logger.info("csv exports purged", extra={"count": exports})
        if dry_run:
            by_status = Counter(
                dict(expired.order_by().values_list("status").annotate(Count("pk")))
            )
        else:
            by_status = purge(expired, chunk_size)
        total = by_status.total()
        summary = ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {total} appointment requests" + (f" ({summary})." if summary else ".")
        )
        logger.info(
            "appointment requests purged" if not dry_run else "appointment request purge (dry run)",
            extra={"count": total, "by_status": dict(by_status), "dry_run": dry_run},
        )


def purge(expired, chunk_size, *, user=None, reason=""):
    """Delete `expired` in chunks, each logged and committed on its own; count by status.

    With `user`, a deletion staff made (such as one a consumer health data request asked
    for), logged as theirs with `reason`; without, the retention's."""
    action = AccessLog.Action.DELETE if user else AccessLog.Action.PURGE
    username = user.get_username() if user else ""
    note = f"; {reason}" if reason else ""
    by_status = Counter()
    last_pk = 0
    while True:
        with transaction.atomic():
            chunk = list(
                expired.filter(pk__gt=last_pk)
                .select_for_update(skip_locked=True)
                .values_list("pk", "status")[:chunk_size]
            )
            if not chunk:
                return by_status
            AccessLog.objects.bulk_create(
                AccessLog(
                    action=action,
                    user=user,
                    username=username,
                    request_id=pk,
                    detail=f"status: {status}{note}",
                )
                for pk, status in chunk
            )
            # Only the ids: the deletion loads the requests (for the "possible duplicate of"
            # links it clears), and needs nothing else of them.
            AppointmentRequest.objects.filter(pk__in=[pk for pk, _ in chunk]).only("pk").delete()
        by_status.update(status for _, status in chunk)
        last_pk = chunk[-1][0]
