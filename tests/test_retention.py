"""Requests are deleted on a status-dependent schedule (issue 4)."""

import copy
import logging
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.utils import timezone

from appointments.checks import check_retention_is_within_a_year, check_retention_settings
from appointments.models import AccessLog, AppointmentRequest

from .factories import AppointmentRequestFactory
from .test_settings import run_django

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


# Chunks, and a maximum age for every status (issue 13, finding 11; issue 15).


def submitted(status, days):
    moment = timezone.now() - timedelta(days=days)
    return AppointmentRequestFactory(status=status, submitted_at=moment, status_changed_at=moment)


def test_no_request_outlives_the_maximum_age_whatever_its_status(settings):
    old = [submitted(status, 366) for status in (Status.NEW, Status.CONTACTED, Status.SCHEDULED)]
    kept = submitted(Status.NEW, 364)
    output = run()
    assert "Deleted 3 appointment requests" in output
    assert list(AppointmentRequest.objects.all()) == [kept]
    purged = AccessLog.objects.filter(action=AccessLog.Action.PURGE)
    assert set(purged.values_list("request_id", flat=True)) == {r.pk for r in old}
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RETENTION_MAX_DAYS": 300}
    run()
    assert not AppointmentRequest.objects.exists()


def test_the_purge_works_in_chunks_each_in_its_own_transaction():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    expired = [aged(Status.SPAM, 8) for _ in range(10)]
    kept = aged(Status.SPAM, 1)
    with CaptureQueriesContext(connection) as queries:
        output = run("--chunk-size", "3")
    assert "Deleted 10 appointment requests (10 spam)." in output
    assert list(AppointmentRequest.objects.all()) == [kept]
    purged = AccessLog.objects.filter(action=AccessLog.Action.PURGE)
    assert sorted(purged.values_list("request_id", flat=True)) == [r.pk for r in expired]
    # Four chunks of up to three, and a last look that finds none: a transaction each.
    assert sum(q["sql"].startswith("SAVEPOINT") for q in queries) == 5


def test_the_dry_run_counts_without_locking(requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        output = run("--dry-run")
    assert (
        "Would delete 4 appointment requests (1 closed, 1 duplicate, 1 no_response, 1 spam)."
        in output
    )
    assert not any("FOR UPDATE" in q["sql"] for q in queries)


def test_staff_see_requests_approaching_the_limit_first(client, front_desk_user):
    approaching = submitted(Status.NEW, 340)
    submitted(Status.NEW, 100)
    submitted(Status.SPAM, 340)  # goes sooner, with its status's own period
    client.force_login(front_desk_user)
    response = client.get("/admin/appointments/appointmentrequest/", {"retention": "approaching"})
    assert list(response.context["cl"].result_list) == [approaching]
    index = client.get("/admin/")
    assert index.context["requests_near_retention_limit"] == 1
    assert "approaching the retention limit" in index.content.decode()


def test_the_privacy_notice_states_the_maximum_age(client, settings):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RETENTION_MAX_DAYS": 400}
    assert "no request is kept longer than 400 days" in client.get("/privacy/").content.decode()


# The settings themselves (issue 26.11) ------------------------------------------------


def override_appointments(setting, value):
    """The settings with one retention value changed, named as in the environment."""
    config = copy.deepcopy(django_settings.APPOINTMENTS)
    if setting.startswith("RETENTION_DAYS_"):
        config["RETENTION_DAYS"][setting.removeprefix("RETENTION_DAYS_").lower()] = value
    else:
        config[setting] = value
    return override_settings(APPOINTMENTS=config)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("RETENTION_MAX_DAYS", 0),
        ("RETENTION_MAX_DAYS", -5),
        ("RETENTION_MAX_DAYS", 999999999),
        ("RETENTION_DAYS_SPAM", 0),
        ("RETENTION_DAYS_CLOSED", 3651),
        ("RETENTION_WARNING_DAYS", -1),
        ("EXPORT_RETENTION_HOURS", 0),
        ("EXPORT_RETENTION_HOURS", 87601),
    ],
)
def test_a_retention_setting_out_of_range_stops_the_purge_and_deletes_nothing(
    setting, value, requests
):
    """0 or less deleted every request; 999999999 days crashed the purge."""
    result = run_django(
        "import django\ndjango.setup()\nfrom django.core.management import call_command\n"
        "call_command('check')",
        SECRET_KEY="x" * 50,
        **{setting: str(value)},
    )
    assert result.returncode != 0
    assert "appointments.E001" in result.stderr and f"{setting}={value}" in result.stderr
    with override_appointments(setting, value), pytest.raises(SystemCheckError):
        call_command("purge_appointment_requests", skip_checks=False)
    assert AppointmentRequest.objects.count() == len(requests)


@pytest.mark.parametrize(
    ("setting", "value", "warned"),
    [
        ("RETENTION_MAX_DAYS", 365, False),
        ("RETENTION_MAX_DAYS", 366, True),
        ("RETENTION_DAYS_CLOSED", 3650, True),
        ("EXPORT_RETENTION_HOURS", 24 * 365 + 1, True),
        ("EXPORT_RETENTION_HOURS", 24, False),
        ("RETENTION_WARNING_DAYS", 400, False),
    ],
)
def test_check_deploy_warns_of_a_retention_over_a_year(setting, value, warned):
    with override_appointments(setting, value):
        assert check_retention_settings(None) == []
        warnings = check_retention_is_within_a_year(None)
    assert [w.msg.split(" ")[0] for w in warnings] == ([f"{setting}={value}"] if warned else [])
    assert all(w.id == "appointments.W001" for w in warnings)
