"""The front desk's workplace: triage, history, notes, exports, and an access log."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from core.admin import ReadOnlyAdminMixin

from .exports import export_path, queue_export, streamed_csv
from .models import (
    AccessLog,
    AppointmentRequest,
    Export,
    Notification,
    RequestNote,
    StatusChange,
    phone_digits,
)
from .notifications import queue_notifications
from .services import change_status, change_statuses, record_access

Status = AppointmentRequest.Status
Action = AccessLog.Action
WORK_PERMISSION = "change_appointmentrequest"


def request_workers():
    """Who a request can be assigned to: active staff holding the permission to work on
    requests, through a group or their own permissions. A superuser holds every
    permission implicitly, so is offered only when given it explicitly (e.g. by being in
    the Front desk group): content editors and administrators do not clutter the list."""
    permission = Permission.objects.get(
        content_type__app_label="appointments", codename=WORK_PERMISSION
    )
    holds = Q(groups__permissions=permission) | Q(user_permissions=permission)
    workers = get_user_model().objects.filter(holds, is_active=True, is_staff=True)
    return workers.distinct().order_by("username")


READ_ONLY_SUBMISSION = (
    "request_type",
    "language",
    "full_name",
    "phone",
    "email",
    "preferred_contact",
    "preferred_days_display",
    "preferred_times_display",
    "patient_status",
    "condition",
    "preferred_location",
    "message_display",
    "source_page",
    "submitted_at",
    "consent_receipt",
)


# A search made only of digits and phone punctuation is a phone number, or its start.
PHONE_SEARCH = re.compile(r"^[0-9\s().\-+/]*[0-9]{3}[0-9\s().\-+/]*$")


class ParentPermissionsMixin(ReadOnlyAdminMixin):
    """Inline rows are seen by whoever may see the request itself, and never edited."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("appointments.view_appointmentrequest")


