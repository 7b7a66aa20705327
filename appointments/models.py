import re
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from conditions.models import Condition

_NOT_DIGITS = re.compile(r"[^0-9]")


def phone_digits(phone):
    """A stored phone number's ASCII digits, without its extension: what staff search by."""
    return _NOT_DIGITS.sub("", phone.split("ext.")[0])


# Apostrophes (straight, curly, modifier letters) are dropped: O'Brien is OBrien.
_APOSTROPHES = dict.fromkeys(map(ord, "'`\u2018\u2019\u02bb\u02bc"))


def folded(text):
    """A name as the front desk's search compares it, the stored one and the one typed
    alike: compatibility forms (fullwidth letters, ligatures) as plain letters, no case
    ("ß" is "ss"), no accents (composed or combining), no invisible characters, dashes
    as spaces, no apostrophes, single spaces."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(
        " " if unicodedata.category(char) == "Pd" else char
        for char in decomposed.translate(_APOSTROPHES)
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    return " ".join(kept.split())


def _max_age_limit(now):
    return now - timedelta(days=settings.APPOINTMENTS["RETENTION_MAX_DAYS"])


def _past_retention(now):
    """Past its status's retention period, or past the maximum age whatever its status."""
    expired = Q(submitted_at__lt=_max_age_limit(now))
    for status, days in settings.APPOINTMENTS["RETENTION_DAYS"].items():
        expired |= Q(status=status, status_changed_at__lt=now - timedelta(days=days))
    return expired


def kept_condition_names(condition):
    """A condition's name in each of the site's languages, the default language's where
    one is not written (as the site shows it): what a request keeps of it. Reads the
    columns alone, so a migration's historical condition gives the same."""
    default = getattr(condition, build_localized_fieldname("name", settings.LANGUAGE_CODE), "")
    default = default or condition.name
    return {
        code: getattr(condition, build_localized_fieldname("name", code), "") or default
        for code, _name in settings.LANGUAGES
    }


def condition_label(names):
    """The kept name of a request's condition in the active language."""
    return names.get(get_language()) or names.get(settings.LANGUAGE_CODE, "")


def days_label(days):
    """Preferred days as staff read them: "Monday, Tuesday", or "Any"."""
    return ", ".join(day.title() for day in days) or "Any"


def times_label(times):
    """Preferred times of day by their labels: "Morning", or "Any"."""
    labels = dict(AppointmentRequest.TimeOfDay.choices)
    return ", ".join(str(labels.get(time, time)) for time in times) or "Any"


class AppointmentRequestQuerySet(models.QuerySet):
    def expired(self, now):
        return self.filter(_past_retention(now))

    def approaching_retention_limit(self, now):
        """Kept today, but reaching the maximum age within the warning period."""
        limit = _max_age_limit(now)
        warning = timedelta(days=settings.APPOINTMENTS["RETENTION_WARNING_DAYS"])
        return self.filter(submitted_at__gte=limit, submitted_at__lt=limit + warning).exclude(
            _past_retention(now)
        )

    def estimates_outstanding(self):
        """Self-pay requests whose good faith estimate has a deadline and was not given."""
        return self.filter(estimate_due__isnull=False, estimate_provided_on__isnull=True)

    def estimates_due(self, today):
        return self.estimates_outstanding().filter(estimate_due__gte=today)

    def estimates_overdue(self, today):
        return self.estimates_outstanding().filter(estimate_due__lt=today)


