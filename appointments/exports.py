"""CSV exports of appointment requests: streamed from the admin when small, written by
the background worker when large.

A large export is an `Export` row holding the selected requests' ids; its task carries
the row's id only, writes the CSV to a private file in settings.EXPORT_ROOT (outside
MEDIA_ROOT, never served as media), and logs each exported request as a streamed export
does. Staff download the file from the admin; the daily purge deletes it and its row
after EXPORT_RETENTION_HOURS. File names and logs hold export ids only.
"""

import csv
import logging
import os
import re
from contextlib import suppress
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .models import (
    AccessLog,
    AppointmentRequest,
    Export,
    condition_label,
    days_label,
    times_label,
)
from .services import BATCH_SIZE, batched, record_access

logger = logging.getLogger(__name__)

# An export being written adds to its file at least every few seconds; one whose file
# (or, before it has one, its task) has not moved for this long has lost its worker.
EXPORT_STALL_SECONDS = 600


def _label(choices):
    return dict(choices).get


def _or_blank(value):
    return value or ""


def _header(field_name):
    """A column's header: the field's name as the admin shows it."""
    return capfirst(AppointmentRequest._meta.get_field(field_name).verbose_name)


_US_PHONE = re.compile(r"^\+1 (\d{3})-(\d{3})-(\d{4})")


def phone_for_spreadsheet(phone):
    """A US number as the front desk dials it, (217) 555-0142 (an extension kept); other
    numbers as stored, whose "+" the formula guard quotes."""
    return _US_PHONE.sub(r"(\1) \2-\3", phone)


# (header, the value read from the database, how it is written): the headers and values
# staff see in the admin. Plain values rather than model instances halve the time an
# export of every request takes.
CSV_COLUMNS = (
    ("Request", "pk", str),
    (
        _header("submitted_at"),
        "submitted_at",
        lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M"),
    ),
    (_header("request_type"), "request_type", _label(AppointmentRequest.RequestType.choices)),
    (_header("full_name"), "full_name", str),
    (_header("phone"), "phone", phone_for_spreadsheet),
    (_header("email"), "email", str),
    (
        _header("preferred_contact"),
        "preferred_contact",
        _label(AppointmentRequest.ContactMethod.choices),
    ),
    (_header("preferred_days"), "preferred_days", days_label),
    (_header("preferred_times"), "preferred_times", times_label),
    (_header("patient_status"), "patient_status", _label(AppointmentRequest.PatientStatus.choices)),
    (_header("condition"), "condition_names", condition_label),
    (_header("preferred_location"), "preferred_location__name", _or_blank),
    (_header("message"), "message", str),
    (_header("status"), "status", _label(AppointmentRequest.Status.choices)),
    (
        _header("assigned_to"),
        f"assigned_to__{get_user_model().USERNAME_FIELD}",
        _or_blank,
    ),
    # The language of the form: call or write back in it.
    (_header("language"), "language", _label(settings.LANGUAGES)),
)
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class Echo:
    """A file-like object for csv.writer that hands each row back instead of storing it."""

    def write(self, value):
        return value


def export_values(queryset):
    return queryset.order_by("pk").values_list(*[field for _, field, _ in CSV_COLUMNS])


def csv_lines(user, row_batches, detail):
    """The CSV, a batch of rows at a time: each batch's access-log entries are written
    before it."""
    writer = csv.writer(Echo())
    yield writer.writerow([header for header, _, _ in CSV_COLUMNS])
    formats = [write for _, _, write in CSV_COLUMNS]
    for batch in row_batches:
        record_access(user, AccessLog.Action.EXPORT, [row[0] for row in batch], detail)
        yield "".join(
            writer.writerow(
                [spreadsheet_safe(write(value)) for write, value in zip(formats, row, strict=True)]
            )
            for row in batch
        )


def streamed_csv(user, queryset):
    """A small export's CSV, for a streamed response."""
    rows = export_values(queryset).iterator(chunk_size=BATCH_SIZE)
    return csv_lines(user, batched(rows, BATCH_SIZE), "CSV export")