class StatusChangeInline(ParentPermissionsMixin, admin.TabularInline):
    model = StatusChange
    fields = ("changed_at", "from_status", "to_status", "changed_by")
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "status history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class RequestNoteInline(ParentPermissionsMixin, admin.TabularInline):
    model = RequestNote
    fields = ("text", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("appointments.change_appointmentrequest")


class FlagFilter(admin.SimpleListFilter):
    """A filter with one choice, `label` (`choice` in the URL), that keeps the requests
    `flagged()` returns."""

    choice = "yes"
    label = None

    def lookups(self, request, model_admin):
        return [(self.choice, self.label)]

    def queryset(self, request, queryset):
        return self.flagged(queryset) if self.value() == self.choice else queryset


class PossibleDuplicateFilter(FlagFilter):
    title = "possible duplicate"
    parameter_name = "possible_duplicate"
    label = "Flagged as a possible duplicate"

    def flagged(self, queryset):
        return queryset.filter(possible_duplicate_of__isnull=False)


class RetentionLimitFilter(FlagFilter):
    title = "retention"
    parameter_name = "retention"
    choice = "approaching"
    label = "Approaching the retention limit"

    def flagged(self, queryset):
        return queryset.approaching_retention_limit(timezone.now())


class NamesOnlyRelatedFilter(admin.RelatedFieldListFilter):
    """The related table's ids and names, without scanning the requests for which are used."""

    def field_choices(self, field, request, model_admin):
        name = getattr(field.related_model, "USERNAME_FIELD", "name")
        return list(
            field.related_model._default_manager.complex_filter(field.get_limit_choices_to())
            .order_by(name)
            .values_list("pk", name)
        )


def mark_as(status):
    """The bulk action "Mark selected requests as <status>" (`mark_<status>`)."""

    @admin.action(
        description=f"Mark selected requests as {Status(status).label.lower()}",
        permissions=["change"],
    )
    def mark(modeladmin, request, queryset):
        modeladmin._mark(request, queryset, status)

    mark.__name__ = f"mark_{status}"
    return mark


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "submitted_at",
        "age",
        "full_name",
        "preferred_contact_detail",
        "condition",
        "language",
        "status",
        "assigned_to",
        "duplicate_flag",
    )
    list_display_links = ("number", "full_name")
    list_filter = (
        "status",
        "request_type",
        "language",
        ("condition", NamesOnlyRelatedFilter),
        ("preferred_location", NamesOnlyRelatedFilter),
        "submitted_at",
        ("assigned_to", NamesOnlyRelatedFilter),
        PossibleDuplicateFilter,
        RetentionLimitFilter,
    )
    list_select_related = ("condition", "assigned_to")
    search_fields = ("full_name", "email", "phone")
    search_help_text = (
        "Search by name (or part of it), a whole email address, or a phone number (or its "
        "first digits) written any way."
    )
    # No date drill-down and no count of all requests beside the filtered count: both
    # scan every request on each page (the "submitted" filter covers the dates).
    show_full_result_count = False
    list_per_page = 50
    actions = ("mark_contacted", "mark_scheduled", "mark_closed", "mark_spam", "export_csv")
    readonly_fields = (
        *READ_ONLY_SUBMISSION,
        "possible_duplicate_link",
        "spam_reason",
        "status_changed_at",
    )
    fieldsets = (
        ("What the patient sent", {"fields": READ_ONLY_SUBMISSION}),
        (
            "Front desk",
            {
                "fields": (
                    "status",
                    "assigned_to",
                    "status_changed_at",
                    "possible_duplicate_link",
                    "spam_reason",
                ),
                "description": "Update the status after each call or email; add a note below.",
            },
        ),
    )
    inlines = (StatusChangeInline, RequestNoteInline)

    # Requests come only from the website's form.
    def has_add_permission(self, request):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("appointments.export_appointmentrequest")

    def get_search_results(self, request, queryset, search_term):
        """One indexed search picked by the input's shape: email, phone digits, or name."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if "@" in term:
            return queryset.alias(email_lower=Lower("email")).filter(
                email_lower=term.lower()
            ), False
        if PHONE_SEARCH.match(term):
            digits = phone_digits(term)
            # Stored US numbers start with the country code 1, which staff rarely type.
            return queryset.filter(
                Q(phone_digits__startswith=digits) | Q(phone_digits__startswith="1" + digits)
            ), False
        # On PostgreSQL a trigram index serves this (migration 0004).
        return queryset.filter(full_name__icontains=term), False

    # Columns and read-only fields.

    @admin.display(description="#", ordering="pk")
    def number(self, obj):
        return obj.pk

    @admin.display(description="waiting")
    def age(self, obj):
        return timesince(obj.submitted_at, depth=1)

    @admin.display(description="contact by")
    def preferred_contact_detail(self, obj):
        detail = obj.phone if obj.preferred_contact == obj.ContactMethod.PHONE else obj.email
        return f"{obj.get_preferred_contact_display()}: {detail or obj.phone or obj.email}"

    @admin.display(description="duplicate?", boolean=True)
    def duplicate_flag(self, obj):
        return obj.possible_duplicate_of_id is not None

    @admin.display(description="preferred days")
    def preferred_days_display(self, obj):
        return ", ".join(day.title() for day in obj.preferred_days) or "Any"

    @admin.display(description="preferred times")
    def preferred_times_display(self, obj):
        labels = dict(AppointmentRequest.TimeOfDay.choices)
        return ", ".join(str(labels.get(time, time)) for time in obj.preferred_times) or "Any"

    @admin.display(description="message")
    def message_display(self, obj):
        # linebreaksbr() escapes the text before adding <br>.
        return linebreaksbr(obj.message, autoescape=True) if obj.message else "-"

    @admin.display(description="possible duplicate of")
    def possible_duplicate_link(self, obj):
        if obj.possible_duplicate_of_id is None:
            return "-"
        return format_html(
            '<a href="../../{}/change/">Request #{}</a>',
            obj.possible_duplicate_of_id,
            obj.possible_duplicate_of_id,
        )

    # Access logging: every list, view, change, export and deletion.

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = request_workers()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = ", ".join(str(obj.pk) for obj in changelist.result_list)
            # Whether staff searched, never what for: the term is a patient's details.
            searched = "searched; " if changelist.query else ""
            record_access(request.user, Action.LIST, detail=f"{searched}shown: {shown}")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and object_id.isdigit():
            record_access(request.user, Action.VIEW, [int(object_id)])
        return response

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            change_status(obj, new_status, request.user)
        super().save_model(request, obj, form, change)
        if form.changed_data:
            record_access(
                request.user, Action.CHANGE, [obj.pk], f"changed: {', '.join(form.changed_data)}"
            )

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            note.author = request.user
            note.save()
        if notes:
            record_access(request.user, Action.CHANGE, [form.instance.pk], "added a note")

    def delete_model(self, request, obj):
        record_access(request.user, Action.DELETE, [obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        record_access(request.user, Action.DELETE, list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)

    # Bulk actions.

    def _mark(self, request, queryset, status):
        with transaction.atomic():
            changed = change_statuses(queryset, status, request.user)
            record_access(request.user, Action.CHANGE, changed, f"status set to {status}")
        self.message_user(
            request,
            f"{len(changed)} request{'s' if len(changed) != 1 else ''} marked as "
            f"{Status(status).label.lower()}.",
            messages.SUCCESS,
        )

    mark_contacted = mark_as(Status.CONTACTED)
    mark_scheduled = mark_as(Status.SCHEDULED)
    mark_closed = mark_as(Status.CLOSED)
    mark_spam = mark_as(Status.SPAM)

    @admin.action(description="Export selected requests to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        count = queryset.count()
        if count <= settings.APPOINTMENTS["EXPORT_INLINE_MAX"]:
            return StreamingHttpResponse(
                streamed_csv(request.user, queryset),
                content_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{export_file_name()}"'},
            )
        # Too many to stream within the server's timeout: the worker writes the file.
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        export = Export.objects.create(
            requested_by=request.user, request_ids=ids, row_count=len(ids)
        )
        transaction.on_commit(lambda: queue_export(export.pk))
        self.message_user(
            request,
            f"Your export of {len(ids)} requests is being prepared; it will be listed under "
            "CSV exports.",
            messages.SUCCESS,
        )


def export_file_name():
    return f"appointment-requests-{timezone.localtime().strftime('%Y%m%d-%H%M')}.csv"


class RecentAccessFilter(admin.SimpleListFilter):
    """The last 30 days unless asked: the log grows for years, the working view stays small."""

    title = "period"
    parameter_name = "period"
    DAYS = {"30": 30, "365": 365}

    def lookups(self, request, model_admin):
        return [("30", "Last 30 days"), ("365", "Last year"), ("all", "All")]

    def value(self):
        return super().value() or "30"

    def choices(self, changelist):
        # The default is "Last 30 days", not an "All" entry Django would add.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if days := self.DAYS.get(self.value()):
            return queryset.filter(at__gte=timezone.now() - timedelta(days=days))
        return queryset


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, and for superusers only."""

    list_display = ("at", "username", "action", "request_id", "detail")
    list_filter = (RecentAccessFilter, "action")
    search_fields = ("username",)
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox: which emails about requests wait, were sent or failed. Read-only; a
    failed email can be tried again once the mail server is fixed."""

    list_display = (
        "created_at",
        "request_link",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    )
    list_filter = ("status", "kind", "created_at")
    date_hierarchy = "created_at"
    list_select_related = False
    actions = ["try_again"]

    def has_retry_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description="request", ordering="appointment_request")
    def request_link(self, obj):
        return format_html(
            '<a href="{}">Request #{}</a>',
            AppointmentRequest(pk=obj.appointment_request_id).get_admin_url(),
            obj.appointment_request_id,
        )

    @admin.action(description="Try sending the selected emails again now", permissions=["retry"])
    def try_again(self, request, queryset):
        # One more attempt each; one that fails again counts as failed once more.
        retried = list(
            queryset.exclude(status=Notification.Status.SENT).values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=retried).update(
            status=Notification.Status.PENDING, next_attempt_at=timezone.now()
        )
        queue_notifications(retried)
        self.message_user(
            request,
            f"{len(retried)} email{'s' if len(retried) != 1 else ''} queued to be sent again.",
            messages.SUCCESS,
        )


@admin.register(Export)
class ExportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Large CSV exports written by the worker: each member of staff allowed to export
    sees and downloads their own (superusers every one). Read-only; the daily purge
    deletes them."""

    list_display = ("created_at", "requested_by", "status", "row_count", "download_link")
    list_filter = ("status",)
    list_select_related = ("requested_by",)
    fields = ("created_at", "requested_by", "status", "row_count", "download_link")
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.has_perm("appointments.export_appointmentrequest")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def get_queryset(self, request):
        exports = super().get_queryset(request).defer("request_ids")
        if request.user.is_superuser:
            return exports
        return exports.filter(requested_by=request.user)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="appointments_export_download",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="file")
    def download_link(self, obj):
        if obj.status != Export.Status.READY:
            return "-"
        return format_html(
            '<a href="{}">Download</a>',
            reverse("admin:appointments_export_download", args=[obj.pk]),
        )

    def download_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        export = self.get_queryset(request).filter(pk=object_id, status=Export.Status.READY)
        export = export.first()
        if export is None:
            raise Http404("No such export ready for you.")
        try:
            file = open(export_path(export.pk), "rb")  # noqa: SIM115 (closed by the response)
        except FileNotFoundError:
            raise Http404("The export's file is gone.") from None
        record_access(
            request.user,
            Action.DOWNLOAD,
            detail=f"CSV export #{export.pk}, {export.row_count} requests",
        )
        return FileResponse(
            file,
            as_attachment=True,
            filename=export_file_name(),
            content_type="text/csv; charset=utf-8",
        )
