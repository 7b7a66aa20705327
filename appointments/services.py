"""Storing requests and moving them through the front desk's workflow.

A request is committed to the database before anything else happens, together with
its emails in the outbox and their queued tasks (one transaction: on SQLite each
transaction waits its turn for the write lock); the background worker
(`notifications.py`) sees them after the commit and sends them, so their failure never
loses, rolls back or slows down a request.
"""

from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .consent import CONSENT_RECEIPT
from .models import AccessLog, AppointmentRequest, StatusChange, phone_digits
from .notifications import create_notifications, queue_notifications

# Rows per query in bulk work: far below PostgreSQL's 65,535 bound parameters, and a
# bounded amount of memory however many requests there are.
BATCH_SIZE = 1000


def batched(items, size):
    """Lists of up to `size` items (itertools.batched, new in Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _resubmission_key(data, slot):
    fingerprint = repr(
        [str(data.get(name)) for name in AppointmentRequest.SUBMITTED_FIELDS] + [slot]
    )
    return salted_hmac("appointments.resubmission", fingerprint).hexdigest()


def _resubmission_keys(data, now):
    """The key a submission is stored under now, and the one an identical submission
    earlier in the resubmission window may have."""
    slot = int(now.timestamp() // settings.APPOINTMENTS["RESUBMIT_WINDOW_SECONDS"])
    return [_resubmission_key(data, slot), _resubmission_key(data, slot - 1)]


def is_resubmission(data):
    """Whether an identical request was stored within the resubmission window (a double
    click, a refresh): sending it again stores nothing."""
    keys = _resubmission_keys(data, timezone.now())
    return AppointmentRequest.objects.filter(resubmission_key__in=keys).exists()


def find_possible_duplicate(phone, email, now):
    """The latest request in the window with the same phone or email, to flag, never block."""
    matches = Q()
    if phone:
        # By its digits without the extension: "+1 555-010-0123 ext. 42" is that number.
        matches |= Q(phone_digits=phone_digits(phone))
    if email:
        matches |= Q(email_lower=email.lower())
    if not matches:
        return None
    since = now - timedelta(days=settings.APPOINTMENTS["DUPLICATE_WINDOW_DAYS"])
    return (
        AppointmentRequest.objects.alias(email_lower=Lower("email"))
        .filter(matches, submitted_at__gte=since)
        .exclude(status=AppointmentRequest.Status.SPAM)
        .only("pk")
        .order_by("-submitted_at")
        .first()
    )


def record_request(data, *, language="en", source_page="", spam_reason=""):
    """Store a submitted request once; return (request, created).

    `language` is the one the form was shown in (the front desk answers in it).

    `data` is a form's cleaned data. An identical submission within the resubmission
    window returns (None, False): the first copy is already stored.
    """
    now = timezone.now()
    keys = _resubmission_keys(data, now)
    fields = {name: data.get(name) for name in AppointmentRequest.SUBMITTED_FIELDS}
    if fields["request_type"] is None:
        fields["request_type"] = AppointmentRequest.RequestType.APPOINTMENT
    appointment_request = AppointmentRequest(
        **fields,
        consent_receipt=CONSENT_RECEIPT,
        language=language,
        source_page=source_page[:200],
        submitted_at=now,
        status_changed_at=now,
        resubmission_key=keys[0],
    )
    if spam_reason:
        appointment_request.status = AppointmentRequest.Status.SPAM
        appointment_request.spam_reason = spam_reason
    try:
        with transaction.atomic():
            if AppointmentRequest.objects.filter(resubmission_key__in=keys).exists():
                return None, False
            appointment_request.possible_duplicate_of = find_possible_duplicate(
                fields["phone"], fields["email"], now
            )
            appointment_request.save()
            if not spam_reason:
                # In the outbox and queued with the request; sent by the worker.
                queue_notifications([n.pk for n in create_notifications(appointment_request)])
    except IntegrityError:
        # The same submission arrived twice at once; the other copy was stored.
        return None, False
    return appointment_request, True


def change_status(appointment_request, new_status, user):
    """Move a request to a new status, recording who did it in its history."""
    old_status = appointment_request.status
    if old_status == new_status:
        return False
    now = timezone.now()
    with transaction.atomic():
        appointment_request.status = new_status
        appointment_request.status_changed_at = now
        AppointmentRequest.objects.filter(pk=appointment_request.pk).update(
            status=new_status, status_changed_at=now
        )
        StatusChange.objects.create(
            appointment_request=appointment_request,
            changed_by=user,
            from_status=old_status,
            to_status=new_status,
            changed_at=now,
        )
    return True


def change_statuses(queryset, new_status, user):
    """Move every request of a queryset to a new status in a few queries; return their ids.

    Call inside a transaction: the requests are locked until it ends.
    """
    now = timezone.now()
    moving = list(
        queryset.select_related(None)
        .exclude(status=new_status)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", "status")
    )
    for batch in batched(moving, BATCH_SIZE):
        AppointmentRequest.objects.filter(pk__in=[pk for pk, _ in batch]).update(
            status=new_status, status_changed_at=now
        )
    StatusChange.objects.bulk_create(
        (
            StatusChange(
                appointment_request_id=pk,
                changed_by=user,
                from_status=old_status,
                to_status=new_status,
                changed_at=now,
            )
            for pk, old_status in moving
        ),
        batch_size=BATCH_SIZE,
    )
    return [pk for pk, _ in moving]


def record_access(user, action, request_ids=(), detail="", record=AccessLog.Record.APPOINTMENT):
    """Add to the access log: one entry per request, or one entry for a list view, a
    refused search or an export's download. `record`: which kind of request."""
    username = user.get_username() if user is not None else ""
    user = user if user is not None and user.pk else None
    if action in (AccessLog.Action.LIST, AccessLog.Action.REFUSED, AccessLog.Action.DOWNLOAD):
        entries = [
            AccessLog(user=user, username=username, action=action, detail=detail, record=record)
        ]
    else:
        entries = [
            AccessLog(
                user=user,
                username=username,
                action=action,
                request_id=pk,
                detail=detail,
                record=record,
            )
            for pk in request_ids
        ]
    AccessLog.objects.bulk_create(entries, batch_size=BATCH_SIZE)
