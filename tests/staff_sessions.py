"""Test-only ways through the second sign-in step.

A TOTP code is accepted once per 30-second step, so tests that sign in many times do
not type codes: `verified_login` stores in the session what `django_otp.login()` would.
Nothing here exists outside the tests.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .http_helpers import BrowserClient


def authenticator(user):
    """The user's authenticator app, as enrolment leaves it (made if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def current_code(device):
    """The code the staff member's app shows now (RFC 6238)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def mark_verified(client, user):
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()


def verified_login(client, user):
    """Sign `user` in past both steps, without typing a password or a code."""
    Client.force_login(client, user)
    mark_verified(client, user)


class VerifiedClient(BrowserClient):
    """The test client (posting as browsers do) whose force_login also passes the
    second step."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        mark_verified(self, user)
