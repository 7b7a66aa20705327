"""Publish approved drafts whose time has come. Run it every minute (cron, a systemd
timer, or beside the notification sweep):

    * * * * *  cd /srv/clinic && .venv/bin/python manage.py publish_scheduled_revisions
"""

import logging

from django.core.management.base import BaseCommand

from content_workflow.services import publish_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish approved page drafts whose publish time has passed."

    def handle(self, **options):
        published = publish_due()
        if published:
            logger.info("scheduled revisions published", extra={"count": published})
