"""Drafts and published versions of live pages, kept as JSON snapshots (see README)."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone

# Who may sign off medical text (the Clinical reviewers group); see Revision.Meta.
APPROVE_PERMISSION = "content_workflow.approve_medical_content"


class RevisionQuerySet(models.QuerySet):
    def for_page(self, page):
        return self.filter(
            content_type=ContentType.objects.get_for_model(page),
            object_id=page.pk,
            page_deleted_at__isnull=True,
        )

    def past_retention(self, now=None):
        """Versions of pages deleted more than DELETED_PAGE_RETENTION_DAYS ago."""
        days = settings.DELETED_PAGE_RETENTION_DAYS
        return self.filter(page_deleted_at__lt=(now or timezone.now()) - timedelta(days=days))

    def open(self):
        """Drafts not yet published: at most one per page (see Revision.Meta)."""
        return self.filter(status__in=Revision.OPEN_STATUSES)

    def due(self, now=None):
        """Approved drafts whose publish time has come."""
        return self.filter(status=Revision.Status.APPROVED, publish_at__lte=now or timezone.now())


class Revision(models.Model):
    """One version of a page: its fields, its inline rows and its related pages."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft, waiting for review"
        REJECTED = "rejected", "Sent back to the editor"
        APPROVED = "approved", "Approved, scheduled to go live"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"

    OPEN_STATUSES = (Status.DRAFT, Status.REJECTED, Status.APPROVED)

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    page = GenericForeignKey("content_type", "object_id")
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    comment = models.TextField(blank=True, help_text="The reviewer's note to the editor.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    medical_change = models.BooleanField(
        default=True, help_text="Whether medical text changed, so a clinician must approve."
    )
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="When an approved draft goes live."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Set when the page is deleted: its versions are kept for DELETED_PAGE_RETENTION_DAYS.
    page_deleted_at = models.DateTimeField("page deleted", null=True, blank=True, editable=False)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "status"]),
            models.Index(
                fields=["page_deleted_at"],
                condition=models.Q(page_deleted_at__isnull=False),
                name="content_workflow_deleted_page",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status__in=["draft", "rejected", "approved"]),
                name="content_workflow_one_open_draft_per_page",
            )
        ]
        permissions = [("approve_medical_content", "Can approve medical content")]

    def __str__(self):
        return f"Version {self.pk} of {self.page_name}"

    @property
    def page_name(self):
        """What staff call the page: "Upper Back Pain" (the name it had in this version,
        once the page is deleted)."""
        if self.page is None:
            fields = (self.snapshot or {}).get("fields", {})
            return (
                fields.get("name_en") or fields.get("name") or f"a deleted {self.content_type.name}"
            )
        return str(self.page)

    @property
    def review_url(self):
        """The page's review screen in the staff area."""
        opts = self.content_type.model_class()._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[self.object_id])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def fingerprint(self):
        """Names this exact content, so an approval applies to the version reviewed."""
        content = json.dumps(self.snapshot, sort_keys=True, cls=DjangoJSONEncoder)
        return hashlib.sha256(content.encode()).hexdigest()[:32]


def keep_versions(sender, instance, **kwargs):
    """Signal receiver: a deleted page's versions outlive it, kept for the retention the
    clinic sets (its open draft is discarded); demo content leaves none behind."""
    versions = Revision.objects.for_page(instance)
    if getattr(instance, "is_demo", False):
        versions.delete()
        return
    versions.open().update(status=Revision.Status.DISCARDED)
    versions.update(page_deleted_at=timezone.now())
