"""Large CSV exports are written by the background worker and downloaded from the admin
(issue 15): a streamed export of 200,000 requests outlasted gunicorn's timeout."""

import csv
import io
import os
import subprocess
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.http import StreamingHttpResponse
from django.utils import timezone

from appointments.exports import export_path, queue_export, write_export
from appointments.models import AccessLog, AppointmentRequest, Export

from .factories import AppointmentRequestFactory, UserFactory

CHANGELIST = "/admin/appointments/appointmentrequest/"
EXPORTS = "/admin/appointments/export/"
EXPORT_ALL = {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": ["1"]}


@pytest.fixture
def exports(settings, tmp_path):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "EXPORT_INLINE_MAX": 2}
    settings.EXPORT_ROOT = tmp_path / "exports"
    return settings


def grant_export(user):
    user.user_permissions.add(Permission.objects.get(codename="export_appointmentrequest"))


def exporter():
    """A member of staff who may see and export requests. Given the permissions directly:
    with the worker's real commits the database is emptied between tests, and the groups
    the migrations made go with it."""
    user = UserFactory(username="exporter")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_appointmentrequest", "export_appointmentrequest"]
        )
    )
    return user


def download_url(export):
    return f"{EXPORTS}{export.pk}/download/"


def test_an_export_above_the_threshold_is_queued_and_written_by_the_worker(
    client, exports, run_worker, monkeypatch
):
    monkeypatch.setattr("appointments.exports.BATCH_SIZE", 2)
    AppointmentRequestFactory.create_batch(4, message="=HYPERLINK(1)")
    AppointmentRequestFactory(status=AppointmentRequest.Status.SPAM)  # filtered out below
    user = exporter()
    client.force_login(user)
    response = client.post(f"{CHANGELIST}?status__exact=new", EXPORT_ALL, follow=True)
    assert not isinstance(response, StreamingHttpResponse)
    assert "Your export of 4 requests is being prepared" in response.content.decode()
    export = Export.objects.get()
    assert (export.status, export.requested_by, export.row_count) == (
        Export.Status.PENDING,
        user,
        4,
    )
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()

    run_worker()

    export.refresh_from_db()
    assert export.status == Export.Status.READY
    path = export_path(export.pk)
    assert path.name == f"export-{export.pk}.csv"  # the id alone names it
    assert not str(path).startswith(str(exports.MEDIA_ROOT))
    assert os.stat(path).st_mode & 0o077 == 0
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    new = AppointmentRequest.objects.filter(status="new").order_by("pk")
    assert [row[0] for row in rows[1:]] == [str(pk) for pk in new.values_list("pk", flat=True)]
    assert rows[0][:4] == ["Request", "Submitted at", "Request type", "Full name"]
    assert {row[12] for row in rows[1:]} == {"'=HYPERLINK(1)"}
    logged = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, username="exporter")
    assert sorted(logged.values_list("request_id", flat=True)) == sorted(
        new.values_list("pk", flat=True)
    )
    assert set(logged.values_list("detail", flat=True)) == {f"CSV export #{export.pk}"}


def test_the_task_carries_the_export_id_only(client, superuser, exports, transactional_db):
    from django_tasks_db.models import DBTaskResult

    AppointmentRequestFactory.create_batch(3, full_name="Jane Patient")
    client.force_login(superuser)
    client.post(CHANGELIST, EXPORT_ALL)
    task = DBTaskResult.objects.get()
    assert (task.args_kwargs["args"], task.args_kwargs["kwargs"]) == ([Export.objects.get().pk], {})


def test_below_the_threshold_the_export_still_streams(client, superuser, exports):
    AppointmentRequestFactory.create_batch(2)
    client.force_login(superuser)
    response = client.post(CHANGELIST, EXPORT_ALL)
    assert isinstance(response, StreamingHttpResponse)
    assert len(list(csv.reader(io.StringIO(response.getvalue().decode())))) == 3
    assert not Export.objects.exists()


