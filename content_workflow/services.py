"""What happens to a draft: saved, sent back, approved, published, restored, discarded.

Each function checks who may do it, so no admin URL, button or crafted POST gets round
the rule that medical text goes live only with a clinician's approval.
"""

import logging
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import pagecache
from core.markdown import RenderedMarkdown, rendered

from . import snapshots
from .models import Revision

logger = logging.getLogger(__name__)
APPROVE_PERMISSION = "content_workflow.approve_medical_content"
REVIEW_INTERVAL = timedelta(days=365)


def live_snapshot(page):
    """What the public sees of the page now; nothing if it was never published, so all
    of a new page's text needs a clinician's approval."""
    if not type(page).objects.filter(pk=page.pk, is_published=True).exists():
        return {"fields": {}, "inlines": {}}
    return snapshots.take(type(page).objects.get(pk=page.pk))


def is_medical_change(page, snapshot):
    return bool(snapshots.medical_changes(type(page), live_snapshot(page), snapshot))


def may_publish(user, revision):
    page = revision.page
    return user.has_perm(f"{page._meta.app_label}.change_{page._meta.model_name}") and (
        user.has_perm(APPROVE_PERMISSION) or not is_medical_change(page, revision.snapshot)
    )


def open_draft(page):
    return Revision.objects.for_page(page).open().first()


def save_draft(page, snapshot, author):
    """Keep the editor's version as the page's draft (one open draft per page): it waits
    for review again, whatever a reviewer said about the previous version."""
    live = type(page).objects.get(pk=page.pk)
    snapshot["fields"].update(
        {
            name: value
            for name, value in snapshots.take(live)["fields"].items()
            if name in snapshots.REVIEW_FIELDS
        }
    )
    with transaction.atomic():
        draft = Revision.objects.select_for_update().for_page(page).open().first() or Revision(
            content_type=ContentType.objects.get_for_model(page), object_id=page.pk
        )
        draft.snapshot = snapshot
        draft.author = author
        draft.status = Revision.Status.DRAFT
        draft.approved_by = None
        draft.publish_at = None
        draft.medical_change = is_medical_change(page, snapshot)
        draft.save()
    return draft


def send_back(revision, reviewer, comment):
    if not reviewer.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied
    revision.status = Revision.Status.REJECTED
    revision.comment = comment
    revision.save(update_fields=["status", "comment", "updated_at"])


def review_credit(user):
    """Who a page names as its reviewer when `user` approves it: their clinician profile
    (practice.Clinician.user) if they have one, else their account's name."""
    clinician = getattr(user, "clinician", None)
    if clinician is not None:
        return {"reviewer": clinician.pk, "reviewed_by": ""}
    return {"reviewer": None, "reviewed_by": (user.get_full_name() or user.get_username())[:150]}


def approve(revision, reviewer, publish_at=None, comment=""):
    """A clinician's medical sign-off: the page's review fields are set, and the draft
    goes live now, or at `publish_at`."""
    if not reviewer.has_perm(APPROVE_PERMISSION) or not may_publish(reviewer, revision):
        raise PermissionDenied
    today = timezone.localdate()
    fields = revision.snapshot["fields"]
    fields.update(
        review_credit(reviewer),
        last_reviewed=today.isoformat(),
        next_review_due=(today + REVIEW_INTERVAL).isoformat(),
    )
    revision.approved_by = reviewer
    revision.comment = comment
    return schedule(revision, reviewer, publish_at)


def schedule(revision, user, publish_at=None):
    """Publish now, or mark the draft approved to go live at `publish_at`."""
    if not may_publish(user, revision):
        raise PermissionDenied
    if publish_at is None or publish_at <= timezone.now():
        return publish(revision, user)
    revision.status = Revision.Status.APPROVED
    revision.publish_at = publish_at
    revision.published_by = user
    revision.save()
    return revision


def publish(revision, user=None):
    """Put the version on the live page, its inline rows included, in one transaction;
    the cached pages are retired once, after the commit. `user` is None for a scheduled
    publication, which was checked when it was approved."""
    if user is not None and not may_publish(user, revision):
        raise PermissionDenied
    page_model = revision.content_type.model_class()
    with transaction.atomic(), pagecache.one_change():
        page = page_model.objects.select_for_update().get(pk=revision.object_id)
        # Published, discarded or replaced meanwhile (a double click, the schedule)?
        if (
            not Revision.objects.open()
            .filter(pk=revision.pk, updated_at=revision.updated_at)
            .exists()
        ):
            raise ValidationError("This draft changed or was published meanwhile; open it again.")
        _source, related, inlines = snapshots.build(page_model, page.pk, revision.snapshot)
        snapshots.apply_fields(page, revision.snapshot)
        page.full_clean(exclude=["image"])  # checked when it was uploaded
        page.save()
        for name, pks in related.items():
            getattr(page, name).set(pks)
        for name, rows in inlines.items():
            manager = getattr(page, name)
            manager.all().delete()
            for row in rows:
                setattr(row, manager.field.name, page)
            manager.model.objects.bulk_create(
                rendered(rows) if issubclass(manager.model, RenderedMarkdown) else rows
            )
        revision.status = Revision.Status.PUBLISHED
        revision.published_at = timezone.now()
        if user is not None:
            revision.published_by = user
        revision.save()
    return revision


def restore(revision, user):
    """An earlier version becomes the page's draft (never the live page directly)."""
    page = revision.page
    return save_draft(page, revision.snapshot, user)


def discard(revision):
    revision.status = Revision.Status.DISCARDED
    revision.save(update_fields=["status", "updated_at"])


def publish_due(now=None):
    """Publish approved drafts whose time has come; how many went live."""
    count = 0
    for revision in Revision.objects.due(now).order_by("publish_at"):
        try:
            publish(revision)
        except ValidationError as error:
            # E.g. its address was taken meanwhile: it stays approved, for staff to fix.
            logger.error(
                "scheduled revision not published",
                extra={"revision": revision.pk, "error": type(error).__name__},
            )
            continue
        count += 1
    return count
