"""Emails to clinical reviewers, sent by the background worker. They name content pages
only (names, dates, admin links): never anything from appointment requests.

- The weekly list of pages whose medical review is overdue or due within 30 days, queued
  by `manage.py send_review_reminders` (weekly, from cron or a systemd timer).
- A draft that waits for a clinician's sign-off: queued when it starts to wait
  (services.save_draft), with the draft's id only.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .models import APPROVE_PERMISSION, Revision
from .snapshots import page_models

logger = logging.getLogger(__name__)
DUE_SOON_DAYS = 30


def reviewed_models():
    """Page models in the workflow that record a medical review."""
    return [
        model
        for model in page_models()
        if any(field.name == "next_review_due" for field in model._meta.fields)
    ]


def pages_due(today=None):
    """Published pages never reviewed, overdue, or due within DUE_SOON_DAYS: (model, page)."""
    today = today or timezone.localdate()
    due = Q(next_review_due__isnull=True) | Q(next_review_due__lte=today + timedelta(DUE_SOON_DAYS))
    return [
        (model, page)
        for model in reviewed_models()
        for page in model.objects.filter(due, is_published=True).order_by("next_review_due", "name")
    ]


def reminder_text(pages, today):
    lines = [
        f"These pages need a clinician's review (overdue, or due within {DUE_SOON_DAYS} days).",
        "Open each one and check its text; to record your review, press Save, then",
        "Review and publish, then Approve.",
        "",
    ]
    for model, page in pages:
        if page.next_review_due is None:
            when = "never reviewed"
        elif page.next_review_due < today:
            when = f"overdue since {page.next_review_due:%Y-%m-%d}"
        else:
            when = f"due {page.next_review_due:%Y-%m-%d}"
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[page.pk]
        )
        lines.append(f"- {model._meta.verbose_name.capitalize()}: {page.name} ({when})")
        lines.append(f"  {settings.SITE_URL}{url}")
    return "\n".join(lines) + "\n"


def reviewers():
    return (
        get_user_model()
        .objects.with_perm(APPROVE_PERMISSION, include_superusers=False)
        .filter(is_active=True)
        .exclude(email="")
    )


@task()
def send_review_reminders():
    """Email each clinical reviewer the list of pages due for review (no arguments:
    nothing about anyone goes into the task queue)."""
    today = timezone.localdate()
    pages = pages_due(today)
    recipients = list(reviewers().values_list("email", flat=True))
    if not pages or not recipients:
        return 0
    subject = f"Medical review: {len(pages)} page{'s' if len(pages) != 1 else ''} due"
    body = reminder_text(pages, today)
    with get_connection() as connection:
        for address in recipients:
            EmailMessage(subject, body, to=[address], connection=connection).send()
    logger.info("review reminders sent", extra={"count": len(recipients), "pages": len(pages)})
    return len(recipients)


def queue_sign_off_request(revision_id):
    """After the commit that made a draft wait: a failure to queue loses no work (the
    draft waits, counted on the staff home page), so it is logged, never raised."""
    try:
        send_sign_off_request.enqueue(revision_id)
    except Exception as error:
        logger.error(
            "sign-off request not queued",
            extra={"revision": revision_id, "error": type(error).__name__},
        )


@task()
def send_sign_off_request(revision_id):
    """Tell each clinical reviewer (but the draft's author) that a draft waits for their
    sign-off: the page's name and the link to its review screen, nothing else."""
    draft = Revision.objects.filter(
        pk=revision_id, status=Revision.Status.DRAFT, medical_change=True
    ).first()
    if draft is None or draft.page is None:
        return 0  # approved, sent back, discarded or deleted meanwhile
    recipients = list(reviewers().exclude(pk=draft.author_id).values_list("email", flat=True))
    name = " ".join(draft.page_name.split())  # one line, whatever a crafted form posted
    subject = f"Medical sign-off needed: {name}"
    body = (
        f"A change to {name} waits for a clinician's sign-off.\n"
        f"Review it here: {settings.SITE_URL}{draft.review_url}\n"
    )
    with get_connection() as connection:
        for address in recipients:
            EmailMessage(subject, body, to=[address], connection=connection).send()
    logger.info("sign-off requests sent", extra={"count": len(recipients)})
    return len(recipients)
