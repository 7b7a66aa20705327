"""The front desk's workplace: triage, history, notes, exports, and an access log."""

import re
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Lower
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince

from core.admin import ReadOnlyAdminMixin

from .estimates import refresh_estimate_due
from .exports import export_path, queue_export, streamed_csv
from .forms import FrontDeskForm, strip_control_characters
from .models import (
    AccessLog,
    AppointmentRequest,
    Export,
    Notification,
    RequestNote,
    StatusChange,
    days_label,
    folded,
    phone_digits,
    times_label,
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
    "condition_of_interest",
    "preferred_location",
    "self_pay_display",
    "message_display",
    "source_page",
    "submitted_at",
    "consent_receipt",
)


# A search made only of phone punctuation and 4 or more digits is a phone number, or part
# of one.
PHONE_SEARCH = re.compile(r"^[\s().\-+/]*(?:[0-9][\s().\-+/]*){4,}$")


class OfferedFiltersChangeList(ChangeList):
    """A list filtered by the filters the page offers and nothing else. Django applies
    any other lookup on the model's own fields as a filter (`?message__icontains=knee`,
    `?email__iexact=...`, `?full_name__regex=^Al`), finding patients by details the
    search box deliberately cannot search. Such a list, like one Django itself refuses
    (lookups across relations), answers 400, and the attempt is logged with the fields'
    names, never the values."""

    def get_filters(self, request):
        try:
            filters = super().get_filters(request)
        except DisallowedModelAdminLookup:  # Django's own refusal (across relations)
            self.refuse(request, self.get_filters_params())
        if filters[2]:  # what no filter on the page took
            self.refuse(request, filters[2])
        return filters

    def refuse(self, request, keys):
        fields = {field.name for field in self.model._meta.get_fields()}
        names = sorted({key.split(LOOKUP_SEP)[0] for key in keys} & fields)
        record_access(
            request.user,
            Action.REFUSED,
            detail=f"{self.opts.verbose_name} list filtered by a lookup not offered"
            + (f": {', '.join(names)}" if names else ""),
        )
        raise DisallowedModelAdminLookup("Filtering by a lookup the page does not offer")


class PatientDataAdminMixin:
    """For every admin listing patients' data, or records about it."""

    def get_changelist(self, request, **kwargs):
        return OfferedFiltersChangeList


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


