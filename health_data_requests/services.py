"""Recording, confirming, answering and appealing consumer health data requests.

The emails carry a link and nothing else a reader could learn from: never what data the
clinic holds, and never the token's hash (only the person's mailbox has the token).
"""

import hashlib
import logging
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from appointments.management.commands.purge_appointment_requests import purge
from appointments.models import AccessLog, AppointmentRequest
from appointments.services import BATCH_SIZE, record_access
from core.clinic import get_clinic
from core.ratelimit import keyed_hash

from .models import HealthDataRequest, response_due

logger = logging.getLogger(__name__)
Status = HealthDataRequest.Status
HEALTH_DATA = AccessLog.Record.HEALTH_DATA


def hash_token(token):
    # The token is 256 random bits: a fast hash is enough to make the stored value useless.
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(health_request, lifetime):
    """Give the request a fresh single-use token; return the token for its link."""
    token = secrets.token_urlsafe(32)
    health_request.token_hash = hash_token(token)
    health_request.token_expires_at = timezone.now() + lifetime
    return token


def _link(url_name, token, language):
    with translation.override(language):
        path = reverse(url_name)
    return f"{settings.SITE_URL}{path}?{urlencode({'token': token})}"


def _send(email):
    """Send now, not from the outbox: the link's token exists only here (the database
    keeps its hash). A failure is logged by its type alone (an SMTP error can quote the
    address); the person can send the form again, and staff see requests in the admin."""
    try:
        email.send()
    except Exception as error:
        logger.error("health data request email failed", extra={"error": type(error).__name__})


def request_by_token(token, *, confirmed):
    """The request whose live link carries `token`: unconfirmed ones for the confirmation
    link, denied ones for the appeal link; None for anything else."""
    if not token or len(token) > 100:
        return None
    found = HealthDataRequest.objects.filter(
        token_hash=hash_token(token), token_expires_at__gt=timezone.now()
    )
    if confirmed:
        return found.filter(confirmed_at__isnull=False, status=Status.DENIED).first()
    return found.filter(confirmed_at__isnull=True).first()


