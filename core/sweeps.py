"""Management commands that do a small job every minute (from cron or a systemd timer),
or keep running and do it every N seconds (`--every`, for `make run` and containers)."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

logger = logging.getLogger(__name__)


class SweepCommand(BaseCommand):
    """Subclasses define `sweep()`."""

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
                    logger.error(
                        "sweep failed",
                        extra={"command": self.__module__, "error": type(error).__name__},
                    )
                time.sleep(every)
        except KeyboardInterrupt:
            return

    def sweep(self):
        raise NotImplementedError