class EstimateFilter(admin.SimpleListFilter):
    """Good faith estimates for self-pay patients: due (today or later), overdue, given."""

    title = "good faith estimate"
    parameter_name = "estimate"

    def lookups(self, request, model_admin):
        return [("due", "Due"), ("overdue", "Overdue"), ("provided", "Provided")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "due":
            return queryset.estimates_due(today)
        if self.value() == "overdue":
            return queryset.estimates_overdue(today)
        if self.value() == "provided":
            return queryset.filter(estimate_provided_on__isnull=False)
        return queryset


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
class AppointmentRequestAdmin(PatientDataAdminMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "submitted_at",
        "age",
        "full_name",
        "preferred_contact_detail",
        "condition_of_interest",
        "language",
        "status",
        "assigned_to",
        "duplicate_flag",
        "estimate_due",
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
        EstimateFilter,
    )
    list_select_related = ("assigned_to",)
    search_fields = ("full_name", "email", "phone")
    search_help_text = (
        "Search by name or part of it (capitals and accents do not matter), a whole email "
        "address, or 4 or more digits in a row of a phone number, written any way."
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
        "good_faith_estimate",
    )
    form = FrontDeskForm
    fieldsets = (
        ("What the patient sent", {"fields": READ_ONLY_SUBMISSION}),
        (
            "Front desk",
            {
                "fields": (
                    "status",
                    "visit_date",
                    "assigned_to",
                    "status_changed_at",
                    "possible_duplicate_link",
                    "spam_reason",
                ),
                "description": "Update the status after each call or email; add a note below.",
            },
        ),
        (
            "Good faith estimate (patients who pay themselves)",
            {
                "fields": ("good_faith_estimate", "estimate_asked_on", "estimate_provided_on"),
                "description": (
                    "A patient who pays for their care themselves is owed a written estimate "
                    "of its cost: within 1 business day of scheduling when the visit is 3 or "
                    "more business days away, within 3 business days when it is 10 or more "
                    "away, and within 3 business days of the patient asking for one. Weekends, "
                    "federal holidays and the location's closures do not count."
                ),
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
        # Fullwidth digits and signs as ASCII ones, as a phone keyboard may type them; no
        # control characters (PostgreSQL refuses a NUL).
        term = strip_control_characters(unicodedata.normalize("NFKC", search_term)).strip()
        if not term:
            return queryset, False
        if "@" in term:
            return queryset.alias(email_lower=Lower("email")).filter(
                email_lower=term.lower()
            ), False
        # Both have trigram indexes on PostgreSQL (migration 0013).
        if PHONE_SEARCH.match(term):
            return queryset.filter(phone_digits__contains=phone_digits(term)), False
        name = folded(term)
        return (queryset.filter(name_folded__contains=name) if name else queryset.none()), False

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

    @admin.display(description="condition of interest")
    def condition_of_interest(self, obj):
        # The name kept with the request: still there if the condition is deleted.
        return obj.condition_name or None

    @admin.display(description="duplicate?", boolean=True)
    def duplicate_flag(self, obj):
        return obj.possible_duplicate_of_id is not None

    @admin.display(description="preferred days")
    def preferred_days_display(self, obj):
        return days_label(obj.preferred_days)

    @admin.display(description="preferred times")
    def preferred_times_display(self, obj):
        return times_label(obj.preferred_times)

    @admin.display(description="will pay themselves")
    def self_pay_display(self, obj):
        return {True: "Yes", False: "No"}.get(obj.self_pay, "Not answered")

    @admin.display(description="deadline")
    def good_faith_estimate(self, obj):
        if obj.estimate_provided_on:
            return f"Provided on {date_format(obj.estimate_provided_on)}"
        if obj.estimate_due:
            late = " (overdue)" if obj.estimate_due < timezone.localdate() else ""
            return f"Good faith estimate due {date_format(obj.estimate_due)}{late}"
        if obj.self_pay and obj.status == Status.SCHEDULED:
            return "None due: the visit is fewer than 3 business days after scheduling."
        if obj.self_pay and obj.status in (Status.NEW, Status.CONTACTED):
            return "Due once the visit is scheduled (or the patient asks for one)."
        return "-"

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
        # Whatever the method and however the id is written ("7", "07", "7 "): every page
        # that shows a request, a form sent back with an error included.
        shown = getattr(response, "context_data", None) or {}
        if response.status_code == 200 and shown.get("original") is not None:
            record_access(request.user, Action.VIEW, [shown["original"].pk])
        return response

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            change_status(obj, new_status, request.user)
        if {"status", "visit_date", "estimate_asked_on"} & set(form.changed_data):
            refresh_estimate_due(obj)
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
        if status == Status.SCHEDULED:
            # A self-pay patient is scheduled from the request's page, with the visit date
            # the good faith estimate's deadline counts from.
            queryset = self._leave_self_pay_unscheduled(request, queryset)
        with transaction.atomic():
            changed = change_statuses(queryset, status, request.user)
            record_access(request.user, Action.CHANGE, changed, f"status set to {status}")
        self.message_user(
            request,
            f"{len(changed)} request{'s' if len(changed) != 1 else ''} marked as "
            f"{Status(status).label.lower()}.",
            messages.SUCCESS,
        )

    def _leave_self_pay_unscheduled(self, request, queryset):
        if self_pay := queryset.filter(self_pay=True).exclude(status=Status.SCHEDULED).count():
            self.message_user(
                request,
                f"{self_pay} request{'s' if self_pay != 1 else ''} from patients who pay "
                "themselves left as they were: open each to enter the visit date.",
                messages.WARNING,
            )
        return queryset.exclude(self_pay=True)

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
class AccessLogAdmin(PatientDataAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, and for superusers only."""

    list_display = ("at", "username", "action", "record", "request_id", "detail")
    list_filter = (RecentAccessFilter, "action", "record")
    search_fields = ("username",)
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Notification)
class NotificationAdmin(PatientDataAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
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
class ExportAdmin(PatientDataAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
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
        if obj.is_past_retention(timezone.now()):
            return "Past its retention: no longer available"
        return format_html(
            '<a href="{}">Download</a>',
            reverse("admin:appointments_export_download", args=[obj.pk]),
        )

    def download_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Past its retention it is refused, whether or not the purge has run yet.
        export = self.get_queryset(request).downloadable(timezone.now()).filter(pk=object_id)
        export = export.first()
        if export is None:
            raise Http404("No such export ready for you, or it is past its retention.")
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
