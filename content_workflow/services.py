"""What happens to a draft: saved, sent back, approved, published, restored, discarded.

Each function checks who may do it, so no admin URL, button or crafted POST gets round
the rule that medical text goes live only with a clinician's approval.
"""

import logging
from datetime import timedelta
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core import pagecache
from core.markdown import RenderedMarkdown, rendered

from . import notices, reminders, snapshots
from .models import APPROVE_PERMISSION, Revision

logger = logging.getLogger(__name__)
REVIEW_INTERVAL = timedelta(days=365)
NO_CLINICIAN_PROFILE = (
    "Your account is not linked to a clinician profile, so the page could not name you as "
    "its medical reviewer: nothing was approved. Ask an administrator to link your account "
    "to your profile (Clinicians, your profile, Medical sign-off), then approve again."
)


def live_snapshot(page):
    """What the public sees of the page now; nothing if it was never published, so all
    of a new page's text needs a clinician's approval."""
    if not type(page).objects.filter(pk=page.pk, is_published=True).exists():
        return {"fields": {}, "inlines": {}}
    return snapshots.take(type(page).objects.get(pk=page.pk))


def is_medical_change(page, snapshot):
    """Whether only a clinician may publish the draft: it changes medical text, or it
    takes the live page off the website (unpublished, or a publish time still to come)."""
    live = live_snapshot(page)
    fields = snapshot["fields"]
    takes_down = live["fields"].get("is_published") and (
        not fields.get("is_published") or parse_datetime(fields["publish_at"]) > timezone.now()
    )
    return bool(takes_down or snapshots.medical_changes(type(page), live, snapshot))


def may_delete(user, page):
    """Deleting a published page takes its medical text off the website (and off every
    page that lists it): a clinical reviewer's decision, like unpublishing it."""
    return not page.is_published or user.has_perm(APPROVE_PERMISSION)


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
        was_waiting = draft.status == Revision.Status.DRAFT and draft.medical_change and draft.pk
        draft.snapshot = snapshot
        draft.author = author
        draft.status = Revision.Status.DRAFT
        draft.approved_by = None
        draft.publish_at = None
        draft.medical_change = is_medical_change(page, snapshot)
        draft.save()
        if draft.medical_change and not was_waiting:
            # The reviewers hear once that it waits, not at each save.
            transaction.on_commit(partial(reminders.queue_sign_off_request, draft.pk))
    return draft


def send_back(revision, reviewer, comment):
    if not reviewer.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied
    revision.status = Revision.Status.REJECTED
    revision.comment = comment
    revision.save(update_fields=["status", "comment", "updated_at"])


def review_credit(user):
    """Who a page names as its reviewer when `user` approves it: their clinician profile
    (practice.Clinician.user), with its credentials of today. An account is never named:
    without a profile there is no sign-off."""
    clinician = getattr(user, "clinician", None)
    if clinician is None:
        raise ValidationError(NO_CLINICIAN_PROFILE, code="no_clinician_profile")
    return {
        "reviewer": clinician.pk,
        "reviewed_by": "",
        "reviewer_credentials": clinician.credentials,
    }


def approve(revision, reviewer, publish_at=None, comment=""):
    """A clinician's medical sign-off: the page's review fields are set, and the draft
    goes live now, or at `publish_at`."""
    if not reviewer.has_perm(APPROVE_PERMISSION) or not may_publish(reviewer, revision):
        raise PermissionDenied
    credit = review_credit(reviewer)
    today = timezone.localdate()
    fields = revision.snapshot["fields"]
    fields.update(
        credit,
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


class CannotPublish(ValidationError):
    """The draft cannot go live as it is: it links to a row deleted since it was saved (a
    treatment it lists), or its address was taken meanwhile. It goes back to its editor."""


def publish(revision, user=None):
    """Put the version on the live page, its inline rows included, in one transaction;
    the cached pages are retired once, after the commit. `user` is None for a scheduled
    publication, which was checked when it was approved. A draft that cannot go live
    (`CannotPublish`) is sent back to its editor with a note saying why, and its editor
    is told by email: publishing the others goes on."""
    if user is not None and not may_publish(user, revision):
        raise PermissionDenied
    try:
        _apply(revision, user)
    except CannotPublish as error:
        note = f"Not published: {' '.join(error.messages)}"
        sent_back = Revision.objects.filter(
            pk=revision.pk, updated_at=revision.updated_at, status__in=Revision.OPEN_STATUSES
        ).update(status=Revision.Status.REJECTED, comment=note, updated_at=timezone.now())
        if sent_back:
            transaction.on_commit(lambda: notices.draft_sent_back.enqueue(revision.pk))
        raise CannotPublish(f"{note} The draft was sent back to its editor.") from error
    return revision


def _apply(revision, user):
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
        missing = snapshots.missing_references(page_model, revision.snapshot)
        if missing:
            raise CannotPublish(
                f"it links to {', '.join(missing)}, deleted since it was saved. "
                "Edit the page and save it again."
            )
        _source, related, inlines = snapshots.build(page_model, page.pk, revision.snapshot)
        snapshots.apply_fields(page, revision.snapshot)
        try:
            page.full_clean(exclude=["image"])  # checked when it was uploaded
        except ValidationError as error:
            raise CannotPublish([*error.messages, "Edit the page and save it again."]) from error
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
            # Changed meanwhile, or sent back to its editor (CannotPublish): the others go on.
            logger.error(
                "scheduled revision not published",
                extra={"revision": revision.pk, "error": type(error).__name__},
            )
            continue
        count += 1
    return count