@pytest.fixture
def ready_export(exports, front_desk_user):
    requests = AppointmentRequestFactory.create_batch(3)
    export = Export.objects.create(
        requested_by=front_desk_user,
        request_ids=[r.pk for r in requests],
        row_count=3,
        status=Export.Status.READY,
    )
    exports.EXPORT_ROOT.mkdir()
    export_path(export.pk).write_text("Request\n1\n", encoding="utf-8")
    return export


def test_the_owner_downloads_an_export_and_the_download_is_logged(
    client, front_desk_user, ready_export
):
    grant_export(front_desk_user)
    client.force_login(front_desk_user)
    listing = client.get(EXPORTS).content.decode()
    assert download_url(ready_export) in listing
    response = client.get(download_url(ready_export))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="appointment-requests-')
    assert b"".join(response.streaming_content) == b"Request\n1\n"
    entry = AccessLog.objects.get(action=AccessLog.Action.DOWNLOAD)
    assert (entry.username, entry.request_id) == ("frontdesk", None)
    assert entry.detail == f"CSV export #{ready_export.pk}, 3 requests"


def test_downloading_needs_the_export_permission(client, front_desk_user, ready_export):
    # The export's own author, once the permission is taken away, is refused too.
    client.force_login(front_desk_user)
    assert client.get(download_url(ready_export)).status_code == 403
    assert client.get(EXPORTS).status_code == 403
    assert "CSV exports" not in client.get("/admin/").content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD).exists()


def test_staff_see_only_their_own_exports_and_superusers_all(client, superuser, ready_export):
    colleague = UserFactory(username="colleague", groups=["Front desk"])
    grant_export(colleague)
    client.force_login(colleague)
    assert download_url(ready_export) not in client.get(EXPORTS).content.decode()
    assert client.get(download_url(ready_export)).status_code == 404
    client.force_login(superuser)
    assert download_url(ready_export) in client.get(EXPORTS).content.decode()
    assert client.get(download_url(ready_export)).status_code == 200


def test_the_daily_purge_deletes_old_exports_with_their_files(ready_export, exports):
    recent = Export.objects.create(requested_by=None, status=Export.Status.READY)
    export_path(recent.pk).write_text("Request\n", encoding="utf-8")
    Export.objects.filter(pk=ready_export.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    export_path(ready_export.pk, ".part").write_text("Req", encoding="utf-8")
    call_command("purge_appointment_requests", stdout=StringIO())
    assert list(Export.objects.all()) == [recent]
    assert sorted(p.name for p in exports.EXPORT_ROOT.iterdir()) == [f"export-{recent.pk}.csv"]


def test_an_export_that_cannot_be_written_is_marked_failed_and_leaves_no_file(
    exports, superuser, caplog
):
    request = AppointmentRequestFactory(full_name="Jane Patient")
    export = Export.objects.create(requested_by=superuser, request_ids=[request.pk])
    exports.EXPORT_ROOT.write_text("")  # a file where the folder should be
    write_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert not export_path(export.pk, ".part").exists()
    assert "Jane" not in caplog.text
    assert [record.export_id for record in caplog.records] == [export.pk]


def test_an_export_failing_half_way_leaves_no_partial_file(exports, superuser, monkeypatch):
    monkeypatch.setattr("appointments.exports.BATCH_SIZE", 1)
    requests = AppointmentRequestFactory.create_batch(2)
    export = Export.objects.create(requested_by=superuser, request_ids=[r.pk for r in requests])
    batches = []

    def connection_lost_on_the_second_batch(*args):
        batches.append(args)
        if len(batches) == 2:
            raise ConnectionError

    monkeypatch.setattr("appointments.exports.record_access", connection_lost_on_the_second_batch)
    write_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert len(batches) == 2  # the first batch was written, then removed
    assert list(exports.EXPORT_ROOT.iterdir()) == []


def test_an_export_past_its_retention_is_refused_before_the_purge_runs(
    client, front_desk_user, ready_export, settings
):
    """Issue 26.8: it could be downloaded until the daily purge ran."""
    grant_export(front_desk_user)
    made = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    Export.objects.filter(pk=ready_export.pk).update(created_at=made)
    hours = settings.APPOINTMENTS["EXPORT_RETENTION_HOURS"]
    with time_machine.travel(made + timedelta(hours=hours, seconds=-1), tick=False):
        client.force_login(front_desk_user)
        assert client.get(download_url(ready_export)).status_code == 200
    with time_machine.travel(made + timedelta(hours=hours, seconds=1), tick=False):
        client.force_login(front_desk_user)
        assert client.get(download_url(ready_export)).status_code == 404
        listing = client.get(EXPORTS).content.decode()
    assert download_url(ready_export) not in listing
    assert "Past its retention: no longer available" in listing
    assert AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD).count() == 1
    assert export_path(ready_export.pk).exists()  # still there: the purge has not run


