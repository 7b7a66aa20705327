"""A person's request under Washington's My Health My Data Act (RCW 19.373), from the
confirmation link to the front desk's answer and any appeal.

A request is stored when the form is sent, with a hash of the link's token; nothing
about it is looked up or shown to staff until the link is followed and confirmed.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def response_due(moment):
    """The act's deadline for an answer to a request confirmed (or appealed) at `moment`."""
    days = settings.HEALTH_DATA_REQUESTS["RESPONSE_DAYS"]
    return timezone.localdate(moment) + timedelta(days=days)


class HealthDataRequestQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def open(self):
        return self.confirmed().filter(status__in=HealthDataRequest.OPEN_STATUSES)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)

    def due_within(self, today, days):
        """Open, and due from today to `days` ahead."""
        return self.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))

    def unconfirmed_expired(self, now):
        return self.filter(confirmed_at__isnull=True, token_expires_at__lte=now)

    def past_retention(self, now):
        """Answered long enough ago that the address is no longer kept."""
        days = settings.HEALTH_DATA_REQUESTS["RETENTION_DAYS"]
        return self.filter(
            ~Q(email=""),
            status__in=HealthDataRequest.CLOSED_STATUSES,
            status_changed_at__lt=now - timedelta(days=days),
        )


class HealthDataRequest(models.Model):
    """One confirmed (or waiting to be confirmed) request about consumer health data."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Tell me what health data you hold about me")
        DELETION = "deletion", _("Delete my health data")
        WITHDRAWAL = "withdrawal", _("Withdraw my consent to collecting or sharing it")

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        DENIED = "denied", "Denied"
        APPEALED = "appealed", "Appealed"

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.APPEALED)
    CLOSED_STATUSES = (Status.COMPLETED, Status.DENIED)

    kind = models.CharField("request", max_length=20, choices=Kind)
    # Normalised as the appointment form stores addresses (appointments.forms.normalize_email);
    # emptied after the retention period, when `email_hash` stands in for it.
    email = models.EmailField(max_length=254, blank=True)
    email_hash = models.CharField(max_length=32, blank=True, editable=False)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField("sent", default=timezone.now)
    # A SHA-256 of the single-use token in the emailed link (to confirm, or to appeal a
    # denial); empty once used. The token itself is never stored.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    due_on = models.DateField(
        "answer due",
        null=True,
        blank=True,
        help_text="45 days after the request (or its appeal) was confirmed.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    appealed_at = models.DateTimeField(null=True, blank=True)
    deleted_appointment_requests = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="How many appointment requests from this address staff deleted for it.",
    )

    objects = HealthDataRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "consumer health data request"
        indexes = [models.Index(fields=["status", "due_on"], name="healthdata_open_due")]

    def __str__(self):
        # No address: this text is copied into the admin's history.
        return f"Health data request #{self.pk}"

    def get_admin_url(self):
        return reverse("admin:health_data_requests_healthdatarequest_change", args=[self.pk])
