"""When a self-pay patient's good faith estimate is due (45 CFR 149.610), in business
days: weekends, US federal holidays and the clinic's closures do not count (issue 29.4)."""

from datetime import date

import pytest

from appointments.estimates import estimate_due_date

# Monday 19 October 2026 starts two clear working weeks (Columbus Day was the 12th,
# Veterans Day is 11 November).
MONDAY = date(2026, 10, 19)


@pytest.mark.parametrize(
    ("visit_on", "due"),
    [
        # 2 business days away (Tuesday, Wednesday): too close for an estimate to be owed.
        (date(2026, 10, 21), None),
        # 3 away (the visit's Thursday counts): 1 business day after scheduling.
        (date(2026, 10, 22), date(2026, 10, 20)),
        # 9 away: still 1 business day.
        (date(2026, 10, 30), date(2026, 10, 20)),
        # 10 away: 3 business days after scheduling.
        (date(2026, 11, 2), date(2026, 10, 22)),
    ],
)
def test_the_deadline_follows_how_far_away_the_visit_is(visit_on, due):
    assert estimate_due_date(scheduled_on=MONDAY, visit_on=visit_on) == due


def test_a_weekend_does_not_count():
    # Scheduled on Friday 4 December for Wednesday 9th: Monday, Tuesday and Wednesday
    # make 3 business days, and the estimate is due on Monday, not Saturday.
    assert estimate_due_date(scheduled_on=date(2026, 12, 4), visit_on=date(2026, 12, 9)) == date(
        2026, 12, 7
    )
    # Scheduled on a Saturday: the first business day after it is Monday.
    assert estimate_due_date(scheduled_on=date(2026, 12, 5), visit_on=date(2026, 12, 30)) == date(
        2026, 12, 9
    )


def test_a_federal_holiday_does_not_count():
    # Thanksgiving (Thursday 26 November 2026) is skipped: due on Friday 27th.
    assert estimate_due_date(scheduled_on=date(2026, 11, 25), visit_on=date(2026, 12, 7)) == date(
        2026, 11, 27
    )
    # Scheduled on Tuesday 24th for Tuesday 8 December: 10 weekdays away, but only 9
    # business days, so 1 business day (Wednesday) rather than 3.
    assert estimate_due_date(scheduled_on=date(2026, 11, 24), visit_on=date(2026, 12, 8)) == date(
        2026, 11, 25
    )


def test_a_holiday_observed_on_a_friday_does_not_count():
    # 4 July 2026 is a Saturday, observed on Friday 3rd: scheduled on Thursday 2nd, the
    # estimate is due on Monday 6th.
    assert estimate_due_date(scheduled_on=date(2026, 7, 2), visit_on=date(2026, 7, 10)) == date(
        2026, 7, 6
    )


def test_a_clinic_closure_does_not_count():
    closed = {date(2026, 12, 7)}
    assert estimate_due_date(
        scheduled_on=date(2026, 12, 4), visit_on=date(2026, 12, 10), closed_days=closed
    ) == date(2026, 12, 8)
    # The closure also makes a visit on Wednesday 9th only 2 business days away.
    assert (
        estimate_due_date(
            scheduled_on=date(2026, 12, 4), visit_on=date(2026, 12, 9), closed_days=closed
        )
        is None
    )


def test_a_patient_who_asks_gets_one_within_3_business_days():
    # Asked on Friday 4 December: Monday, Tuesday, Wednesday.
    assert estimate_due_date(asked_on=date(2026, 12, 4)) == date(2026, 12, 9)
    # Across Christmas (Friday 25th) and a closure on Monday 28th.
    assert estimate_due_date(asked_on=date(2026, 12, 23), closed_days={date(2026, 12, 28)}) == date(
        2026, 12, 30
    )


def test_the_earlier_deadline_applies_when_both_do():
    scheduled = {"scheduled_on": MONDAY, "visit_on": date(2026, 11, 2)}  # due 22 October
    assert estimate_due_date(**scheduled, asked_on=MONDAY) == date(2026, 10, 22)
    assert estimate_due_date(**scheduled, asked_on=date(2026, 10, 16)) == date(2026, 10, 21)


def test_nothing_is_due_without_a_visit_date_or_a_request():
    assert estimate_due_date() is None
    assert estimate_due_date(scheduled_on=MONDAY) is None
