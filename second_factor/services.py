"""The second sign-in step: who has passed it, checking codes, enrolling and resetting.

Devices are django-otp's: a TOTP device (an authenticator app, RFC 6238) and a static
device holding single-use recovery codes. django-otp's OTPMiddleware marks a session
verified once `django_otp.login()` has stored the device that accepted a code.
"""

import logging
import math
import re
from base64 import b32encode

import django_otp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.ratelimit import RateLimit, client_address

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
# Spaces and dashes people type between groups of digits or letters.
_SEPARATORS = re.compile(r"[\s-]+")


def normalize_code(code):
    return _SEPARATORS.sub("", code).lower()


def has_device(user):
    return django_otp.user_has_device(user)


def passed_second_step(request):
    """Whether this session may use the staff area as far as the second step goes.

    With STAFF_REQUIRE_2FA off (a laptop with DEBUG on), a staff member who has not
    enrolled may go on; one who has enrolled is always asked for a code.
    """
    user = request.user
    if user.is_verified():
        return True
    return not settings.STAFF_REQUIRE_2FA and not has_device(user)


def _throttles():
    config = settings.LOGIN_THROTTLE
    window = config["LOCKOUT_SECONDS"]
    return (
        RateLimit("second-step-user", config["PER_USER"], window),
        RateLimit("second-step-client", config["PER_CLIENT"], window),
    )


def lockout_minutes():
    return settings.LOGIN_THROTTLE["LOCKOUT_SECONDS"] // 60


def is_locked_out(request):
    per_user, per_client = _throttles()
    return per_user.is_exceeded(str(request.user.pk)) or per_client.is_exceeded(
        client_address(request)
    )


def devices(user, *, recovery):
    device_model = StaticDevice if recovery else TOTPDevice
    return list(device_model.objects.devices_for_user(user))


def seconds_to_wait(devices):
    """Seconds until django-otp's pause after a wrong code lets one of `devices` check a
    code again (0: now). During the pause a device refuses even the right code."""
    pauses = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed or "locked_until" not in (details or {}):
            return 0
        pauses.append(details["locked_until"])
    if not pauses:
        return 0
    return max(1, math.ceil((min(pauses) - timezone.now()).total_seconds()))


def mark_verified(request, device):
    """Mark the session verified by `device` under a new session key: the privilege
    changes, so a key seen before this step (fixed by an attacker, or read from a shared
    machine) must not carry it."""
    django_otp.login(request, device)
    request.session.cycle_key()


def check_code(request, code, *, recovery):
    """Verify a code from the staff member's app (or a recovery code) and mark the
    session verified. Failures count towards the same kind of lockout as passwords and
    are logged with the account's id only."""
    user = request.user
    per_user, per_client = _throttles()
    for device in devices(user, recovery=recovery):
        # verify_token locks the device row, so a code cannot be used twice at once.
        if django_otp.verify_token(user, device.persistent_id, normalize_code(code)):
            mark_verified(request, device)
            per_user.reset(str(user.pk))
            return True
    per_user.hit(str(user.pk))
    per_client.hit(client_address(request))
    logger.warning(
        "Second sign-in step failed",
        extra={"user_id": user.pk, "code_kind": "recovery" if recovery else "app"},
    )
    return False


def start_enrolment(user):
    """A new, unconfirmed authenticator device; any earlier unconfirmed one goes."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def pending_enrolment(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").last()


def readable_secret(device):
    """The device's secret as an authenticator app takes it by hand: base32, in fours."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_enrolment(request, device, code):
    """With a right code from the new device: confirm it, replace any earlier devices,
    mark the session verified and return new recovery codes (shown once). With a wrong
    code: None."""
    if not device.verify_token(normalize_code(code)):
        return None
    user = request.user
    reset(user, keep=device)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    mark_verified(request, device)
    logger.info("Second factor enrolled", extra={"user_id": user.pk})
    return codes


def reset(user, keep=None):
    """Remove a staff member's devices: at the next sign-in they enrol again."""
    for device in django_otp.devices_for_user(user, confirmed=None):
        if device != keep:
            device.delete()
