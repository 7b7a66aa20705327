"""Queue the emails that are due: retries whose time has come, and anything a stopped or
killed worker left behind. Safe to run as often as you like; the worker
(`manage.py db_worker`) sends what this queues. Run it every minute, from a systemd
timer, cron, or as its own loop:

    * * * * *  cd /srv/clinic && .venv/bin/python manage.py send_due_notifications
    python manage.py send_due_notifications --every 60
"""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from appointments.notifications import queue_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Queue due and left-behind request emails for the background worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, sweeping every SECONDS (for `make run` and containers).",
        )

    def handle(self, *, every, **options):
        if not every:
            self.sweep()
            return
        try:
            while True:
                close_old_connections()
                try:
                    self.sweep()
                except DatabaseError as error:  # Away for now; the next sweep catches up.
                    logger.error("notification sweep failed", extra={"error": type(error).__name__})
                time.sleep(every)
        except KeyboardInterrupt:
            return

    def sweep(self):
        queued = queue_due()
        if queued:
            logger.info("notifications queued", extra={"count": queued})
