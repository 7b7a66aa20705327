"""Fill the database with a clinic group's two years of front-desk work, for benchmarks.

    manage.py generate_scale_data --requests 200000

Reproducible (a fixed seed) and clearly fictional: names from a short list, phone
numbers on the 555 exchange, emails at example.com. Each request brings its share of
status changes (about 1.5), notes (0.2) and access-log rows (2.25), spread over two years
before now. Add a kind of data as one more argument and one more generate_* function.
"""

import hashlib
import itertools
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from appointments.consent import CONSENT_RECEIPT
from appointments.models import (
    AccessLog,
    AppointmentRequest,
    RequestNote,
    StatusChange,
    folded,
    kept_condition_names,
    phone_digits,
)
from conditions.models import Condition

Status = AppointmentRequest.Status
FIRST_NAMES = [
    "Avery",
    "Blake",
    "Casey",
    "Dana",
    "Emery",
    "Finley",
    "Gray",
    "Harper",
    "Indigo",
    "Jordan",
    "Kai",
    "Logan",
    "Morgan",
    "Noel",
    "Oakley",
    "Parker",
    "Quinn",
    "Reese",
    "Sage",
    "Tatum",
    "Umber",
    "Vale",
    "Wren",
    "Xen",
    "Yael",
    "Zion",
]
# 900 made-up surnames from two halves: a surname matches about 1 request in 900, as a
# real one might, rather than 1 in 24.
SURNAME_STARTS = [
    "Ash",
    "Birch",
    "Cold",
    "Dun",
    "Elms",
    "Fair",
    "Glen",
    "Hollow",
    "Ivy",
    "Juni",
    "Kes",
    "Lark",
    "Mill",
    "North",
    "Oak",
    "Pine",
    "Quar",
    "Raven",
    "Stone",
    "Thorn",
    "Under",
    "West",
    "Yarrow",
    "Zeph",
    "Bram",
    "Cray",
    "Dove",
    "Fern",
    "Gorse",
    "Heath",
]
SURNAME_ENDS = [
    "down",
    "well",
    "brook",
    "more",
    "worth",
    "haven",
    "rock",
    "ford",
    "bridge",
    "per",
    "trel",
    "spur",
    "bank",
    "cote",
    "hurst",
    "grove",
    "rington",
    "by",
    "croft",
    "bury",
    "hill",
    "erly",
    "wick",
    "stead",
    "field",
    "mere",
    "dale",
    "combe",
    "thwaite",
    "ley",
]
LAST_NAMES = [start + end for start in SURNAME_STARTS for end in SURNAME_ENDS]
SPAN_DAYS = 730
CHUNK = 5000
BATCH = 1000  # rows per INSERT: well under PostgreSQL's 65,535 bound parameters
STAFF_USERNAMES = [f"scale-staff-{n}" for n in range(1, 6)]
# Older requests have moved further along the front desk's workflow.
SETTLED = [Status.CLOSED] * 4 + [Status.SCHEDULED] * 2 + [Status.NO_RESPONSE] + [Status.SPAM] * 2
SETTLED += [Status.DUPLICATE] * 2


class Command(BaseCommand):
    help = "Generate a reproducible, fictional data set of appointment requests at scale."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=0, help="How many requests.")
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every request, status change, note and access-log row first.",
        )

    def handle(self, *args, requests, seed, replace, **options):
        if replace:
            AccessLog.objects.all().delete()
            AppointmentRequest.objects.all().delete()
        elif requests and AppointmentRequest.objects.exists():
            raise CommandError("Requests exist already: pass --replace to start afresh.")
        rng = random.Random(seed)  # noqa: S311 (fictional data, not secrets)
        if requests:
            generate_requests(requests, rng, timezone.now())
            self.stdout.write(f"Generated {requests} appointment requests.")


def staff_users():
    User = get_user_model()
    return [
        User.objects.get_or_create(username=name, defaults={"is_staff": True})[0]
        for name in STAFF_USERNAMES
    ]


