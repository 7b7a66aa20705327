"""django-tasks-db's `db_worker`, which outlives a database outage.

Its own worker stops at the first database error (a restart, a failover, a full disk),
and every email queued after that waited for someone to restart it. This one logs the
error, waits (1 s, then twice as long each time, at most a minute) and starts working
again, so `make run` needs no supervisor; systemd and compose restart it if it dies
anyway. `core` comes before `django_tasks_db` in INSTALLED_APPS, so this command is
the one `manage.py db_worker` runs. With `--reload` (DEBUG) it is django-tasks-db's.
"""

import logging
import time

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

LONGEST_WAIT = 60


class Command(db_worker.Command):
    help = "Run the background worker (emails, exports); it outlives database outages."

    def handle(self, **options):
        if options["reload"]:
            return super().handle(**options)
        failures = 0
        while True:
            started = time.monotonic()
            try:
                return super().handle(**options)
            except DatabaseError as error:
                logger.error("worker lost the database", extra={"error": type(error).__name__})
            connections.close_all()
            # After a long run, try again in a second; a database still away, less and less often.
            failures = 1 if time.monotonic() - started > LONGEST_WAIT else failures + 1
            time.sleep(min(2 ** (failures - 1), LONGEST_WAIT))