class AppointmentRequest(models.Model):
    """A patient's request for an appointment or answer, and the front desk's work on it.

    The submitted fields are the patient's own words and are never edited by staff; the
    status, assignee and notes are the front desk's.
    """

    class RequestType(models.TextChoices):
        APPOINTMENT = "appointment", _("An appointment")
        QUESTION = "question", _("A general question")

    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("Phone call")
        EMAIL = "email", _("Email")

    class PatientStatus(models.TextChoices):
        NEW = "new", _("I am a new patient")
        EXISTING = "existing", _("I have been to the clinic before")

    class TimeOfDay(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        NO_RESPONSE = "no_response", "No response"
        SCHEDULED = "scheduled", "Scheduled"
        CLOSED = "closed", "Closed"
        DUPLICATE = "duplicate", "Duplicate"
        SPAM = "spam", "Spam"

    # What the patient sent (the form's fields, and what makes two submissions identical).
    SUBMITTED_FIELDS = (
        "request_type",
        "full_name",
        "phone",
        "email",
        "preferred_contact",
        "preferred_days",
        "preferred_times",
        "patient_status",
        "condition",
        "preferred_location",
        "self_pay",
        "message",
    )
    request_type = models.CharField(
        max_length=20, choices=RequestType, default=RequestType.APPOINTMENT
    )
    full_name = models.CharField(max_length=100)
    # The name folded for search (`folded`), filled on save, so "lopez" finds "López".
    name_folded = models.TextField(blank=True, editable=False)
    phone = models.CharField(max_length=32, blank=True)
    # The phone's digits alone, filled on save, so "(794) 447-8182" finds "+1 794-447-8182".
    phone_digits = models.CharField(max_length=32, blank=True, editable=False)
    email = models.EmailField(max_length=254, blank=True)
    preferred_contact = models.CharField(
        "preferred contact method",
        max_length=10,
        choices=ContactMethod,
        default=ContactMethod.PHONE,
    )
    preferred_days = models.JSONField(default=list, blank=True)
    preferred_times = models.JSONField(default=list, blank=True)
    patient_status = models.CharField(max_length=10, choices=PatientStatus)
    condition = models.ForeignKey(
        Condition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="condition of interest",
    )
    # The condition's name in each language when the request was made (`kept_condition_names`):
    # the request keeps what the patient asked about if the condition is deleted.
    condition_names = models.JSONField(default=dict, blank=True, editable=False)
    preferred_location = models.ForeignKey(
        "practice.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(max_length=1000, blank=True)
    # Asked so the clinic gives the good faith estimate the No Surprises Act requires for
    # uninsured and self-pay patients (45 CFR 149.610). None: the patient did not answer.
    self_pay = models.BooleanField(
        "will pay themselves",
        null=True,
        blank=True,
        help_text="No insurance, or not using it: a good faith estimate of the cost is due.",
    )
    consent_receipt = models.CharField(
        max_length=100,
        help_text="The version of the consent wording and privacy notice the patient agreed to.",
    )
    source_page = models.CharField(
        "came from",
        max_length=200,
        blank=True,
        help_text="The page of the site the patient came from.",
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the form the patient sent: call or write back in it.",
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    # The front desk's work.
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_appointment_requests",
        limit_choices_to={"is_staff": True, "is_active": True},
    )
    possible_duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="An earlier request (last 30 days) with the same phone number or email address.",
    )
    spam_reason = models.CharField(max_length=30, blank=True)
    # The good faith estimate for a self-pay patient (appointments/estimates.py).
    visit_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date of the scheduled visit. Required to schedule a self-pay patient.",
    )
    estimate_asked_on = models.DateField(
        "patient asked for an estimate on",
        null=True,
        blank=True,
        help_text="If the patient asked for a good faith estimate: the day they asked.",
    )
    estimate_due = models.DateField(
        "good faith estimate due",
        null=True,
        blank=True,
        editable=False,
        db_index=True,
    )
    estimate_provided_on = models.DateField(
        "estimate provided on",
        null=True,
        blank=True,
        help_text="The day the good faith estimate was given to the patient.",
    )
    # A keyed hash of the submitted fields and a time slot: the same request sent twice
    # in quick succession (a double click, a refresh) is stored once.
    resubmission_key = models.CharField(max_length=64, unique=True, editable=False)

    objects = AppointmentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        permissions = [("export_appointmentrequest", "Can export appointment requests to CSV")]
        indexes = [
            # The duplicate check compares phones by their digits, extensions left out.
            models.Index(fields=["phone_digits", "submitted_at"], name="appointment_digits_recent"),
            # The duplicate check compares emails case-insensitively.
            models.Index(Lower("email"), F("submitted_at"), name="appointment_email_lower_recent"),
            models.Index(fields=["status", "status_changed_at"], name="appointment_retention"),
        ]
        # The admin's searches, LIKE '%...%' on name_folded and phone_digits, have trigram
        # indexes on PostgreSQL (migration 0013).

    def __str__(self):
        # No name: this text is copied into the admin's history, which outlives the request.
        return f"Request #{self.pk}"

    def save(self, *args, **kwargs):
        self.phone_digits = phone_digits(self.phone)
        self.name_folded = folded(self.full_name)
        if self._state.adding and self.condition_id and not self.condition_names:
            self.condition_names = kept_condition_names(self.condition)
        if update_fields := kwargs.get("update_fields"):
            derived = {"phone": "phone_digits", "full_name": "name_folded"}
            kwargs["update_fields"] = {
                *update_fields,
                *(derived[name] for name in update_fields if name in derived),
            }
        super().save(*args, **kwargs)

    @property
    def condition_name(self):
        return condition_label(self.condition_names)

    def get_admin_url(self):
        return reverse("admin:appointments_appointmentrequest_change", args=[self.pk])