def submit_request(kind, email, language):
    """Store an unconfirmed request and email its confirmation link.

    The same work whoever the address belongs to: nothing is looked up here.
    """
    hours = settings.HEALTH_DATA_REQUESTS["CONFIRM_HOURS"]
    health_request = HealthDataRequest(kind=kind, email=email, language=language)
    token = _new_token(health_request, timedelta(hours=hours))
    health_request.save()
    with translation.override(language):
        clinic = get_clinic()
        names = {"clinic": clinic.name, "hours": hours, "phone": clinic.phone}
        message = EmailMessage(
            subject=gettext("Confirm your health data request: %(clinic)s") % names,
            body="\n\n".join(
                (
                    gettext(
                        "Someone, we hope you, asked %(clinic)s on its website to act on "
                        "the consumer health data it may hold about this email address."
                    )
                    % names,
                    gettext(
                        "To confirm the request, open this link within %(hours)s hours and "
                        "press the button on the page:"
                    )
                    % names
                    + "\n"
                    + _link("health_data_requests:confirm", token, language),
                    gettext(
                        "If you did not ask, ignore this email: nothing happens without "
                        "your confirmation. Questions: call us on %(phone)s."
                    )
                    % names,
                )
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        )
    transaction.on_commit(lambda: _send(message))
    return health_request


def _alert_front_desk(health_request, what):
    """Tell the front desk a request waits, by number only."""
    if not settings.FRONT_DESK_EMAILS:
        return
    due = health_request.due_on
    message = EmailMessage(
        subject=f"Consumer health data request #{health_request.pk} {what}",
        body=(
            f"Consumer health data request #{health_request.pk} {what} on the "
            f"{get_clinic().name} website. An answer is due by {due:%B} {due.day}, {due.year}.\n\n"
            f"Open it in the staff area (sign-in required):\n"
            f"{settings.SITE_URL}{health_request.get_admin_url()}"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=settings.FRONT_DESK_EMAILS,
    )
    transaction.on_commit(lambda: _send(message))


def confirm_request(token):
    """Confirm the request whose link carries `token`, once; return it, or None."""
    with transaction.atomic():
        health_request = request_by_token(token, confirmed=False)
        if health_request is None:
            return None
        now = timezone.now()
        # Conditional on the hash: of two confirmations at once, one changes the row.
        confirmed = HealthDataRequest.objects.filter(
            pk=health_request.pk, token_hash=health_request.token_hash
        ).update(
            token_hash="",
            token_expires_at=None,
            confirmed_at=now,
            due_on=response_due(now),
            status=Status.NEW,
            status_changed_at=now,
        )
        if not confirmed:
            return None
        health_request.refresh_from_db()
        _alert_front_desk(health_request, "was confirmed")
    return health_request


def record_appeal(health_request, user=None, token=None):
    """Reopen a denied request as appealed, with a new deadline: the person's own appeal
    through the link (`token`), or one staff record (`user`). Return whether it changed."""
    now = timezone.now()
    matching = HealthDataRequest.objects.filter(pk=health_request.pk, status=Status.DENIED)
    if token is not None:
        matching = matching.filter(token_hash=hash_token(token))
    with transaction.atomic():
        if not matching.update(
            status=Status.APPEALED,
            status_changed_at=now,
            appealed_at=now,
            due_on=response_due(now),
            token_hash="",
            token_expires_at=None,
        ):
            return False
        health_request.refresh_from_db()
        by = "recorded by staff" if user else "made through the link"
        record_access(
            user, AccessLog.Action.CHANGE, [health_request.pk], f"appeal {by}", HEALTH_DATA
        )
        _alert_front_desk(health_request, "was appealed")
    return True


def change_status(health_request, new_status, user):
    """Move a request to a new status (not to appealed: `record_appeal`); a decision
    (completed, denied) is emailed to the person, a first denial with a link to appeal it."""
    if health_request.status == new_status:
        return False
    now = timezone.now()
    health_request.status = new_status
    health_request.status_changed_at = now
    token = None
    if new_status == Status.DENIED and health_request.appealed_at is None:
        token = _new_token(
            health_request, timedelta(days=settings.HEALTH_DATA_REQUESTS["APPEAL_DAYS"])
        )
    else:  # an earlier appeal link stops working
        health_request.token_hash, health_request.token_expires_at = "", None
    health_request.save(
        update_fields=["status", "status_changed_at", "token_hash", "token_expires_at"]
    )
    record_access(
        user,
        AccessLog.Action.CHANGE,
        [health_request.pk],
        f"status set to {new_status}",
        HEALTH_DATA,
    )
    if new_status in HealthDataRequest.CLOSED_STATUSES and health_request.email:
        message = decision_email(health_request, token)
        transaction.on_commit(lambda: _send(message))
    return True


def decision_email(health_request, appeal_token=None):
    """That the request was answered, and how to appeal a denial: never the data itself."""
    with translation.override(health_request.language):
        clinic = get_clinic()
        names = {"clinic": clinic.name, "number": health_request.pk, "phone": clinic.phone}
        if health_request.status == Status.COMPLETED:
            paragraphs = [
                gettext("We have completed your consumer health data request #%(number)s.") % names,
                gettext(
                    "We never send health data by email. If you asked what we hold, we will "
                    "contact you to arrange a safe way to give it to you, or you can call us "
                    "on %(phone)s."
                )
                % names,
            ]
        else:
            paragraphs = [
                gettext(
                    "We have decided not to act on your consumer health data request "
                    "#%(number)s. To hear why, call us on %(phone)s."
                )
                % names
            ]
            if appeal_token:
                days = settings.HEALTH_DATA_REQUESTS["APPEAL_DAYS"]
                paragraphs.append(
                    gettext(
                        "If you disagree, you can appeal within %(days)s days by opening this "
                        "link and pressing the button on the page:"
                    )
                    % {"days": days}
                    + "\n"
                    + _link("health_data_requests:appeal", appeal_token, health_request.language)
                )
            else:
                paragraphs.append(
                    gettext(
                        "This was our answer to your appeal. If you have concerns about it, "
                        "you can contact the Washington State Attorney General's Office."
                    )
                )
        return EmailMessage(
            subject=gettext("Your health data request #%(number)s: %(clinic)s") % names,
            body="\n\n".join(paragraphs),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[health_request.email],
        )


def matching_appointment_requests(health_request):
    """The appointment requests sent from the confirmed address, exactly as stored."""
    if not health_request.email or health_request.confirmed_at is None:
        return AppointmentRequest.objects.none()
    return AppointmentRequest.objects.filter(email=health_request.email)


def delete_appointment_requests(health_request, user):
    """Delete the appointment requests from the confirmed address through the retention
    purge's code (each logged as this member of staff's deletion); return how many."""
    deleted = purge(
        matching_appointment_requests(health_request).order_by("pk"),
        BATCH_SIZE,
        user=user,
        reason=f"asked for by consumer health data request #{health_request.pk}",
    ).total()
    health_request.deleted_appointment_requests = (
        health_request.deleted_appointment_requests or 0
    ) + deleted
    health_request.save(update_fields=["deleted_appointment_requests"])
    record_access(
        user,
        AccessLog.Action.CHANGE,
        [health_request.pk],
        f"deleted {deleted} appointment requests",
        HEALTH_DATA,
    )
    return deleted


def purge_requests(now=None):
    """Delete unconfirmed requests whose link expired, and replace the address of requests
    answered before the retention period by a keyed hash. Return both counts."""
    now = now or timezone.now()
    deleted, _ = HealthDataRequest.objects.unconfirmed_expired(now).delete()
    scrubbed = 0
    for health_request in HealthDataRequest.objects.past_retention(now).only("pk", "email"):
        HealthDataRequest.objects.filter(pk=health_request.pk).update(
            email="", email_hash=keyed_hash("health-data-email", health_request.email.lower())
        )
        scrubbed += 1
    return deleted, scrubbed
