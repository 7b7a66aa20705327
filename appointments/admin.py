"""The front desk's workplace: triage, history, notes, export, and an access log."""

import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from .models import AccessLog, AppointmentRequest, Notification, RequestNote, StatusChange
from .notifications import queue_notifications
from .services import change_status, record_access

Status = AppointmentRequest.Status
Action = AccessLog.Action

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
    "message_display",
    "source_page",
    "submitted_at",
    "consent_receipt",
)
CSV_COLUMNS = (
    ("Request", lambda r: r.pk),
    ("Submitted", lambda r: timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")),
    ("Type", lambda r: r.get_request_type_display()),
    ("Name", lambda r: r.full_name),
    ("Phone", lambda r: r.phone),
    ("Email", lambda r: r.email),
    ("Preferred contact", lambda r: r.get_preferred_contact_display()),
    ("Preferred days", lambda r: ", ".join(r.preferred_days)),
    ("Preferred times", lambda r: ", ".join(r.preferred_times)),
    ("Patient", lambda r: r.get_patient_status_display()),
    ("Condition", lambda r: r.condition.name if r.condition else ""),
    ("Message", lambda r: r.message),
    ("Status", lambda r: r.get_status_display()),
    ("Assigned to", lambda r: r.assigned_to.get_username() if r.assigned_to else ""),
)
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class ParentPermissionsMixin:
    """Inline rows follow the permissions on the request itself."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("appointments.view_appointmentrequest")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(ParentPermissionsMixin, admin.TabularInline):
    model = StatusChange
    fields = ("changed_at", "from_status", "to_status", "changed_by")
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "status history"

    def has_add_permission(self, request, obj=None):
        return False


class RequestNoteInline(ParentPermissionsMixin, admin.TabularInline):
    model = RequestNote
    fields = ("text", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 1

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("appointments.change_appointmentrequest")


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = "possible duplicate"
    parameter_name = "possible_duplicate"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged as a possible duplicate")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(possible_duplicate_of__isnull=False)
        return queryset


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
        ("condition", admin.RelatedOnlyFieldListFilter),
        "submitted_at",
        ("assigned_to", admin.RelatedOnlyFieldListFilter),
        PossibleDuplicateFilter,
    )
    list_select_related = ("condition", "assigned_to")
    search_fields = ("full_name", "email", "phone")
    search_help_text = "Search by name, email address or phone number."
    date_hierarchy = "submitted_at"
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
        changed = [obj.pk for obj in queryset if change_status(obj, status, request.user)]
        if changed:
            record_access(request.user, Action.CHANGE, changed, f"status set to {status}")
        self.message_user(
            request,
            f"{len(changed)} request{'s' if len(changed) != 1 else ''} marked as "
            f"{Status(status).label.lower()}.",
            messages.SUCCESS,
        )

    @admin.action(description="Mark selected requests as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        self._mark(request, queryset, Status.CONTACTED)

    @admin.action(description="Mark selected requests as scheduled", permissions=["change"])
    def mark_scheduled(self, request, queryset):
        self._mark(request, queryset, Status.SCHEDULED)

    @admin.action(description="Mark selected requests as closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        self._mark(request, queryset, Status.CLOSED)

    @admin.action(description="Mark selected requests as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._mark(request, queryset, Status.SPAM)

    @admin.action(description="Export selected requests to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        requests = list(queryset.select_related("condition", "assigned_to").order_by("pk"))
        record_access(request.user, Action.EXPORT, [r.pk for r in requests], "CSV export")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="appointment-requests-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow([header for header, _ in CSV_COLUMNS])
        for appointment_request in requests:
            writer.writerow(
                [spreadsheet_safe(value(appointment_request)) for _, value in CSV_COLUMNS]
            )
        return response


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only, and for superusers only."""

    list_display = ("at", "username", "action", "request_id", "detail")
    list_filter = ("action", "at")
    search_fields = ("username",)
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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
