"""Publish approved drafts whose time has come. Run it every minute, from a systemd
timer (deploy/clinic-scheduled-publishing.timer), cron, or as its own loop (`make run`):

    * * * * *  cd /srv/clinic && .venv/bin/python manage.py publish_scheduled_revisions
    python manage.py publish_scheduled_revisions --every 60
"""

import logging

from content_workflow.services import publish_due
from core import pagecache
from core.sweeps import SweepCommand

logger = logging.getLogger(__name__)


class Command(SweepCommand):
    help = (
        "Publish approved page drafts whose publish time has passed, and pass a content "
        "change the cache missed on to it."
    )

    def sweep(self):
        if pagecache.push_generation():
            logger.warning("a content change had not reached the cache; it has now")
        published = publish_due()
        if published:
            logger.info("scheduled revisions published", extra={"count": published})