def export_path(export_id, suffix=".csv"):
    """Where an export's file is written: named by its id alone."""
    return settings.EXPORT_ROOT / f"export-{export_id}{suffix}"


def queue_export(export_id):
    """Queue the export's task (after the commit). If the queue cannot be reached the
    export is marked failed, for staff to see and ask again."""
    try:
        result = write_export.enqueue(export_id)
        Export.objects.filter(pk=export_id).update(task_id=result.id)
    except Exception as error:  # The export row says so; nothing else is lost.
        Export.objects.filter(pk=export_id).update(status=Export.Status.FAILED)
        logger.error(
            "export not queued", extra={"export_id": export_id, "error": type(error).__name__}
        )


@task()
def write_export(export_id):
    """Write a pending export's file, logging each exported request; mark it ready."""
    export = Export.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.status != Export.Status.PENDING:
        return  # Purged, or already written by an earlier run.
    rows = 0

    def row_batches():
        nonlocal rows
        for ids in batched(export.request_ids, BATCH_SIZE):
            # Requests deleted since the export was asked for are left out.
            batch = list(export_values(AppointmentRequest.objects.filter(pk__in=ids)))
            rows += len(batch)
            yield batch

    partial = export_path(export.pk, ".part")
    try:
        settings.EXPORT_ROOT.mkdir(parents=True, exist_ok=True)
        # Readable by the site's own account only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8", newline="") as file:
            file.writelines(
                csv_lines(export.requested_by, row_batches(), f"CSV export #{export.pk}")
            )
        os.replace(partial, export_path(export.pk))
    except Exception as error:  # A full disk, a lost connection: staff see it failed.
        with suppress(OSError):  # e.g. no folder to write in: nothing was written
            partial.unlink(missing_ok=True)
        Export.objects.filter(pk=export.pk).update(status=Export.Status.FAILED)
        logger.error("export failed", extra={"export_id": export.pk, "error": type(error).__name__})
        return
    Export.objects.filter(pk=export.pk).update(status=Export.Status.READY, row_count=rows)


class WorkerLost(Exception):
    """What a stalled export's task is marked failed with: its worker stopped or was
    killed half-way."""


def fail_stalled_exports(now):
    """Mark failed every export being prepared that no worker is writing any more (its
    worker was killed: its task stays "running" for ever), remove its partial file, and
    return how many. One whose task still waits in the queue is left to the queue;
    staff see the others failed and can ask again."""
    stalled = 0
    for export in Export.objects.filter(status=Export.Status.PENDING).only("pk", "task_id"):
        partial = export_path(export.pk, ".part")
        task = DBTaskResult.objects.filter(pk=export.task_id).first() if export.task_id else None
        if task is not None and task.status == TaskResultStatus.READY:
            continue  # Not started yet.
        last_progress = export.created_at
        if task is not None and task.started_at:
            last_progress = max(last_progress, task.started_at)
        with suppress(FileNotFoundError):  # The file's last write.
            written = datetime.fromtimestamp(partial.stat().st_mtime, UTC)
            last_progress = max(last_progress, written)
        if now - last_progress < timedelta(seconds=EXPORT_STALL_SECONDS):
            continue
        if not Export.objects.filter(pk=export.pk, status=Export.Status.PENDING).update(
            status=Export.Status.FAILED
        ):
            continue  # Finished meanwhile.
        partial.unlink(missing_ok=True)
        if task is not None and task.status == TaskResultStatus.RUNNING:
            task.set_failed(WorkerLost())
        logger.error("export stalled", extra={"export_id": export.pk})
        stalled += 1
    return stalled


def purge_exports(now):
    """Delete exports older than the retention period, their files first; return how many."""
    purged = 0
    for export_id in Export.objects.expired(now).values_list("pk", flat=True).iterator():
        # A worker stopped half-way may have left a partial file.
        for suffix in (".csv", ".part"):
            export_path(export_id, suffix).unlink(missing_ok=True)
        Export.objects.filter(pk=export_id).delete()
        purged += 1
    return purged