def test_make_run_runs_the_daily_purge_in_a_loop():
    """`make run` starts the purge beside the server, the way it starts the other sweeps."""
    recipe = subprocess.run(
        ["make", "--dry-run", "--always-make", "run"],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "manage.py purge_appointment_requests --every 86400 & purge=$!" in recipe
    assert "kill $worker $sweep $publisher $purge" in recipe


def test_the_purge_loop_purges_at_once_then_daily(ready_export, exports, monkeypatch):
    sleeps = []

    def stop_after_the_second_round(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("core.sweeps.time.sleep", stop_after_the_second_round)
    # The test's own connection stays open (time travel would make it look old).
    monkeypatch.setattr("core.sweeps.close_old_connections", lambda: None)
    made = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    Export.objects.filter(pk=ready_export.pk).update(created_at=made)
    with time_machine.travel(made + timedelta(hours=25), tick=False):
        out = StringIO()
        call_command("purge_appointment_requests", "--every", "86400", stdout=out)
    assert sleeps == [86400, 86400]
    assert out.getvalue().count("Deleted 1 CSV exports.") == 1
    assert out.getvalue().count("Deleted 0 CSV exports.") == 1
    assert not Export.objects.exists()


def test_the_sweep_fails_an_export_whose_worker_was_killed_and_removes_its_partial_file(
    exports, superuser
):
    """Issue 26.9: a killed worker left the export "being prepared" for ever, its task
    running and a 0-byte .part file."""
    from django_tasks_db.models import DBTaskResult

    start = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    exports.EXPORT_ROOT.mkdir()
    with time_machine.travel(start, tick=False):
        killed, writing, waiting = (
            Export.objects.create(requested_by=superuser, request_ids=[1]) for _ in range(3)
        )
        for export in (killed, writing, waiting):
            queue_export(export.pk)
        for export in (killed, writing):
            DBTaskResult.objects.get(pk=Export.objects.get(pk=export.pk).task_id).claim("w1")
    partial = export_path(killed.pk, ".part")
    partial.touch()
    os.utime(partial, (start.timestamp(), start.timestamp()))
    still_writing = export_path(writing.pk, ".part")
    still_writing.write_text("Request\n")
    moment = (start + timedelta(minutes=9)).timestamp()
    os.utime(still_writing, (moment, moment))

    with time_machine.travel(start + timedelta(minutes=9), tick=False):
        call_command("send_due_notifications")
    assert set(Export.objects.values_list("status", flat=True)) == {Export.Status.PENDING}

    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        call_command("send_due_notifications")
    statuses = dict(Export.objects.values_list("pk", "status"))
    assert statuses == {
        killed.pk: Export.Status.FAILED,
        writing.pk: Export.Status.PENDING,  # its file moved 2 minutes ago
        waiting.pk: Export.Status.PENDING,  # still in the queue
    }
    assert not partial.exists() and still_writing.exists()
    tasks = {t.args_kwargs["args"][0]: t.status for t in DBTaskResult.objects.all()}
    assert tasks == {killed.pk: "FAILED", writing.pk: "RUNNING", waiting.pk: "READY"}
