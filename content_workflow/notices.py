"""Emails to editors about their drafts, sent by the background worker. A task carries
the draft's id only; the email names the page and links to its form, nothing else."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from .models import Revision


@task()
def draft_sent_back(revision_id):
    """Tell a draft's editor that it could not be published and why (its note)."""
    revision = (
        Revision.objects.select_related("author", "content_type").filter(pk=revision_id).first()
    )
    page = revision and revision.page
    if page is None or revision.author is None or not revision.author.email:
        return 0
    opts = page._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[page.pk])
    body = (
        f"Your draft of the {opts.verbose_name} “{page}” was sent back to you.\n\n"
        f"{revision.comment}\n\n{settings.SITE_URL}{url}\n"
    )
    EmailMessage(f"Draft sent back: {page}", body, to=[revision.author.email]).send()
    return 1
