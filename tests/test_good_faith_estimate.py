"""Self-pay patients: the form's optional question, and the front desk's good faith
estimate deadline in the admin (issue 29.4)."""

import re
from datetime import date, datetime, time

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from appointments.consent import CONSENT_RECEIPT, PRIVACY_NOTICE_VERSION
from appointments.models import AccessLog, AppointmentRequest, Notification
from appointments.notifications import build_email

from .factories import (
    AppointmentRequestFactory,
    LocationFactory,
    SpecialHoursFactory,
    form_data,
)
from .http_helpers import FormFields

pytestmark = pytest.mark.django_db

Status = AppointmentRequest.Status
CHANGELIST = "/admin/appointments/appointmentrequest/"
# Friday 4 December 2026, in the morning at the clinic.
FRIDAY = date(2026, 12, 4)


def at_the_clinic(day):
    """The clock frozen at 10 in the morning of `day` in the clinic's time zone (sign in
    within it: a session from another time may have expired)."""
    return time_machine.travel(timezone.make_aware(datetime(day.year, day.month, day.day, 10)))


# The request form.


@pytest.mark.parametrize(
    ("prefix", "question", "yes", "estimate"),
    [
        (
            "",
            "Will you pay for your care yourself? (optional)",
            "Yes: I have no health insurance, or I will not use it",
            "about a good faith estimate of its cost",
        ),
        (
            "/es",
            "¿Pagará usted mismo su atención? (opcional)",
            "Sí: no tengo seguro médico, o no lo voy a usar",
            "sobre un presupuesto de buena fe de su costo",
        ),
    ],
)
def test_the_form_asks_whether_the_patient_pays_themselves(client, prefix, question, yes, estimate):
    html = client.get(f"{prefix}/appointments/").content.decode()
    assert f"<legend>{question}</legend>" in html
    assert yes in html
    # Nothing is chosen for the patient.
    assert re.findall(r'<input type="radio" name="self_pay" value="(\w+)"[^>]*>', html) == [
        "yes",
        "no",
    ]
    assert not re.search(r'name="self_pay"[^>]*checked', html)
    # The consent the patient gives covers being contacted about the estimate.
    assert estimate in html


@pytest.mark.parametrize(
    ("prefix", "answer", "stored"),
    [("", "yes", True), ("", "no", False), ("/es", "yes", True), ("/es", None, None)],
)
def test_the_answer_is_stored_from_the_form_as_a_browser_posts_it(client, prefix, answer, stored):
    response = client.post(
        f"{prefix}/appointments/",
        form_data(self_pay=answer, message="Since March.\r\nWorse at night."),
    )
    assert response.status_code == 302
    request = AppointmentRequest.objects.get()
    assert request.self_pay is stored
    assert request.message == "Since March.\nWorse at night."
    assert request.language == (prefix.strip("/") or "en")
    assert request.consent_receipt == CONSENT_RECEIPT


@pytest.mark.parametrize(
    ("prefix", "message"),
    [("", "Select a valid choice"), ("/es", "Escoja una opción válida")],
)
def test_an_unknown_answer_is_refused_with_everything_kept(client, prefix, message):
    response = client.post(f"{prefix}/appointments/", form_data(self_pay="maybe"))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Alex Example"' in html
    assert not AppointmentRequest.objects.exists()


@pytest.mark.parametrize(
    ("prefix", "listed"),
    [
        ("", "Whether you will pay for your care yourself, if you choose to say"),
        ("/es", "Si pagará usted mismo su atención, si decide decirlo"),
    ],
)
def test_the_privacy_notice_says_why_it_is_asked_in_a_new_version(client, prefix, listed):
    html = client.get(f"{prefix}/privacy/").content.decode()
    assert listed in html
    assert PRIVACY_NOTICE_VERSION in html
    assert CONSENT_RECEIPT.startswith(f"privacy-notice:{PRIVACY_NOTICE_VERSION};")


def test_the_front_desk_alert_says_nothing_about_paying(client):
    client.post("/appointments/", form_data(self_pay="yes"))
    notification = Notification.objects.get(kind=Notification.Kind.FRONT_DESK)
    email = build_email(notification)
    text = f"{email.subject}\n{email.body}".lower()
    assert "pay" not in text
    assert "estimate" not in text
    assert "insurance" not in text
    assert not mail.outbox  # sent by the worker, not by the form


# The front desk.


def change_url(request):
    return f"{CHANGELIST}{request.pk}/change/"


def admin_form(client, request, **changes):
    """The request's change form as the browser would send it, with `changes`."""
    page = client.get(change_url(request)).content.decode()
    form = FormFields()
    form.feed(page)
    return {**form.fields, **changes}


def test_a_self_pay_patient_cannot_be_scheduled_without_the_visit_date(client, front_desk_user):
    request = AppointmentRequestFactory(self_pay=True)
    with at_the_clinic(FRIDAY):
        client.force_login(front_desk_user)
        response = client.post(change_url(request), admin_form(client, request, status="scheduled"))
    assert response.status_code == 200
    assert "enter the date of the visit to schedule them" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.NEW
    assert request.estimate_due is None


