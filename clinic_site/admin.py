"""The staff's admin site: throttled logins, a second sign-in step, and an index that
shows what needs doing."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from appointments.models import AccessLog, AppointmentRequest, Notification
from appointments.services import record_access
from conditions.models import Condition, Treatment
from content_workflow.models import Revision
from content_workflow.services import APPROVE_PERMISSION
from core import pagecache
from core.clinic import get_clinic
from core.publishing import published_demo_counts
from core.ratelimit import RateLimit, client_address
from health_data_requests.models import HealthDataRequest
from second_factor.sites import SecondFactorAdminSiteMixin

# Drafts named on the staff home page; the list of revisions has them all.
DRAFTS_SHOWN = 10


def _throttles():
    config = settings.LOGIN_THROTTLE
    window = config["LOCKOUT_SECONDS"]
    return (
        RateLimit("login-user", config["PER_USER"], window),
        RateLimit("login-client", config["PER_CLIENT"], window),
    )


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """Lock out a username, or a client address, after repeated failed logins.

    Counts live in the database (core.ratelimit), so the lockout holds across workers and
    servers, and while a cache server is down. While locked, the password is not even checked, and the message does not say
    whether the username exists.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked": (
            "Too many failed sign-in attempts. For your security, signing in is paused "
            "for %(minutes)d minutes. If you have forgotten your password, ask an "
            "administrator to reset it."
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").casefold()
        client = client_address(self.request)
        per_user, per_client = _throttles()
        if per_user.is_exceeded(username) or per_client.is_exceeded(client):
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_THROTTLE["LOCKOUT_SECONDS"] // 60},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            per_user.hit(username)
            per_client.hit(client)
            raise
        per_user.reset(username)
        return cleaned_data


class AutocompleteView(AutocompleteJsonView):
    """Django's autocomplete, refused and logged when it would search appointment requests.

    No staff form picks a request from a list, so staff find a patient's request through
    the request list, whose every result is in the access log. An autocomplete search
    (through any field that points to a request) would find requests by a patient's
    name, email or phone with no such record.
    """

    def has_perm(self, request, obj=None):
        if self.model_admin.model is AppointmentRequest:
            record_access(request.user, AccessLog.Action.REFUSED, detail="autocomplete search")
            return False
        return super().has_perm(request, obj)


class ClinicAdminSite(SecondFactorAdminSiteMixin, admin.AdminSite):
    login_form = ThrottledAdminAuthenticationForm
    index_template = "admin/clinic_index.html"

    @property
    def site_header(self):
        return f"{get_clinic().name}: staff"

    @property
    def site_title(self):
        return f"{get_clinic().name} staff"

    index_title = "What needs doing"

    def autocomplete_view(self, request):
        return AutocompleteView.as_view(admin_site=self)(request)

    def each_context(self, request):
        context = super().each_context(request)
        if self.has_permission(request) and request.user.has_perm("conditions.change_condition"):
            # A banner on every staff page of those who edit content, while example pages
            # are live (base_site.html).
            context["published_demo_content"] = published_demo_counts()
            # The cache was unreachable when content last changed: the public may see the
            # old text until the every-minute sweep passes the change on.
            context["cache_missed_change"] = bool(pagecache.cache_missed_generation())
        return context

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        user = request.user
        if user.has_perm("appointments.view_appointmentrequest"):
            extra_context["new_request_count"] = AppointmentRequest.objects.filter(
                status=AppointmentRequest.Status.NEW
            ).count()
            extra_context["retention_warning_days"] = settings.APPOINTMENTS[
                "RETENTION_WARNING_DAYS"
            ]
            extra_context["requests_near_retention_limit"] = (
                AppointmentRequest.objects.approaching_retention_limit(timezone.now()).count()
            )
            today = timezone.localdate()
            extra_context["estimates_outstanding"] = (
                AppointmentRequest.objects.estimates_outstanding().aggregate(
                    overdue=Count("pk", filter=Q(estimate_due__lt=today)),
                    due=Count("pk", filter=Q(estimate_due__gte=today)),
                )
            )
        if user.has_perm("health_data_requests.view_healthdatarequest"):
            extra_context["health_data_requests"] = HealthDataRequest.objects.open().aggregate(
                overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate())),
                waiting=Count("pk"),
            )
        if user.has_perm("appointments.view_notification"):
            extra_context["unsent_notifications"] = Notification.objects.aggregate(
                failed=Count("pk", filter=Q(status=Notification.Status.FAILED)),
                waiting=Count("pk", filter=Q(status=Notification.Status.PENDING)),
            )
        if user.has_perm("conditions.view_condition"):
            extra_context["conditions_needing_review"] = Condition.objects.needs_review().count()
        if user.has_perm("conditions.view_treatment"):
            extra_context["treatments_needing_review"] = Treatment.objects.needs_review().count()
        if user.has_perm(APPROVE_PERMISSION):
            waiting = Revision.objects.filter(status=Revision.Status.DRAFT, medical_change=True)
            extra_context["drafts_awaiting_sign_off"] = waiting.count()
            extra_context["drafts_awaiting_shown"] = _by_page(waiting)
        elif user.has_perm("content_workflow.view_revision"):
            sent_back = Revision.objects.filter(status=Revision.Status.REJECTED)
            extra_context["drafts_sent_back"] = sent_back.count()
            extra_context["drafts_sent_back_shown"] = _by_page(sent_back)
        return super().index(request, extra_context)


def _by_page(revisions):
    """The oldest drafts first, named by their pages (one query per kind of page)."""
    return (
        revisions.order_by("updated_at")
        .select_related("content_type")
        .prefetch_related("page")[:DRAFTS_SHOWN]
    )
