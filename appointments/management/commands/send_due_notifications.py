"""Queue the emails that are due: retries whose time has come, and anything a stopped or
killed worker left behind; mark failed the CSV exports a killed worker left half-written
(and remove their partial files). Safe to run as often as you like; the worker
(`manage.py db_worker`) sends what this queues. Run it every minute, from a systemd
timer, cron, or as its own loop:

    * * * * *  cd /srv/clinic && .venv/bin/python manage.py send_due_notifications
    python manage.py send_due_notifications --every 60
"""

import logging

from django.utils import timezone

from appointments.exports import fail_stalled_exports
from appointments.notifications import queue_due
from core.sweeps import SweepCommand

logger = logging.getLogger(__name__)


class Command(SweepCommand):
    help = (
        "Queue due and left-behind request emails for the background worker; fail "
        "exports whose worker was killed."
    )

    def sweep(self):
        queued = queue_due()
        if queued:
            logger.info("notifications queued", extra={"count": queued})
        fail_stalled_exports(timezone.now())
