"""Emails about requests, sent by the background worker from the outbox.

A request's `Notification` rows, and a task for each carrying only the row's id, are
stored in the request's own transaction; the worker (`manage.py db_worker`) sends them
once it commits. A failed attempt is retried with backoff for a day, then marked failed for
staff to see in the admin. `queue_due` (`manage.py send_due_notifications`, every minute)
queues those retries and anything a stopped or killed worker left behind.

Each row is sent at least once: an attempt first claims it with one conditional UPDATE
(so two runs of its task never send at the same time), sends, then marks it sent. A
worker killed between sending and marking leaves the row claimed until its lease ends,
and it is then sent again: a rare second "new request" alert is harmless, a lost one is
a patient nobody calls back. Both copies carry the same Message-ID, so mail programs
can fold them into one.

Nothing here puts a patient's details in a task, a log or the database's task records:
tasks carry ids, and errors are kept as their type only (an SMTP error can quote the
recipient's address).
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from core.clinic import get_clinic

from .models import Notification

logger = logging.getLogger(__name__)

# How long a claimed email stays reserved for the attempt sending it. Longer than any
# send takes (EMAIL_TIMEOUT bounds each step of the SMTP conversation); after it, an
# attempt that died half-way is retried.
CLAIM_SECONDS = 600
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 3600
# How many due emails one sweep queues; the next sweep takes the rest.
SWEEP_BATCH = 500


def create_notifications(appointment_request):
    """The emails a new request calls for, in the caller's transaction."""
    kinds = []
    if settings.FRONT_DESK_EMAILS:
        kinds.append(Notification.Kind.FRONT_DESK)
    if settings.APPOINTMENTS["SEND_ACKNOWLEDGEMENT"] and appointment_request.email:
        kinds.append(Notification.Kind.ACKNOWLEDGEMENT)
    return Notification.objects.bulk_create(
        Notification(appointment_request=appointment_request, kind=kind) for kind in kinds
    )


def queue_notifications(notification_ids):
    """Queue a task for each email, in the caller's transaction if there is one. A failure
    to queue loses nothing: it rolls back to its savepoint only, the row stays in the
    outbox and the next sweep queues it."""
    for notification_id in notification_ids:
        try:
            with transaction.atomic():
                result = send_notification.enqueue(notification_id)
                Notification.objects.filter(pk=notification_id).update(task_id=result.id)
        except Exception as error:  # The request is stored; the sweep will retry.
            logger.error(
                "notification not queued",
                extra={"notification_id": notification_id, "error": type(error).__name__},
            )


def queue_due(now=None):
    """Queue every email whose (next) attempt is due and has no task waiting; return
    how many were queued."""
    now = now or timezone.now()
    due = Notification.objects.due(now).order_by("next_attempt_at").only("pk", "task_id")
    waiting = [n.pk for n in due[:SWEEP_BATCH] if not _task_is_waiting(n.task_id)]
    queue_notifications(waiting)
    return len(waiting)


def _task_is_waiting(task_id):
    if not task_id:
        return False
    try:
        return send_notification.get_result(task_id).status == TaskResultStatus.READY
    except TaskResultDoesNotExist:  # Pruned, or never stored.
        return False


@task()
def send_notification(notification_id):
    """Send one email from the outbox, if it is due and no other attempt holds it."""
    now = timezone.now()
    claimed = (
        Notification.objects.due(now)
        .filter(pk=notification_id)
        .update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
    )
    if not claimed:
        # Already sent, given up, held by another attempt, not due yet, or purged.
        return
    notification = Notification.objects.select_related("appointment_request").get(
        pk=notification_id
    )
    email = build_email(notification)
    if not email.recipients():
        # FRONT_DESK_EMAILS is missing where the worker runs: retry once it is set.
        _record_failure(notification, "NoRecipients")
        return
    try:
        email.send()
    except Exception as error:  # Any mail failure: keep its type only, and retry.
        _record_failure(notification, type(error).__name__)
    else:
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
        )


def _record_failure(notification, error_type):
    now = timezone.now()
    retry_until = notification.created_at + timedelta(hours=settings.NOTIFICATIONS["RETRY_HOURS"])
    delay = min(FIRST_RETRY_SECONDS * 2 ** (notification.attempts - 1), LONGEST_RETRY_SECONDS)
    gave_up = now >= retry_until
    Notification.objects.filter(pk=notification.pk).update(
        last_error=error_type[:100],
        status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
        next_attempt_at=now + timedelta(seconds=delay),
    )
    logger.log(
        logging.ERROR if gave_up else logging.WARNING,
        "notification email failed",
        extra={
            "notification_id": notification.pk,
            "request_id": notification.appointment_request_id,
            "notification": notification.kind,
            "attempts": notification.attempts,
            "error": error_type,
            "gave_up": gave_up,
        },
    )


def build_email(notification):
    """The email itself: that a request arrived, or that it was received; never what
    it says."""
    appointment_request = notification.appointment_request
    clinic = get_clinic()
    headers = {
        "Message-ID": f"<notification-{notification.pk}@{urlsplit(settings.SITE_URL).hostname}>"
    }
    if notification.kind == Notification.Kind.FRONT_DESK:
        return EmailMessage(
            subject=f"New appointment request #{appointment_request.pk}",
            body=(
                f"A new request (#{appointment_request.pk}) arrived on the {clinic.name} website.\n\n"
                f"Open it in the staff area (sign-in required):\n"
                f"{settings.SITE_URL}{appointment_request.get_admin_url()}\n\n"
                "For patients' privacy this email does not contain the request's details."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=settings.FRONT_DESK_EMAILS,
            headers=headers,
        )
    # The patient's copy in the language of the form they sent; the staff alert above
    # stays in English.
    with translation.override(appointment_request.language):
        names = {"clinic": clinic.name, "promise": clinic.callback_promise, "phone": clinic.phone}
        return EmailMessage(
            subject=gettext("We received your message: %(clinic)s") % names,
            body="\n\n".join(
                (
                    gettext(
                        "Thank you for contacting %(clinic)s. We received your request and "
                        "will contact you %(promise)s."
                    )
                    % names,
                    gettext(
                        "If something is urgent, call us on %(phone)s. In an emergency, call 911."
                    )
                    % names,
                    gettext(
                        "Please do not reply with medical information. If you did not send a "
                        "request to us, you can ignore this email."
                    ),
                )
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[appointment_request.email],
            headers=headers,
        )
