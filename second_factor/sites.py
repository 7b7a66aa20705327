"""The admin site's side of the second sign-in step (mixed into the clinic's AdminSite).

After the password (the site's own throttled login), a staff member types a code from
their authenticator app, or one of their recovery codes, or, with no device yet, enrols
one. Until then every admin view refuses the session (`has_permission`), except signing
in, signing out, the second step and enrolment.
"""

import segno
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import services
from .forms import AppCodeForm, RecoveryCodeForm

LOCKED_MESSAGE = (
    "Too many wrong codes. For your security, signing in is paused for %(minutes)d "
    "minutes. If you have lost your phone and your recovery codes, ask an administrator "
    "to reset your two-step sign-in."
)
# django-otp pauses a device for 1, 2, 4... seconds after each wrong code: a code typed
# during the pause is not checked, so it must not be called wrong.
WAIT_MESSAGE = (
    "Too soon after a wrong code: please wait {wait} and try again. This code was not checked."
)


def wait_message(seconds):
    return WAIT_MESSAGE.format(wait=f"{seconds} second{pluralize(seconds)}")


class SecondFactorAdminSiteMixin:
    def has_permission(self, request):
        return super().has_permission(request) and services.passed_second_step(request)

    def login(self, request, extra_context=None):
        if request.method == "GET" and self._awaits_second_step(request):
            return self._redirect(self._second_step_for(request.user), self._next_url(request))
        response = super().login(request, extra_context)
        if (
            request.method == "POST"
            and request.user.is_authenticated
            and response.status_code == 302
        ):
            # The password was right: the second step comes before where it was going.
            return self._redirect(self._second_step_for(request.user), response["Location"])
        return response

    def get_urls(self):
        return [
            # Signing out is open to a session half way through signing in.
            path("logout/", self.logout, name="logout"),
            path("second-step/", self._password_step_view(self.second_step), name="second_step"),
            path(
                "second-step/recovery/",
                self._password_step_view(self.second_step),
                {"recovery": True},
                name="second_step_recovery",
            ),
            path("second-step/enrol/", self._password_step_view(self.enrol), name="enrol"),
            *(url for url in super().get_urls() if getattr(url, "name", None) != "logout"),
        ]

    def second_step(self, request, recovery=False):
        next_url = self._next_url(request)
        if services.passed_second_step(request):
            return HttpResponseRedirect(next_url)
        if not services.has_device(request.user):
            return self._redirect("admin:enrol", next_url)
        form = (RecoveryCodeForm if recovery else AppCodeForm)(request.POST or None)
        if request.method == "POST" and form.is_valid():
            wait = services.seconds_to_wait(services.devices(request.user, recovery=recovery))
            if services.is_locked_out(request):
                form.add_error(None, LOCKED_MESSAGE % {"minutes": services.lockout_minutes()})
            elif wait:
                form.add_error("code", wait_message(wait))
            elif services.check_code(request, form.cleaned_data["code"], recovery=recovery):
                return HttpResponseRedirect(next_url)
            else:
                form.add_error("code", "That code is not right, or has been used already.")
        return self._render(
            request,
            "admin/second_factor/second_step.html",
            {"title": "Two-step sign-in", "form": form, "next": next_url, "recovery": recovery},
        )

    def enrol(self, request):
        user = request.user
        next_url = self._next_url(request)
        if services.has_device(user) and not user.is_verified():
            # Replacing a device takes a code from it: the password alone is not enough.
            return self._redirect("admin:second_step", next_url)
        if request.method == "POST":
            device = services.pending_enrolment(user)
            if device is None:
                # Enrolment was started again elsewhere: this page's secret is gone.
                return self._redirect("admin:enrol", next_url)
        else:
            device = services.start_enrolment(user)
        form = AppCodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            wait = services.seconds_to_wait([device])
            codes = not wait and services.confirm_enrolment(
                request, device, form.cleaned_data["code"]
            )
            if codes:
                return self._render(
                    request,
                    "admin/second_factor/recovery_codes.html",
                    {"title": "Your recovery codes", "codes": codes, "next": next_url},
                )
            form.add_error(
                "code",
                wait_message(wait)
                if wait
                else "That code is not right. Check the app and try again.",
            )
        qr_code = segno.make(device.config_url, error="m")
        return self._render(
            request,
            "admin/second_factor/enrol.html",
            {
                "title": "Set up two-step sign-in",
                "form": form,
                "next": next_url,
                # An SVG image in a data: URL: drawn here, no inline markup, no other host.
                "qr_code_src": qr_code.svg_data_uri(scale=4, light="#fff"),
                "qr_code_size": qr_code.symbol_size(scale=4)[0],
                "secret": services.readable_secret(device),
            },
        )

    def _awaits_second_step(self, request):
        user = request.user
        return user.is_active and user.is_staff and not services.passed_second_step(request)

    def _second_step_for(self, user):
        return "admin:second_step" if services.has_device(user) else "admin:enrol"

    def _password_step_view(self, view):
        """A view for a staff session that has passed the password step."""

        def inner(request, *args, **kwargs):
            user = request.user
            if not (user.is_active and user.is_staff):
                return redirect_to_login(
                    request.get_full_path(), reverse("admin:login", current_app=self.name)
                )
            request.current_app = self.name
            return view(request, *args, **kwargs)

        return csrf_protect(never_cache(inner))

    def _next_url(self, request):
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return reverse("admin:index", current_app=self.name)

    def _redirect(self, view_name, next_url):
        url = reverse(view_name, current_app=self.name)
        return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}")

    def _render(self, request, template, context):
        return TemplateResponse(request, template, {**self.each_context(request), **context})
