"""The public side: the request form, and the pages the emailed links open.

The form answers the same for every address (nothing is looked up before confirmation).
A link's page only shows what will be confirmed; its button (a POST) confirms, so a mail
scanner that opens links changes nothing.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, View

from appointments import spam
from appointments.views import HONEYPOT_FIELD, STARTED_FIELD, AppointmentRequestView
from core.ratelimit import RateLimit, client_address

from .forms import HealthDataRequestForm
from .models import HealthDataRequest
from .services import confirm_request, record_appeal, request_by_token, submit_request

logger = logging.getLogger(__name__)


def rate_limits():
    """Per client address and per email address (see core.ratelimit)."""
    config = settings.HEALTH_DATA_REQUESTS
    window = config["RATE_WINDOW_SECONDS"]
    return (
        RateLimit("health-data-client", config["CLIENT_RATE_LIMIT"], window),
        RateLimit("health-data-address", config["ADDRESS_RATE_LIMIT"], window),
    )


def without_referrer(response):
    """The links' pages carry a token in their address: a Referer names the site alone.
    ("no-referrer" would make the button's POST say `Origin: null`, which CSRF refuses.)"""
    response["Referrer-Policy"] = "strict-origin"
    return response


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class RequestFormView(FormView):
    form_class = HealthDataRequestForm
    template_name = "health_data_requests/request_form.html"
    http_method_names = ["get", "post", "head", "options"]
    http_method_not_allowed = AppointmentRequestView.http_method_not_allowed
    success_url = reverse_lazy("health_data_requests:sent")
    notice = None
    rate_limited = False
    not_stored = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = self.request.POST.get(STARTED_FIELD, "")
        # Keep the first timestamp on a re-shown form, so the second send goes through
        # (without asking the database that just failed whether it was used).
        context["form_started"] = (
            token if self.not_stored or spam.can_be_sent_again(token) else spam.signed_start_time()
        )
        context["honeypot_field"] = HONEYPOT_FIELD
        context["notice"] = self.notice
        context["rate_limited"] = self.rate_limited
        context["not_stored"] = self.not_stored
        return context

    def post(self, request, *args, **kwargs):
        try:
            return self.send(request)
        except DatabaseError as error:
            # As on the appointment form: the person keeps what they typed, and is given
            # the phone number.
            logger.error("health data request not stored", extra={"error": type(error).__name__})
            self.not_stored = True
            form = self.get_form_class()(request.POST)
            return self.render_to_response(self.get_context_data(form=form), status=503)

    def send(self, request):
        # A filled trap is answered as a sent form, and nothing is stored or sent.
        if request.POST.get(HONEYPOT_FIELD):
            return redirect(self.get_success_url())
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        if spam.is_too_fast(request.POST.get(STARTED_FIELD, "")):
            self.notice = _(
                "Please check your details below, then press the button again to send them."
            )
            return self.render_to_response(self.get_context_data(form=form))
        by_client, by_address = rate_limits()
        email = form.cleaned_data["email"]
        # The counts and the request in one transaction, as on the appointment form; the
        # email leaves after the commit.
        with transaction.atomic():
            allowed = by_client.hit(client_address(request)) and by_address.hit(email.casefold())
            if allowed:
                submit_request(form.cleaned_data["kind"], email, request.LANGUAGE_CODE)
        if not allowed:
            self.rate_limited = True
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return redirect(self.get_success_url())


@method_decorator(never_cache, name="dispatch")
class LinkView(View):
    """A page an emailed link opens: GET shows what the button will do, POST does it.

    Every link that cannot be used (tampered, expired, used) gets the same 400 page.
    """

    http_method_names = ["get", "post", "head", "options"]
    http_method_not_allowed = AppointmentRequestView.http_method_not_allowed
    appeal = False

    def get(self, request):
        token = request.GET.get("token", "")
        health_request = request_by_token(token, confirmed=self.appeal)
        if health_request is None:
            return self.invalid()
        context = {
            "appeal": self.appeal,
            "token": token,
            "kind": HealthDataRequest.Kind(health_request.kind).label,
            "email": health_request.email,
            "number": health_request.pk,
        }
        return without_referrer(
            TemplateResponse(request, "health_data_requests/confirm.html", context)
        )

    def post(self, request):
        token = request.POST.get("token", "")
        if self.appeal:
            health_request = request_by_token(token, confirmed=True)
            done = health_request is not None and record_appeal(health_request, token=token)
            return redirect("health_data_requests:appealed") if done else self.invalid()
        if confirm_request(token) is None:
            return self.invalid()
        return redirect("health_data_requests:confirmed")

    def invalid(self):
        return without_referrer(
            TemplateResponse(
                self.request,
                "health_data_requests/link_invalid.html",
                {"appeal": self.appeal},
                status=400,
            )
        )