class StatusChange(models.Model):
    """One step in a request's history: who moved it from which status to which, and when."""

    appointment_request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=AppointmentRequest.Status)
    to_status = models.CharField(max_length=20, choices=AppointmentRequest.Status)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class RequestNote(models.Model):
    """A dated internal note by a staff member. Patients never see these."""

    appointment_request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField("note", max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "internal note"

    def __str__(self):
        return f"Note on request #{self.appointment_request_id}"


class AccessLog(models.Model):
    """Who looked at, changed, exported or deleted which request, and when.

    Holds ids and usernames only, never a patient's details, and outlives the requests
    it describes. Superusers alone can read it.
    """

    class Action(models.TextChoices):
        LIST = "list", "Listed"
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        EXPORT = "export", "Exported"
        DELETE = "delete", "Deleted"
        PURGE = "purge", "Purged by retention"
        REFUSED = "refused", "Refused"
        DOWNLOAD = "download", "Downloaded an export"

    class Record(models.TextChoices):
        APPOINTMENT = "appointment", "Appointment request"
        HEALTH_DATA = "health_data", "Consumer health data request"

    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=Action)
    # Which kind of request `request_id` names (one log for every request staff handle).
    record = models.CharField(max_length=20, choices=Record, default=Record.APPOINTMENT)
    request_id = models.PositiveBigIntegerField("request", null=True, db_index=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "request access record"
        # The admin reads the newest entries first: the index gives them in that order
        # even where many share a time, so a page of them costs the same at any size.
        indexes = [models.Index(fields=["at", "id"], name="accesslog_at_id")]

    def __str__(self):
        record = self.get_record_display().lower()
        target = f"{record} #{self.request_id}" if self.request_id else f"{record}s"
        return f"{self.username or 'System'}: {self.get_action_display().lower()} {target}"


class NotificationQuerySet(models.QuerySet):
    def due(self, now):
        """Waiting to be sent, and its next attempt (or the lease of a claim) has come."""
        return self.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)


class Notification(models.Model):
    """One email about a request, in the outbox until the worker has sent it.

    Stored in the request's own transaction, so no request is ever without its alert.
    Holds ids, a kind and an error's type, never a patient's details: the email is built
    from the request when it is sent.
    """

    class Kind(models.TextChoices):
        FRONT_DESK = "front_desk", "Front desk alert"
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement to the patient"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: gave up"

    appointment_request = models.ForeignKey(
        AppointmentRequest,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="request",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        "next attempt",
        default=timezone.now,
        help_text="When the email is tried (again), if it has not been sent yet.",
    )
    last_error = models.CharField(
        max_length=100,
        blank=True,
        help_text="The kind of error the last attempt ran into (for whoever looks after "
        "the mail server).",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # The latest task queued for it, so the sweep does not queue it twice.
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "email notification"
        constraints = [
            # However often it is retried, each request has one alert of each kind.
            models.UniqueConstraint(
                fields=["appointment_request", "kind"], name="one_notification_per_kind"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due")]

    def __str__(self):
        return f"{self.get_kind_display()} for request #{self.appointment_request_id}"


def _export_retention_start(now):
    return now - timedelta(hours=settings.APPOINTMENTS["EXPORT_RETENTION_HOURS"])


class ExportQuerySet(models.QuerySet):
    def expired(self, now):
        """Past EXPORT_RETENTION_HOURS: deleted by the daily purge, never downloaded."""
        return self.filter(created_at__lt=_export_retention_start(now))

    def downloadable(self, now):
        return self.filter(status=Export.Status.READY, created_at__gte=_export_retention_start(now))


class Export(models.Model):
    """A CSV export too large to stream within a web request, written by the background
    worker to a private file (settings.EXPORT_ROOT, never served as media) and downloaded
    from the admin. Holds the requests' ids only; deleted with its file after
    EXPORT_RETENTION_HOURS by the daily purge."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    # The selected requests' ids, fixed when the export was asked for (about 7 bytes
    # each: 1.4 MB for 200,000).
    request_ids = models.JSONField(default=list, editable=False)
    row_count = models.PositiveIntegerField("requests", default=0)
    # Its task, so the sweep can tell one waiting in the queue from one a killed worker
    # left running.
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "CSV export"

    def __str__(self):
        return f"Export #{self.pk}"

    def is_past_retention(self, now):
        return self.created_at < _export_retention_start(now)