def test_scheduling_shows_when_the_estimate_is_due(client, front_desk_user):
    location = LocationFactory()
    # The location is closed on Monday 7th; another location's closure on Tuesday and
    # special opening hours on Wednesday do not count.
    SpecialHoursFactory(location=location, date=date(2026, 12, 7))
    SpecialHoursFactory(date=date(2026, 12, 8))
    SpecialHoursFactory(
        location=location,
        date=date(2026, 12, 9),
        opens=time(9),
        closes=time(12),
    )
    request = AppointmentRequestFactory(self_pay=True, preferred_location=location)
    with at_the_clinic(FRIDAY):
        client.force_login(front_desk_user)
        data = admin_form(
            client,
            request,
            status="scheduled",
            visit_date="2026-12-14",
            **{"notes-0-text": "Booked with Dr. Example.\r\nAsked about cost."},
        )
        response = client.post(change_url(request), data)
        assert response.status_code == 302
        request.refresh_from_db()
        # Business days after Friday: Tuesday 8th (Monday closed), ..., Monday 14th: 5.
        assert request.estimate_due == date(2026, 12, 8)
        html = client.get(change_url(request)).content.decode()
    assert request.status == Status.SCHEDULED
    assert f"Good faith estimate due {date_format(date(2026, 12, 8))}" in html
    assert request.notes.get().text.splitlines() == [
        "Booked with Dr. Example.",
        "Asked about cost.",
    ]
    views = AccessLog.objects.filter(action=AccessLog.Action.VIEW, request_id=request.pk)
    assert views.count() == 2  # the page before the change, and after it


def test_a_patient_asking_for_an_estimate_sets_the_deadline(client, front_desk_user):
    request = AppointmentRequestFactory(self_pay=None, status=Status.CONTACTED)
    # Christmas Eve 2026 is a Thursday; Christmas Day a federal holiday.
    with at_the_clinic(date(2026, 12, 24)):
        client.force_login(front_desk_user)
        data = admin_form(client, request, estimate_asked_on="2026-12-24")
        assert client.post(change_url(request), data).status_code == 302
    request.refresh_from_db()
    assert request.estimate_due == date(2026, 12, 30)


def test_dates_in_the_future_are_refused(client, front_desk_user):
    request = AppointmentRequestFactory(self_pay=True)
    with at_the_clinic(FRIDAY):
        client.force_login(front_desk_user)
        data = admin_form(client, request, estimate_provided_on="2026-12-05")
        response = client.post(change_url(request), data)
    assert response.status_code == 200
    assert "This date is in the future" in response.content.decode()


def test_an_insured_patient_is_scheduled_without_a_visit_date(client, front_desk_user):
    request = AppointmentRequestFactory(self_pay=False)
    with at_the_clinic(FRIDAY):
        client.force_login(front_desk_user)
        data = admin_form(client, request, status="scheduled")
        assert client.post(change_url(request), data).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.SCHEDULED
    assert request.estimate_due is None


def test_marking_many_scheduled_leaves_self_pay_patients_for_their_own_page(
    client, front_desk_user
):
    insured = AppointmentRequestFactory(self_pay=False)
    self_pay = AppointmentRequestFactory(self_pay=True)
    client.force_login(front_desk_user)
    response = client.post(
        CHANGELIST,
        {"action": "mark_scheduled", "_selected_action": [insured.pk, self_pay.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 request marked as scheduled." in html
    assert "1 request from patients who pay themselves left as they were" in html
    insured.refresh_from_db()
    self_pay.refresh_from_db()
    assert (insured.status, self_pay.status) == (Status.SCHEDULED, Status.NEW)


def estimates():
    return {
        "overdue": AppointmentRequestFactory(self_pay=True, estimate_due=date(2026, 12, 3)),
        "due today": AppointmentRequestFactory(self_pay=True, estimate_due=FRIDAY),
        "due later": AppointmentRequestFactory(self_pay=True, estimate_due=date(2026, 12, 8)),
        "provided": AppointmentRequestFactory(
            self_pay=True, estimate_due=date(2026, 12, 1), estimate_provided_on=date(2026, 11, 30)
        ),
        "none": AppointmentRequestFactory(self_pay=False),
    }


@pytest.mark.parametrize(
    ("choice", "listed"),
    [
        ("overdue", {"overdue"}),
        ("due", {"due today", "due later"}),
        ("provided", {"provided"}),
    ],
)
def test_the_list_filters_estimates_due_overdue_and_provided(
    client, front_desk_user, choice, listed
):
    requests = estimates()
    with at_the_clinic(FRIDAY):
        client.force_login(front_desk_user)
        response = client.get(f"{CHANGELIST}?estimate={choice}")
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert shown == {requests[name].pk for name in listed}
    assert AccessLog.objects.filter(action=AccessLog.Action.LIST).count() == 1


def test_the_staff_home_counts_estimates_due_and_overdue(client, front_desk_user):
    estimates()
    with at_the_clinic(FRIDAY):
        client.force_login(front_desk_user)
        response = client.get("/admin/")
    assert response.context["estimates_outstanding"] == {"overdue": 1, "due": 2}
    html = response.content.decode()
    assert f'href="{CHANGELIST}?estimate=overdue"' in html
    assert "Good faith estimates overdue" in html


def test_a_requests_page_says_whether_its_estimate_is_late_or_given(client, front_desk_user):
    requests = estimates()
    with at_the_clinic(FRIDAY):
        client.force_login(front_desk_user)
        pages = {
            name: client.get(change_url(requests[name])).content.decode()
            for name in ("overdue", "due today", "provided")
        }
    assert f"Good faith estimate due {date_format(date(2026, 12, 3))} (overdue)" in pages["overdue"]
    assert f"Good faith estimate due {date_format(FRIDAY)}<" in pages["due today"]
    assert f"Provided on {date_format(date(2026, 11, 30))}" in pages["provided"]
