"""Emails about requests wait in a durable queue for the background worker (issue 14):
a hanging or broken mail server never slows a submission, a failed email is retried with
backoff and then shown as failed, and however often it is retried the front desk gets
it once. Real SMTP servers on 127.0.0.1 (tests/smtp_servers.py), the real worker."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from appointments.models import AppointmentRequest, Notification
from appointments.notifications import CLAIM_SECONDS, send_notification

from .factories import AppointmentRequestFactory, form_data
from .smtp_servers import hanging_smtp_server, use_smtp, working_smtp_server

pytestmark = pytest.mark.django_db(transaction=True)

PATIENT = ("Alex Example", "010-0123", "0100123", "alex@example.com", "Pain since March")


def submit(client, **overrides):
    response = client.post("/appointments/", form_data(message="Pain since March", **overrides))
    assert response.status_code == 302
    return response


def sweep():
    call_command("send_due_notifications")


def make_due(notification):
    """As if the retry's time had come."""
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_a_hanging_mail_server_does_not_hold_up_the_submission(client, settings, run_worker):
    with hanging_smtp_server() as (port, accepted):
        use_smtp(settings, port)
        submit(client)
        # The request is answered without the mail server being contacted at all.
        assert accepted == []
        notification = Notification.objects.get()
        assert (notification.status, notification.attempts) == (Notification.Status.PENDING, 0)
        # The worker meets the silent server, gives up on this attempt and plans a retry.
        before = timezone.now()
        run_worker()
        assert len(accepted) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    # smtplib reports a greeting that never came as a dropped connection.
    assert notification.last_error == "SMTPServerDisconnected"
    assert notification.next_attempt_at >= before + timedelta(seconds=60)
    # The task itself finished cleanly: the failure lives in the outbox, not a traceback.
    [task] = DBTaskResult.objects.all()
    assert task.status == TaskResultStatus.SUCCESSFUL


def test_a_recovering_server_gets_the_alert_exactly_once_however_often_it_runs(
    client, settings, run_worker
):
    with working_smtp_server() as server:
        use_smtp(settings, server.server_address[1])
        server.refusing = True
        submit(client)
        run_worker()
        notification = Notification.objects.get()
        assert (notification.attempts, notification.last_error) == (1, "SMTPConnectError")
        assert server.received == []

        server.refusing = False
        # Not due yet: neither the sweep nor an extra run of the task sends it early.
        sweep()
        send_notification.enqueue(notification.pk)
        run_worker()
        assert server.received == []

        make_due(notification)
        sweep()
        for _ in range(3):  # A duplicated task, as a retried enqueue could leave.
            send_notification.enqueue(notification.pk)
        run_worker()
        sweep()
        run_worker()
    [(recipients, message)] = server.received
    assert recipients == ["<frontdesk@clinic.example>"]
    assert f"New appointment request #{notification.appointment_request_id}" in message
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert notification.sent_at is not None


def test_retries_back_off_and_give_up_after_a_day(client, settings, run_worker, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    submit(client)
    notification = Notification.objects.get()
    delays = []
    for _ in range(3):
        started = timezone.now()
        run_worker()
        notification.refresh_from_db()
        delays.append(notification.next_attempt_at - started)
        make_due(notification)
        sweep()
    assert [delay.total_seconds() // 60 for delay in delays] == [1, 2, 4]
    assert notification.status == Notification.Status.PENDING
    # A day after the request arrived, the next failure is the last.
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.NOTIFICATIONS["RETRY_HOURS"])
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        run_worker()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.FAILED, 4)
    [record] = [r for r in caplog.records if r.getMessage() == "notification email failed"]
    assert (record.levelname, record.gave_up) == ("ERROR", True)
    make_due(notification)
    sweep()
    run_worker()
    notification.refresh_from_db()
    assert notification.attempts == 4


def test_an_email_left_behind_by_a_killed_worker_is_sent_after_its_claim_expires(
    client, run_worker
):
    submit(client)
    notification = Notification.objects.get()
    # A worker claimed it and was killed mid-send: the task stays RUNNING for ever.
    claimed_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        attempts=1, next_attempt_at=claimed_at + timedelta(seconds=CLAIM_SECONDS)
    )
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=claimed_at)
    sweep()
    run_worker()
    assert mail.outbox == []
    # Once the claim has run out, the sweep queues it again and it goes out.
    make_due(notification)
    sweep()
    run_worker()
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 2)


def test_the_sweep_queues_an_email_once_while_its_task_waits(client):
    submit(client)  # No worker runs: the task waits in the queue.
    notification = Notification.objects.get()
    make_due(notification)
    sweep()
    sweep()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    # A task row pruned away (or never written) is replaced.
    DBTaskResult.objects.all().delete()
    sweep()
    sweep()
    assert DBTaskResult.objects.count() == 1


