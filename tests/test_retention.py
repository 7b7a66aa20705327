"""Requests are deleted on a status-dependent schedule (issue 4)."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from appointments.models import AccessLog, AppointmentRequest

from .factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db

Status = AppointmentRequest.Status


def aged(status, days):
    return AppointmentRequestFactory(
        status=status, status_changed_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def requests():
    return {
        "old spam": aged(Status.SPAM, 8),
        "recent spam": aged(Status.SPAM, 6),
        "old closed": aged(Status.CLOSED, 181),
        "recent closed": aged(Status.CLOSED, 179),
        "old duplicate": aged(Status.DUPLICATE, 181),
        "old no response": aged(Status.NO_RESPONSE, 181),
        "old new": aged(Status.NEW, 400),
        "old contacted": aged(Status.CONTACTED, 400),
    }


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("purge_appointment_requests", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_by_status_and_age(requests, caplog):
    with caplog.at_level(logging.INFO):
        output = run()
    remaining = set(AppointmentRequest.objects.all())
    kept = {"recent spam", "recent closed", "old new", "old contacted"}
    assert remaining == {requests[name] for name in kept}
    assert (
        "Deleted 4 appointment requests (1 closed, 1 duplicate, 1 no_response, 1 spam)." in output
    )
    purged = set(
        AccessLog.objects.filter(action=AccessLog.Action.PURGE).values_list("request_id", flat=True)
    )
    assert purged == {requests[name].pk for name in requests if name not in kept}
    for request in requests.values():
        assert request.full_name not in caplog.text + output
        assert request.phone not in caplog.text + output


def test_dry_run_deletes_nothing(requests):
    output = run("--dry-run")
    assert "Would delete 4 appointment requests" in output
    assert AppointmentRequest.objects.count() == len(requests)
    assert not AccessLog.objects.exists()


def test_retention_periods_come_from_settings(settings):
    request = aged(Status.SPAM, 2)
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RETENTION_DAYS": {"spam": 1}}
    run()
    assert not AppointmentRequest.objects.filter(pk=request.pk).exists()


def test_history_and_notes_go_with_the_request():
    from appointments.models import RequestNote, StatusChange

    request = aged(Status.CLOSED, 200)
    StatusChange.objects.create(appointment_request=request, from_status="new", to_status="closed")
    RequestNote.objects.create(appointment_request=request, text="Called twice.")
    run()
    assert not StatusChange.objects.exists()
    assert not RequestNote.objects.exists()
