"""The front desk's list of confirmed consumer health data requests, each with its
45-day deadline, and the access log entries appointment requests have."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from appointments.admin import PatientDataAdminMixin
from appointments.models import AccessLog
from appointments.services import record_access

from .models import HealthDataRequest
from .services import (
    change_status,
    delete_appointment_requests,
    matching_appointment_requests,
    record_appeal,
)

Status = HealthDataRequest.Status
Action = AccessLog.Action
HEALTH_DATA = AccessLog.Record.HEALTH_DATA
DUE_SOON_DAYS = 7


class DeadlineFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("due", f"Due within {DUE_SOON_DAYS} days"),
            ("open", "Waiting for an answer"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "due":
            return queryset.due_within(today, DUE_SOON_DAYS)
        if self.value() == "open":
            return queryset.open()
        return queryset


class HealthDataRequestAdminForm(forms.ModelForm):
    class Meta:
        model = HealthDataRequest
        fields = ("status",)
        help_texts = {
            "status": "Completed or denied emails the person (a first denial with a link to "
            "appeal). Choose Appealed to record an appeal made by phone or letter.",
        }

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Status.APPEALED and self.initial.get("status") not in (
            Status.DENIED,
            Status.APPEALED,
        ):
            raise ValidationError("Only a denied request can be appealed.")
        return status


@admin.register(HealthDataRequest)
class HealthDataRequestAdmin(PatientDataAdminMixin, admin.ModelAdmin):
    form = HealthDataRequestAdminForm
    list_display = ("number", "kind", "confirmed_at", "due_on", "deadline", "status")
    list_display_links = ("number", "kind")
    list_filter = (DeadlineFilter, "status", "kind")
    show_full_result_count = False
    list_per_page = 50
    actions = ("delete_appointment_requests",)
    readonly_fields = (
        "kind",
        "email",
        "language",
        "confirmed_at",
        "due_on",
        "deadline",
        "appealed_at",
        "status_changed_at",
        "appointment_requests_from_address",
        "deleted_appointment_requests",
    )
    fieldsets = (
        (
            "What the person asked",
            {
                "fields": ("kind", "email", "language", "confirmed_at"),
                "description": "Washington's act does not cover information HIPAA protects: "
                "what this request covers is for the clinic's privacy officer and counsel to "
                "decide. Never send health data by email.",
            },
        ),
        (
            "Front desk",
            {
                "fields": (
                    "status",
                    "due_on",
                    "deadline",
                    "appealed_at",
                    "status_changed_at",
                    "appointment_requests_from_address",
                    "deleted_appointment_requests",
                )
            },
        ),
    )

    def get_queryset(self, request):
        # Unconfirmed requests are nobody's business until their link is followed.
        return super().get_queryset(request).confirmed()

    # Requests come only from the website's form; the row is the record of the answer.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_delete_appointments_permission(self, request):
        return request.user.has_perm(
            "health_data_requests.change_healthdatarequest"
        ) and request.user.has_perm("appointments.delete_appointmentrequest")

    @admin.display(description="#", ordering="pk")
    def number(self, obj):
        return obj.pk

    @admin.display(description="time left")
    def deadline(self, obj):
        if obj.status not in HealthDataRequest.OPEN_STATUSES or obj.due_on is None:
            return "Answered"
        days = (obj.due_on - timezone.localdate()).days
        if days < 0:
            return f"Overdue by {-days} day{'s' if days != -1 else ''}"
        return "Due today" if days == 0 else f"{days} day{'s' if days != 1 else ''} left"

    @admin.display(description="appointment requests from this address")
    def appointment_requests_from_address(self, obj):
        return matching_appointment_requests(obj).count()

    # Access logging, as for appointment requests.

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = ", ".join(str(obj.pk) for obj in changelist.result_list)
            record_access(request.user, Action.LIST, detail=f"shown: {shown}", record=HEALTH_DATA)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and object_id.isdigit():
            record_access(request.user, Action.VIEW, [int(object_id)], record=HEALTH_DATA)
        return response

    def save_model(self, request, obj, form, change):
        # Status is the one field staff change; the services log it and send the emails.
        if "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            if new_status == Status.APPEALED:
                record_appeal(obj, user=request.user)
            else:
                change_status(obj, new_status, request.user)

    @admin.action(
        description="Delete the appointment requests sent from the confirmed address",
        permissions=["delete_appointments"],
    )
    def delete_appointment_requests(self, request, queryset):
        chosen = list(
            queryset.open().filter(kind=HealthDataRequest.Kind.DELETION).exclude(email="")
        )
        total = sum(delete_appointment_requests(each, request.user) for each in chosen)
        skipped = queryset.count() - len(chosen)
        self.message_user(
            request,
            f"{total} appointment request{'s' if total != 1 else ''} deleted. Mark the request "
            "completed when everything it covers is done.",
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected request{'s were' if skipped != 1 else ' was'} skipped: only "
                "open deletion requests delete appointment requests.",
                messages.WARNING,
            )