def test_alerts_queued_equal_requests_stored(client, run_worker):
    for number in range(4):
        submit(client, full_name=f"Patient {number}")
    submit(client, full_name="Bot", leave_blank="spam")
    stored = AppointmentRequest.objects.exclude(status=AppointmentRequest.Status.SPAM)
    assert stored.count() == 4
    assert Notification.objects.filter(kind=Notification.Kind.FRONT_DESK).count() == 4
    assert DBTaskResult.objects.count() == 4
    run_worker()
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"New appointment request #{pk}" for pk in stored.values_list("pk", flat=True)
    )


def test_no_patient_data_in_logs_tasks_or_the_outbox(client, settings, run_worker, caplog):
    """The patient's server refuses their address and quotes it back: that error must
    not reach a log, a task's stored traceback or the outbox."""
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "SEND_ACKNOWLEDGEMENT": True}
    with working_smtp_server() as server, caplog.at_level(logging.DEBUG):
        use_smtp(settings, server.server_address[1])
        server.rejected_recipients.add("alex@example.com")
        submit(client)
        run_worker()
        server.refusing = True
        make_due(Notification.objects.get(kind=Notification.Kind.ACKNOWLEDGEMENT))
        sweep()
        run_worker()
    acknowledgement = Notification.objects.get(kind=Notification.Kind.ACKNOWLEDGEMENT)
    assert acknowledgement.last_error == "SMTPConnectError"
    assert Notification.objects.get(kind=Notification.Kind.FRONT_DESK).status == "sent"
    failures = [r for r in caplog.records if r.getMessage() == "notification email failed"]
    assert [r.error for r in failures] == ["SMTPRecipientsRefused", "SMTPConnectError"]
    stored = [caplog.text]
    for task in DBTaskResult.objects.all():
        assert task.args_kwargs["kwargs"] == {}
        assert all(isinstance(arg, int) for arg in task.args_kwargs["args"])
        stored += [str(task.args_kwargs), task.traceback, str(task.return_value)]
    stored += [str(n) for n in Notification.objects.values_list()]
    for text in stored:
        for detail in PATIENT:
            assert detail not in text, detail


# Without real commits, so the front desk group from the data migration is still there.
@pytest.mark.django_db(transaction=False)
def test_the_front_desk_sees_failed_and_waiting_emails_and_can_retry(client, front_desk_user):
    failed, waiting = (
        Notification.objects.create(
            appointment_request=AppointmentRequestFactory(),
            kind=Notification.Kind.FRONT_DESK,
            status=status,
            attempts=attempts,
            last_error=error,
        )
        for status, attempts, error in (
            (Notification.Status.FAILED, 25, "SMTPAuthenticationError"),
            (Notification.Status.PENDING, 0, ""),
        )
    )
    client.force_login(front_desk_user)
    index = client.get("/admin/").content.decode()
    assert "Emails about requests that could not be sent" in index
    assert "/admin/appointments/notification/?status__exact=failed" in index
    page = client.get("/admin/appointments/notification/?status__exact=failed")
    assert page.status_code == 200
    content = page.content.decode()
    assert "SMTPAuthenticationError" in content
    assert f"Request #{failed.appointment_request_id}" in content
    # Read-only: no editing or deleting, only trying again.
    assert client.get(f"/admin/appointments/notification/{failed.pk}/change/").status_code == 200
    assert client.get(f"/admin/appointments/notification/{failed.pk}/delete/").status_code == 403
    client.post(
        "/admin/appointments/notification/",
        {"action": "try_again", "_selected_action": [failed.pk]},
    )
    failed.refresh_from_db()
    assert failed.status == Notification.Status.PENDING
    assert failed.next_attempt_at <= timezone.now()
    assert DBTaskResult.objects.get().args_kwargs["args"] == [failed.pk]
    assert waiting.status == Notification.Status.PENDING


def test_a_worker_without_front_desk_addresses_retries_instead_of_dropping_the_alert(
    client, settings, run_worker
):
    submit(client)
    settings.FRONT_DESK_EMAILS = []  # The worker's environment lacks the setting.
    run_worker()
    notification = Notification.objects.get()
    assert (notification.status, notification.last_error) == ("pending", "NoRecipients")
    settings.FRONT_DESK_EMAILS = ["frontdesk@clinic.example"]
    make_due(notification)
    sweep()
    run_worker()
    assert [m.to for m in mail.outbox] == [["frontdesk@clinic.example"]]


def test_a_failure_to_queue_loses_neither_the_request_nor_its_alert(
    client, settings, run_worker, caplog
):
    # A queue the task backend refuses: enqueueing after the commit fails.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["elsewhere"]}
    }
    with caplog.at_level(logging.ERROR):
        submit(client)
    assert [r.getMessage() for r in caplog.records] == ["notification not queued"]
    assert not DBTaskResult.objects.exists()
    notification = Notification.objects.get()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sweep()
    run_worker()
    assert [m.subject for m in mail.outbox] == [
        f"New appointment request #{notification.appointment_request_id}"
    ]