def generate_requests(count, rng, now):
    """`count` requests with their history, notes and access-log rows, in chunks."""
    staff = staff_users()
    conditions = {
        condition.pk: kept_condition_names(condition) for condition in Condition.objects.all()
    }
    condition_ids = list(conditions) or [None]
    for start in range(0, count, CHUNK):
        with transaction.atomic():
            requests = AppointmentRequest.objects.bulk_create(
                [
                    fictional_request(number, rng, now, staff, conditions, condition_ids)
                    for number in range(start, min(start + CHUNK, count))
                ],
                batch_size=BATCH,
            )
            history, notes, log = [], [], []
            for request in requests:
                history += status_history(request, rng, staff, now)
                if rng.random() < 0.2:
                    notes.append(
                        RequestNote(
                            appointment_request=request,
                            author=rng.choice(staff),
                            text="Left a voicemail; will try again tomorrow.",
                            created_at=request.submitted_at + timedelta(hours=rng.randint(1, 48)),
                        )
                    )
                log += access_entries(request, rng, staff, now)
            StatusChange.objects.bulk_create(history, batch_size=BATCH)
            RequestNote.objects.bulk_create(notes, batch_size=BATCH)
            AccessLog.objects.bulk_create(log, batch_size=BATCH)


def fictional_request(number, rng, now, staff, conditions, condition_ids):
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    condition_id = rng.choice(condition_ids)
    phone = f"+1 {rng.randint(201, 989)}-555-{rng.randint(0, 9999):04d}"
    submitted_at = now - timedelta(seconds=rng.randint(0, SPAN_DAYS * 86400))
    age_days = (now - submitted_at).days
    if age_days < 3:
        status = Status.NEW
    elif age_days < 14:
        status = rng.choice([Status.NEW, Status.CONTACTED, Status.SCHEDULED])
    else:
        status = rng.choice(SETTLED)
    return AppointmentRequest(
        full_name=f"{first} {last}",
        name_folded=folded(f"{first} {last}"),
        phone=phone,
        phone_digits=phone_digits(phone),
        email=f"{first}.{last}{number}@example.com".lower(),
        preferred_contact=rng.choice(AppointmentRequest.ContactMethod.values),
        preferred_days=rng.sample(["monday", "tuesday", "wednesday", "thursday"], 2),
        preferred_times=[rng.choice(AppointmentRequest.TimeOfDay.values)],
        patient_status=rng.choice(AppointmentRequest.PatientStatus.values),
        condition_id=condition_id,
        condition_names=conditions.get(condition_id, {}),
        message="I would like to talk about my back pain." if rng.random() < 0.6 else "",
        consent_receipt=CONSENT_RECEIPT,
        source_page="/conditions/",
        submitted_at=submitted_at,
        status=status,
        status_changed_at=min(submitted_at + timedelta(days=rng.randint(1, 10)), now),
        assigned_to=rng.choice(staff) if status != Status.NEW else None,
        resubmission_key=hashlib.sha256(f"scale-{number}".encode()).hexdigest(),
    )


def status_history(request, rng, staff, now):
    """The steps from "new" to the request's status: none, one, or via "contacted"."""
    if request.status == Status.NEW:
        return []
    steps = [Status.NEW]
    if request.status not in (Status.CONTACTED, Status.SPAM, Status.DUPLICATE):
        steps.append(Status.CONTACTED)
    steps.append(request.status)
    return [
        StatusChange(
            appointment_request=request,
            changed_by=rng.choice(staff),
            from_status=before,
            to_status=after,
            changed_at=min(request.submitted_at + timedelta(days=day), now),
        )
        for day, (before, after) in enumerate(itertools.pairwise(steps), start=1)
    ]


def access_entries(request, rng, staff, now):
    """About two views of each request, and a list view for one request in four."""
    user = rng.choice(staff)
    entries = [
        AccessLog(
            at=min(request.submitted_at + timedelta(hours=hours), now - timedelta(minutes=hours)),
            user=user,
            username=user.username,
            action=AccessLog.Action.VIEW,
            request_id=request.pk,
        )
        for hours in rng.sample(range(1, 240), 2)
    ]
    if rng.random() < 0.25:
        entries.append(
            AccessLog(
                at=request.submitted_at,
                user=user,
                username=user.username,
                action=AccessLog.Action.LIST,
                detail=f"shown: {request.pk}",
            )
        )
    return entries
