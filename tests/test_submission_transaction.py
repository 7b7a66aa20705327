"""A submission is one write transaction (issue 25.5): the rate-limit count, the request,
its outbox row and the task that sends it. On SQLite every write transaction waits its
turn for the one write lock, so each one fewer shortens the queue under load. A failure
to queue still loses nothing."""

from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from appointments import notifications
from appointments.models import AppointmentRequest, Notification
from core.models import Counter

from .factories import form_data

pytestmark = pytest.mark.django_db(transaction=True)

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteTransactions:
    """Counts the transactions that write: each outermost atomic block that writes, and
    each write made in autocommit mode (a transaction of its own)."""

    def __init__(self):
        self.seen = []

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            db = context["connection"]
            self.seen.append(id(db.atomic_blocks[0]) if db.in_atomic_block else len(self.seen))
        return execute(sql, params, many, context)

    @property
    def count(self):
        return len(set(self.seen))


def post_as_chromium(client, **overrides):
    """The form as Chromium sends it: url-encoded, CRLF line endings in the text area."""
    body = urlencode(
        form_data(message="Pain since March.\r\nWorse in the mornings.", **overrides), doseq=True
    )
    return client.post("/appointments/", body, content_type="application/x-www-form-urlencoded")


def test_a_submission_is_one_write_transaction(client, settings):
    settings.FRONT_DESK_EMAILS = ["frontdesk@clinic.example"]
    writes = WriteTransactions()
    with connection.execute_wrapper(writes):
        response = post_as_chromium(client)
    assert response.status_code == 302
    assert writes.count == 1
    # Everything it wrote is there after the commit: the count, the request, its alert,
    # and the alert's task, linked to it.
    assert Counter.objects.filter(key__startswith="appointment:").get().count == 1
    request = AppointmentRequest.objects.get()
    notification = Notification.objects.get(appointment_request=request)
    assert str(DBTaskResult.objects.get().id) == notification.task_id


def test_a_refused_submission_still_counts_in_one_transaction(client, settings):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 1}
    assert post_as_chromium(client).status_code == 302
    writes = WriteTransactions()
    with connection.execute_wrapper(writes):
        response = post_as_chromium(client, full_name="Sam Example", phone="(555) 010-0456")
    assert response.status_code == 429
    assert writes.count == 1
    assert Counter.objects.filter(key__startswith="appointment:").get().count == 2
    assert AppointmentRequest.objects.count() == 1


def test_a_database_error_while_queueing_rolls_back_the_task_only(
    client, settings, monkeypatch, caplog
):
    """The failed statement is undone to its savepoint: on PostgreSQL the transaction
    would otherwise be aborted, and the request with it."""
    settings.FRONT_DESK_EMAILS = ["frontdesk@clinic.example"]

    def broken_enqueue(*args):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_for_tasks")

    monkeypatch.setattr(notifications, "send_notification", SimpleNamespace(enqueue=broken_enqueue))
    response = post_as_chromium(client)
    assert response.status_code == 302
    notification = Notification.objects.get()
    assert notification.task_id == ""
    assert not DBTaskResult.objects.exists()
    assert [r.getMessage() for r in caplog.records if r.name == notifications.logger.name] == [
        "notification not queued"
    ]
