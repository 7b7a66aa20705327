"""The good faith estimate a self-pay patient is owed under the No Surprises Act
(45 CFR 149.610): when it is due, in the clinic's business days.

The front desk records the visit date when it schedules a self-pay patient (and the day a
patient asked for an estimate, if they did); the deadline is stored with the request, so
the admin's filters and the staff home page count it with a plain query.
"""

from datetime import timedelta
from itertools import islice, takewhile

import holidays
from django.utils import timezone

from practice.models import SpecialHours

from .models import AppointmentRequest

US_FEDERAL_HOLIDAYS = holidays.country_holidays("US")


def estimate_due_date(*, scheduled_on=None, visit_on=None, asked_on=None, closed_days=()):
    """The day a good faith estimate is due, or None when none is due.

    Business days are Monday to Friday except US federal holidays (as observed) and
    `closed_days`, the clinic's closures. A visit scheduled at least 10 business days
    ahead: 3 business days after scheduling; at least 3 ahead: 1 business day after;
    closer than that, none is required. Asked for by the patient: 3 business days after
    asking. The earlier deadline applies when both do.
    """

    def business_days_after(day):
        while True:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in US_FEDERAL_HOLIDAYS and day not in closed_days:
                yield day

    deadlines = []
    if scheduled_on and visit_on:
        # The visit day counts: scheduled on a Monday for Thursday is 3 business days ahead.
        ahead = list(
            takewhile(lambda day: day <= visit_on, islice(business_days_after(scheduled_on), 10))
        )
        if len(ahead) >= 10:
            deadlines.append(ahead[2])
        elif len(ahead) >= 3:
            deadlines.append(ahead[0])
    if asked_on:
        deadlines.append(next(islice(business_days_after(asked_on), 2, None)))
    return min(deadlines, default=None)


def closed_days(location_id, since):
    """The days after `since` that a location is closed (its special hours without hours)."""
    if location_id is None:
        return frozenset()
    closures = SpecialHours.objects.filter(location_id=location_id, opens__isnull=True)
    return frozenset(closures.filter(date__gt=since).values_list("date", flat=True))


def refresh_estimate_due(appointment_request):
    """Work out the request's estimate deadline again from what the front desk recorded:
    scheduling (the last time it was marked scheduled) counts for a self-pay patient, a
    patient's asking for one counts for anyone. Sets the field; the caller saves."""
    scheduled_at = None
    if appointment_request.self_pay:
        scheduled_at = (
            appointment_request.status_changes.filter(to_status=AppointmentRequest.Status.SCHEDULED)
            .order_by("-changed_at")
            .values_list("changed_at", flat=True)
            .first()
        )
    scheduled_on = timezone.localdate(scheduled_at) if scheduled_at else None
    asked_on = appointment_request.estimate_asked_on
    starts = [day for day in (scheduled_on, asked_on) if day]
    appointment_request.estimate_due = estimate_due_date(
        scheduled_on=scheduled_on,
        visit_on=appointment_request.visit_date,
        asked_on=asked_on,
        closed_days=(
            closed_days(appointment_request.preferred_location_id, min(starts)) if starts else ()
        ),
    )
