"""Publish approved drafts whose time has come. Run it every minute, from a systemd
timer (deploy/systemd/clinic-scheduled-publishing.timer), cron, or as its own loop (`make run`):

    * * * * *  cd /srv/clinic && .venv/bin/python manage.py publish_scheduled_revisions
    python manage.py publish_scheduled_revisions --every 60

It also purges the versions of pages deleted longer ago than DELETED_PAGE_RETENTION_DAYS.
"""

import logging

from content_workflow.models import Revision
from content_workflow.services import publish_due
from core import pagecache
from core.sweeps import SweepCommand

logger = logging.getLogger(__name__)


class Command(SweepCommand):
    help = (
        "Publish approved page drafts whose publish time has passed, pass a content change "
        "the cache missed on to it, and purge old versions of deleted pages."
    )

    def sweep(self):
        if pagecache.push_generation():
            logger.warning("a content change had not reached the cache; it has now")
        published = publish_due()
        if published:
            logger.info("scheduled revisions published", extra={"count": published})
        purged, _by_model = Revision.objects.past_retention().delete()
        if purged:
            logger.info("versions of deleted pages purged", extra={"count": purged})
