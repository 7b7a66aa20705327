"""Notifications carry no personal or health data, and never lose a request (issue 4).
They are sent by the background worker (the `run_worker` fixture); the queue itself is
tested in test_notification_queue.py."""

import logging

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from appointments.models import AppointmentRequest, Notification

from .factories import form_data

# Real commits, so emails go out exactly as in production (after the commit).
pytestmark = pytest.mark.django_db(transaction=True)

PERSONAL = (
    "Alex Example",
    # The phone number, as typed or stored ("555" alone also turns up in random
    # Message-ID headers).
    "010-0123",
    "0100123",
    "alex@example.com",
    "Upper Back Pain",
    "upper-back-pain",
    "Pain since March",
)


def submit(client, **overrides):
    return client.post(
        "/appointments/",
        form_data(condition="upper-back-pain", message="Pain since March", **overrides),
    )


@pytest.mark.django_db(transaction=False)
def test_the_email_is_queued_with_the_request_in_its_transaction(
    client, condition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        submit(client)
    # The outbox row and its task are part of the request's transaction: nothing waits
    # for the commit, and the worker sees both once it has happened.
    notification = AppointmentRequest.objects.get().notifications.get()
    assert notification.kind == Notification.Kind.FRONT_DESK
    assert callbacks == []
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs == {"args": [notification.pk], "kwargs": {}}
    assert notification.task_id == str(task.id)
    assert mail.outbox == []


def test_the_front_desk_is_told_a_request_arrived_and_nothing_more(client, condition, run_worker):
    submit(client)
    run_worker()
    stored = AppointmentRequest.objects.get()
    [message] = mail.outbox
    assert message.to == ["frontdesk@clinic.example"]
    assert message.subject == f"New appointment request #{stored.pk}"
    assert (
        f"http://127.0.0.1:8000/admin/appointments/appointmentrequest/{stored.pk}/change/"
        in message.body
    )
    everything = message.subject + message.body + str(message.message())
    for detail in PERSONAL:
        assert detail not in everything, detail
    assert stored.notifications.get().status == Notification.Status.SENT


def test_no_email_is_sent_when_no_front_desk_address_is_configured(
    client, condition, settings, run_worker
):
    settings.FRONT_DESK_EMAILS = []
    submit(client)
    run_worker()
    assert AppointmentRequest.objects.count() == 1
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_mail_failure_keeps_the_request_and_logs_without_personal_data(
    client, condition, settings, caplog, run_worker
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        9,
        2,
    )  # nothing listens
    with caplog.at_level(logging.DEBUG):
        response = submit(client)
        run_worker()
    assert response.status_code == 302
    assert response["Location"] == "/appointments/thank-you/"
    stored = AppointmentRequest.objects.get()
    notification = stored.notifications.get()
    assert (notification.status, notification.attempts) == (Notification.Status.PENDING, 1)
    assert notification.last_error == "ConnectionRefusedError"
    [record] = [r for r in caplog.records if r.getMessage() == "notification email failed"]
    assert (record.request_id, record.notification_id) == (stored.pk, notification.pk)
    logged = caplog.text
    for detail in PERSONAL:
        assert detail not in logged, detail


def test_the_optional_acknowledgement_echoes_no_details(client, condition, settings, run_worker):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "SEND_ACKNOWLEDGEMENT": True}
    submit(client)
    run_worker()
    acknowledgement = next(m for m in mail.outbox if m.to == ["alex@example.com"])
    assert "We received your request" in acknowledgement.body
    assert "call 911" in acknowledgement.body
    for detail in PERSONAL[:1] + PERSONAL[3:]:
        assert detail not in acknowledgement.subject + acknowledgement.body, detail


def test_spam_triggers_no_email(client, run_worker):
    submit(client, leave_blank="bot")
    run_worker()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_acknowledgement_speaks_the_patients_language_and_the_alert_english(
    client, settings, run_worker
):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "SEND_ACKNOWLEDGEMENT": True}
    response = client.post("/es/appointments/", form_data())
    assert response.status_code == 302
    run_worker()
    acknowledgement = next(m for m in mail.outbox if m.to == ["alex@example.com"])
    assert acknowledgement.subject.startswith("Recibimos su mensaje")
    assert "le contactaremos en un plazo de un día hábil" in acknowledgement.body
    assert "En una emergencia, llame al 911." in acknowledgement.body
    alert = next(m for m in mail.outbox if m.to == ["frontdesk@clinic.example"])
    assert alert.subject.startswith("New appointment request")
