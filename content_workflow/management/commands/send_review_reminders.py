"""Queue the weekly email to clinical reviewers (sent by the worker). Run it weekly:

0 7 * * 1  cd /srv/clinic && .venv/bin/python manage.py send_review_reminders
"""

from django.core.management.base import BaseCommand

from content_workflow.reminders import send_review_reminders


class Command(BaseCommand):
    help = "Queue the weekly list of pages due for medical review, for clinical reviewers."

    def handle(self, **options):
        send_review_reminders.enqueue()
