import logging
from urllib.parse import urlsplit

from django import forms
from django.db import DatabaseError, transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import resolve, reverse, reverse_lazy
from django.urls.exceptions import Resolver404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from core.middleware import mark_database_unavailable
from core.ratelimit import client_address
from core.structured_data import breadcrumb_trail
from practice.models import Location

from . import spam
from .consent import CONSENT_TEXT
from .forms import AppointmentRequestForm, strip_control_characters
from .services import is_resubmission, record_request

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "leave_blank"
STARTED_FIELD = "form_started"
SOURCE_FIELD = "source_page"
FORM_MODES = {
    "appointments:request": ("appointment", "appointments/request_form.html"),
    "appointments:contact": ("contact", "appointments/contact.html"),
}


def safe_source_page(request, value):
    """The path of a page on this site the patient came from (no query string), or ""."""
    try:
        parts = urlsplit(strip_control_characters(value or "").strip())
    except ValueError:
        return ""
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", request.get_host()):
        return ""
    path = parts.path
    return path[:200] if path.startswith("/") and not path.startswith("//") else ""


@method_decorator(sensitive_post_parameters(), name="dispatch")
class AppointmentRequestView(FormView):
    """The request form (and, in "contact" mode, the contact page's question form)."""

    form_class = AppointmentRequestForm
    template_name = "appointments/request_form.html"
    # FormView would treat PUT as POST; a form only takes GET and POST.
    http_method_names = ["get", "post", "head", "options"]
    mode = "appointment"
    success_url = reverse_lazy("appointments:thanks")
    notice = None
    rate_limited = False
    not_stored = False

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["mode"] = self.mode
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if condition := self.request.GET.get("condition"):
            initial["condition"] = condition[:120]
        if location := self.request.GET.get("location"):
            initial["preferred_location"] = location[:120]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        if request.method == "POST":
            token = request.POST.get(STARTED_FIELD, "")
            source = request.POST.get(SOURCE_FIELD, "")
        else:
            token, source = "", request.headers.get("referer", "")
        # Keep the original timestamp on a re-shown form, so the second send goes through
        # (a used one is replaced: each is good for one request). When nothing could be
        # stored, its use was undone with the rest, and the database cannot be asked.
        kept = (
            spam.seconds_since_shown(token) is not None
            if self.not_stored
            else spam.can_be_sent_again(token)
        )
        context["form_started"] = token if kept else spam.signed_start_time()
        context["source_page"] = safe_source_page(request, source)
        context["honeypot_field"] = HONEYPOT_FIELD
        context["notice"] = self.notice
        context["rate_limited"] = self.rate_limited
        context["not_stored"] = self.not_stored
        context["mode"] = self.mode
        context["consent_text"] = CONSENT_TEXT
        if self.mode == "contact":
            # Not while the database is failing: the page must render without it.
            context["locations"] = (
                []
                if self.not_stored
                else Location.objects.published().prefetch_related("opening_hours")
            )
        context["breadcrumbs"] = breadcrumb_trail(
            (_("Contact us"), reverse("appointments:contact"))
            if self.mode == "contact"
            else (_("Request an appointment"), reverse("appointments:request"))
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            return self.store(request)
        except DatabaseError as error:
            # Down, frozen (cut at the request's deadline) or out of disk: the patient keeps
            # what they typed, and is given the phone number.
            logger.error("request not stored", extra={"error": type(error).__name__})
            mark_database_unavailable(request)
            self.not_stored = True
            form = form_as_typed(request, self.mode, offline=True)
            return self.render_to_response(self.get_context_data(form=form), status=503)

    def store(self, request):
        form = self.get_form()
        # Looks like a bot. A complete request is still stored, as spam (a person whose
        # browser filled the trap is not lost), and every answer looks as usual.
        caught_by_honeypot = bool(request.POST.get(HONEYPOT_FIELD))
        if not form.is_valid():
            if caught_by_honeypot:
                return redirect(self.get_success_url())
            return self.form_invalid(form)
        # Every complete submission, trapped or not, passes the same throttle before
        # anything is stored. (A form sent again as it was, by a double click or a
        # refresh, goes on: it stores nothing new.) The check only reads, outside the
        # transaction: a database that froze is cut off there, before anything is begun.
        token = request.POST.get(STARTED_FIELD, "")
        too_fast = spam.is_too_fast(token) and not is_resubmission(form.cleaned_data)
        allowed = False
        if not too_fast:
            # The token spent, the count, the request, its outbox rows and their tasks in
            # one transaction: on SQLite every transaction waits its turn for the one lock.
            with transaction.atomic():
                too_fast = not spam.use_up(token) and not is_resubmission(form.cleaned_data)
                allowed = not too_fast and spam.submission_rate_limit().hit(client_address(request))
                if allowed:
                    record_request(
                        form.cleaned_data,
                        language=request.LANGUAGE_CODE,
                        source_page=self._source(),
                        spam_reason="honeypot" if caught_by_honeypot else "",
                    )
        if too_fast:
            self.notice = _(
                "Please check your details below, then press the button again to send them."
            )
            return self.render_to_response(self.get_context_data(form=form))
        if not allowed:
            self.rate_limited = True
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form))

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = TemplateResponse(request, "405.html", status=405)
        response["Allow"] = HttpResponseNotAllowed(self._allowed_methods())["Allow"]
        return response

    def _source(self):
        return safe_source_page(self.request, self.request.POST.get(SOURCE_FIELD, ""))


def csrf_failure(request, reason=""):
    """A friendly answer to a missing or stale CSRF token.

    On the request forms, the patient stays on the form with what they typed, and is asked
    to send it again (the new page carries a fresh token). Elsewhere, a plain 403 page.
    """
    try:
        url_name = resolve(request.path_info).view_name
    except Resolver404:
        url_name = None
    if url_name not in FORM_MODES or request.method != "POST":
        return TemplateResponse(request, "403.html", status=403)
    mode, template_name = FORM_MODES[url_name]
    view = AppointmentRequestView(
        mode=mode,
        template_name=template_name,
        notice=_(
            "For your security, this form had expired. Please check your details and press "
            "the button again."
        ),
    )
    view.setup(request)
    form = form_as_typed(request, mode)
    return view.render_to_response(view.get_context_data(form=form), status=403)


def form_as_typed(request, mode, offline=False):
    """The form with what the patient typed (consent asked again), unbound: a fresh form
    to send again, not a failed one. `offline` reads nothing from the database."""
    fields = AppointmentRequestForm(mode=mode, offline=offline).fields
    initial = {
        name: (
            request.POST.getlist(name)
            if isinstance(field, forms.MultipleChoiceField)
            else request.POST.get(name)
        )
        for name, field in fields.items()
        if name in request.POST and name != "consent"
    }
    return AppointmentRequestForm(mode=mode, initial=initial, offline=offline)
