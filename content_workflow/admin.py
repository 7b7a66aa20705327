"""The admin side of drafts: a page admin mixes in `RevisionAdminMixin`.

On a page that is published (or that an edit would publish), Save keeps the form and its
inline rows as the page's draft and leaves the live rows untouched; the form then shows
the draft. The draft is previewed, reviewed (a diff against the live page), approved or
sent back by a clinician, and published in one transaction. Pages never published are
edited directly, as before.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin import ReadOnlyAdminMixin

from . import services, snapshots
from .models import Revision

DRAFT_SAVED = "draft"
REVIEW_ACTIONS = {
    "approve": "Approved",
    "publish": "Published",
    "send_back": "Sent back to the editor",
    "discard": "The draft was discarded",
}
PUBLISH_REQUESTED = "publish requested"


class PublishTimeForm(forms.Form):
    # The draft's fingerprint when the page was shown: an edit saved since then must be
    # reviewed before it can be approved or published.
    seen = forms.CharField(widget=forms.HiddenInput)
    publish_at = forms.SplitDateTimeField(
        label="Go live at",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Leave empty to publish now.",
    )
    comment = forms.CharField(
        label="Note to the editor", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevisionAdminMixin:
    """Drafts, review, history and restore for a page's ModelAdmin (see the module)."""

    change_form_template = "content_workflow/change_form.html"

    # --- The change form shows, and saves into, the page's draft ------------------

    def get_readonly_fields(self, request, obj=None):
        # Only a clinician's approval sets the review fields.
        return (*super().get_readonly_fields(request, obj), *snapshots.REVIEW_FIELDS)

    def _draft(self, request, obj):
        if obj is None or obj.pk is None:
            return None
        cache = request.__dict__.setdefault("_open_drafts", {})
        if obj.pk not in cache:
            cache[obj.pk] = services.open_draft(obj)
        return cache[obj.pk]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        draft = self._draft(request, obj)
        if draft is None:
            return form_class
        _page, related, _inlines = snapshots.build(type(obj), obj.pk, draft.snapshot)

        class DraftForm(form_class):
            def __init__(self, *args, instance=None, initial=None, **kwargs):
                snapshots.apply_fields(instance, draft.snapshot)
                initial = {**related, **(initial or {})}
                super().__init__(*args, instance=instance, initial=initial, **kwargs)

        return DraftForm

    def _draft_rows(self, request, obj, inline):
        """The draft's rows for an inline, shown as the form's rows (on GET)."""
        draft = self._draft(request, obj)
        if draft is None or request.method != "GET":
            return None
        for name in type(obj).REVISION_INLINES:
            if getattr(type(obj), name).rel.related_model is inline.model:
                _page, _related, inlines = snapshots.build(type(obj), obj.pk, draft.snapshot)
                return inlines[name]
        return None

    def get_formsets_with_inlines(self, request, obj=None):
        for inline in self.get_inline_instances(request, obj):
            rows = self._draft_rows(request, obj, inline)
            extra = {} if rows is None else {"extra": len(rows)}
            yield inline.get_formset(request, obj, **extra), inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        rows = self._draft_rows(request, obj, inline)
        if rows is not None:
            fields = snapshots.row_fields(type(obj), prefix)
            kwargs["queryset"] = inline.model.objects.none()
            kwargs["initial"] = [
                {name: row.serializable_value(name) for name in fields} for row in rows
            ]
        return kwargs

    def _goes_through_review(self, request, obj, form, change):
        if change and (
            type(obj).objects.filter(pk=obj.pk, is_published=True).exists()
            or self._draft(request, obj) is not None
        ):
            return DRAFT_SAVED
        if form.cleaned_data.get("is_published"):
            return PUBLISH_REQUESTED
        return None

    def save_model(self, request, obj, form, change):
        request.workflow_outcome = self._goes_through_review(request, obj, form, change)
        if request.workflow_outcome == DRAFT_SAVED:
            for field in obj._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    field.pre_save(obj, add=False)  # keep a new upload for the draft
            return
        if request.workflow_outcome == PUBLISH_REQUESTED:
            obj.is_published = False  # created unpublished; published once approved
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        outcome = request.workflow_outcome
        page = form.instance
        if outcome != DRAFT_SAVED:
            super().save_related(request, form, formsets, change)
            if outcome == PUBLISH_REQUESTED:
                snapshot = snapshots.take(type(page).objects.get(pk=page.pk))
                snapshot["fields"]["is_published"] = True
                services.save_draft(page, snapshot, request.user)
            return
        tracked = type(page).REVISION_INLINES
        inlines = {}
        for formset in formsets:
            name = type(formset).get_default_prefix()
            if name not in tracked:
                self.save_formset(request, form, formset, change)  # e.g. old addresses
                continue
            inlines[name] = [
                row.instance
                for row in formset.forms
                if row.cleaned_data and not row.cleaned_data.get("DELETE")
            ]
        related = {
            field.name: [obj.pk for obj in form.cleaned_data[field.name]]
            for field in snapshots.page_fields(type(page))
            if field.many_to_many and field.name in form.cleaned_data
        }
        snapshot = snapshots.take(page, related=related, inlines=inlines)
        services.save_draft(page, snapshot, request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "workflow_outcome", None) != DRAFT_SAVED:
            return super().construct_change_message(request, form, formsets, add)
        # The inline rows were kept in the draft, not saved: name the page's fields only.
        return [{"changed": {"fields": [*form.changed_data, "(a draft, not yet live)"]}}]

    def _draft_response(self, request, obj):
        self.message_user(
            request,
            format_html(
                "Saved as a draft: the website still shows the published page. "
                '<a href="{}">Preview</a> · <a href="{}">Review and publish</a>',
                self._url(obj, "preview"),
                self._url(obj, "review"),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url(obj, "change"))

    def response_change(self, request, obj):
        if getattr(request, "workflow_outcome", None):
            return self._draft_response(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "workflow_outcome", None):
            return self._draft_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "draft": self._draft(request, obj),
            "workflow_urls": obj and self._urls(obj),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Deleting a published page takes a clinical reviewer ------------------------

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.may_delete(request.user, obj))

    def get_deleted_objects(self, objs, request):
        # The bulk action's confirmation checks the page model once, not each page: a
        # published one among them is named as what the account may not delete.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not all(services.may_delete(request.user, page) for page in objs):
            perms_needed.add(
                f"published {self.model._meta.verbose_name_plural} (ask a clinical reviewer)"
            )
        return deleted, counts, perms_needed, protected

    # --- Preview, review, history ---------------------------------------------------

    def _url(self, obj, view, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])

    def _urls(self, obj):
        return {view: self._url(obj, view) for view in ("preview", "review", "versions")}

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        views = [
            ("<int:object_id>/preview/", self.preview_view, "preview"),
            ("<int:object_id>/review/", self.review_view, "review"),
            ("<int:object_id>/versions/", self.versions_view, "versions"),
            ("<int:object_id>/versions/<int:revision_id>/", self.version_view, "version"),
        ]
        return [
            *(
                path(route, self.admin_site.admin_view(view), name=f"{name}_{suffix}")
                for route, view, suffix in views
            ),
            *super().get_urls(),
        ]

    def _page(self, request, object_id, permission):
        obj = self.get_object(request, str(object_id))
        if obj is None or not permission(request, obj):
            raise PermissionDenied
        return obj

    def preview_view(self, request, object_id):
        """The page as it would look with its draft (or as it is), for staff only."""
        page = self._page(request, object_id, self.has_view_permission)
        draft = self._draft(request, page)
        if draft is not None:
            snapshots.apply_fields(page, draft.snapshot)
            page.draft_related, page.draft_inlines = snapshots.build(
                type(page), page.pk, draft.snapshot
            )[1:]
            page.has_unpublished_changes = True
        response = self.render_preview(request, page)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def render_preview(self, request, page):
        raise NotImplementedError

    def _context(self, request, page, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": page,
            "urls": self._urls(page),
            "change_url": self._url(page, "change"),
            **context,
        }

    def review_view(self, request, object_id):
        """The draft against the live page; publish, approve, send back or discard."""
        page = self._page(request, object_id, self.has_change_permission)
        draft = self._draft(request, page)
        may_approve = request.user.has_perm(services.APPROVE_PERMISSION)
        form = PublishTimeForm(request.POST or None, initial={"seen": draft and draft.fingerprint})
        if request.method == "POST":
            if draft is None or request.POST.get("action") not in REVIEW_ACTIONS:
                raise PermissionDenied
            if form.is_valid():
                response = self._act(request, page, draft, form.cleaned_data)
                if response:
                    return response
        changes = draft and snapshots.compare(
            type(page), services.live_snapshot(page), draft.snapshot
        )
        medical = draft is not None and services.is_medical_change(page, draft.snapshot)
        context = self._context(
            request,
            page,
            title=f"Review changes to {page}",
            draft=draft,
            changes=changes,
            medical=medical,
            may_approve=may_approve,
            # A sign-off names the reviewer's clinician profile (services.review_credit).
            no_clinician_profile=may_approve and getattr(request.user, "clinician", None) is None,
            form=form,
        )
        return TemplateResponse(request, "content_workflow/review.html", context)

    def _act(self, request, page, draft, data):
        action = request.POST.get("action")
        publish_at = data["publish_at"]
        if action != "discard" and data["seen"] != draft.fingerprint:
            self.message_user(
                request,
                "The draft was changed after you opened it: check the changes again.",
                messages.WARNING,
            )
            return None
        try:
            if action == "approve":
                services.approve(draft, request.user, publish_at, data["comment"])
            elif action == "publish":
                services.schedule(draft, request.user, publish_at)
            elif action == "send_back":
                services.send_back(draft, request.user, data["comment"])
            else:
                services.discard(draft)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            # Shown again as stored now (e.g. sent back to its editor), not as approved.
            return HttpResponseRedirect(self._url(page, "review"))
        done = REVIEW_ACTIONS[action]
        # The page's own history (Django's admin log) records who did what to which version.
        self.log_change(request, page, [{"changed": {"fields": [f"{done}: version {draft.pk}"]}}])
        if draft.status == Revision.Status.APPROVED:
            done = f"Approved: it goes live at {draft.publish_at:%Y-%m-%d %H:%M}"
        self.message_user(request, f"{done}.", messages.SUCCESS)
        return HttpResponseRedirect(self._url(page, "change"))

    def versions_view(self, request, object_id):
        page = self._page(request, object_id, self.has_view_permission)
        revisions = Revision.objects.for_page(page).select_related(
            "author", "approved_by", "published_by"
        )
        context = self._context(request, page, title=f"Versions of {page}", revisions=revisions)
        return TemplateResponse(request, "content_workflow/versions.html", context)

    def version_view(self, request, object_id, revision_id):
        """One version, compared with the live page or another version; restore it."""
        page = self._page(request, object_id, self.has_view_permission)
        revisions = Revision.objects.for_page(page)
        revision = get_object_or_404(revisions, pk=revision_id)
        if request.method == "POST":
            if not self.has_change_permission(request, page):
                raise PermissionDenied
            draft = services.restore(revision, request.user)
            self.log_change(
                request,
                page,
                [{"changed": {"fields": [f"Restored version {revision.pk} as draft {draft.pk}"]}}],
            )
            self.message_user(
                request,
                "That version is now the page's draft. The website is unchanged until it is published.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._url(page, "change"))
        against = request.GET.get("compare")
        if against and against.isdigit():
            other = get_object_or_404(revisions, pk=against)
            old, old_label = other.snapshot, f"version {other.pk}"
        else:
            old, old_label = services.live_snapshot(page), "the live page"
        context = self._context(
            request,
            page,
            title=f"Version {revision.pk} of {page}",
            revision=revision,
            old_label=old_label,
            changes=snapshots.compare(type(page), old, revision.snapshot),
            revisions=revisions.exclude(pk=revision.pk),
            may_restore=self.has_change_permission(request, page),
        )
        return TemplateResponse(request, "content_workflow/version.html", context)


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Drafts waiting for a clinician, and every version, read-only: work happens on the
    page's review screen."""

    list_display = ("page_link", "status", "medical_change", "author", "updated_at", "publish_at")
    list_filter = ("status", "medical_change", ("page_deleted_at", admin.EmptyFieldListFilter))
    list_select_related = ("content_type", "author")
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        # Each page's name, in one query per kind of page.
        return super().get_queryset(request).prefetch_related("page")

    @admin.display(description="page")
    def page_link(self, revision):
        if revision.page_deleted_at:
            # Kept after the page went (DELETED_PAGE_RETENTION_DAYS): the version itself.
            return format_html(
                '<a href="{}">{} (deleted {})</a>',
                reverse("admin:content_workflow_revision_change", args=[revision.pk]),
                revision.page_name,
                timezone.localdate(revision.page_deleted_at).isoformat(),
            )
        return format_html('<a href="{}">{}</a>', revision.review_url, revision.page_name)
