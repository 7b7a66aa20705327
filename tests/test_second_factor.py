"""Staff sign in with a password and then a code from an authenticator app (issue 13)."""

import logging
import re
from base64 import b32decode

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import TEST_PASSWORD
from .staff_sessions import authenticator, current_code, verified_login
from .test_settings import run_django

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
SECOND_STEP = "/admin/second-step/"
RECOVERY = "/admin/second-step/recovery/"
ENROL = "/admin/second-step/enrol/"


def sign_in_with_password(client, username, **extra):
    return client.post(
        f"{LOGIN}?next=/admin/",
        {"username": username, "password": TEST_PASSWORD, "next": "/admin/"},
        **extra,
    )


def send_code(client, code, url=SECOND_STEP, **extra):
    return client.post(f"{url}?next=/admin/", {"code": code, "next": "/admin/"}, **extra)


def test_signing_in_takes_the_password_then_a_code_from_the_app(front_desk_user):
    device = authenticator(front_desk_user)
    client = Client()
    response = sign_in_with_password(client, "frontdesk")
    assert response.status_code == 302
    assert response["Location"] == f"{SECOND_STEP}?next=%2Fadmin%2F"
    # The password alone opens nothing.
    assert client.get("/admin/").status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert "appointmentrequest" not in page

    response = send_code(client, current_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "What needs doing" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("url", [SECOND_STEP, RECOVERY, ENROL])
def test_passing_the_second_step_gives_the_session_a_new_key(front_desk_user, editor, url):
    """A key known before the step (fixed by an attacker, seen on a shared machine)
    must not carry the staff area's access after it (issue 26.7)."""
    client = Client()
    if url == ENROL:
        sign_in_with_password(client, "editor")
        code, _ = code_from_enrolment_page(client.get(ENROL).content.decode())
    elif url == RECOVERY:
        authenticator(front_desk_user)
        recovery = StaticDevice.objects.create(user=front_desk_user, name="Recovery codes")
        recovery.token_set.create(token="abcd2345")
        sign_in_with_password(client, "frontdesk")
        code = "abcd2345"
    else:
        sign_in_with_password(client, "frontdesk")
        code = current_code(authenticator(front_desk_user))
    before = client.cookies["sessionid"].value
    response = send_code(client, code, url=url)
    assert response.status_code in (200, 302)
    after = client.cookies["sessionid"].value
    assert after != before
    # The old key opens nothing; the new one opens the staff area.
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_way_back_to_the_admin_goes_through_the_second_step(front_desk_user):
    authenticator(front_desk_user)
    client = Client()
    sign_in_with_password(client, "frontdesk")
    response = client.get("/admin/appointments/appointmentrequest/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response["Location"] == (
        f"{SECOND_STEP}?next=%2Fadmin%2Fappointments%2Fappointmentrequest%2F"
    )


def test_a_code_from_the_app_is_accepted_once(front_desk_user):
    device = authenticator(front_desk_user)
    code = current_code(device)
    first = Client()
    sign_in_with_password(first, "frontdesk")
    assert send_code(first, code).status_code == 302
    second = Client()
    sign_in_with_password(second, "frontdesk")
    response = send_code(second, code)
    assert response.status_code == 200
    assert "That code is not right, or has been used already." in response.content.decode()
    assert second.get("/admin/").status_code == 302


def test_a_code_typed_with_a_space_is_accepted(front_desk_user):
    code = current_code(authenticator(front_desk_user))
    client = Client()
    sign_in_with_password(client, "frontdesk")
    assert send_code(client, f" {code[:3]} {code[3:]} ").status_code == 302


@pytest.mark.parametrize("code", ["000000x", "", "1" * 12, "' OR 1=1 --", "١٢٣٤٥٦"])
def test_a_wrong_code_is_refused_and_logged_by_account_id_only(front_desk_user, caplog, code):
    device = authenticator(front_desk_user)
    client = Client()
    sign_in_with_password(client, "frontdesk", REMOTE_ADDR="192.0.2.77")
    with caplog.at_level(logging.WARNING, logger="second_factor"):
        response = send_code(client, code, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
    records = [r for r in caplog.records if r.name.startswith("second_factor")]
    if code.strip():
        (record,) = [r for r in records if r.msg == "Second sign-in step failed"]
        assert record.user_id == front_desk_user.pk
        logged = repr(vars(record))
        assert "frontdesk" not in logged and "192.0.2.77" not in logged
        assert code not in logged and device.key not in logged
    else:
        assert not records  # an empty form is simply shown again


def test_the_second_step_locks_out_the_account_after_repeated_wrong_codes(
    front_desk_user, settings
):
    # django-otp's own per-device back-off off, to show the site's lockout alone.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = authenticator(front_desk_user)
    client = Client()
    sign_in_with_password(client, "frontdesk")
    for attempt in range(settings.LOGIN_THROTTLE["PER_USER"]):
        send_code(client, "000000", REMOTE_ADDR=f"10.0.0.{attempt}")
    # Even the right code is refused while locked, from any address and session.
    other = Client()
    sign_in_with_password(other, "frontdesk", REMOTE_ADDR="10.9.9.9")
    response = send_code(other, current_code(device), REMOTE_ADDR="10.9.9.9")
    assert "Too many wrong codes" in response.content.decode()
    assert other.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.last_t == -1  # the code was not even checked


def test_the_second_step_locks_out_a_client_address(front_desk_user, editor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.LOGIN_THROTTLE = {**settings.LOGIN_THROTTLE, "PER_CLIENT": 3}
    guesser = Client()
    authenticator(front_desk_user)
    sign_in_with_password(guesser, "frontdesk", REMOTE_ADDR="192.0.2.60")
    for _ in range(3):
        send_code(guesser, "000000", REMOTE_ADDR="192.0.2.60")
    code = current_code(authenticator(editor))
    colleague = Client()
    sign_in_with_password(colleague, "editor", REMOTE_ADDR="192.0.2.60")
    response = send_code(colleague, code, REMOTE_ADDR="192.0.2.60")
    assert "Too many wrong codes" in response.content.decode()
    assert send_code(colleague, code, REMOTE_ADDR="192.0.2.61").status_code == 302


def test_a_right_code_clears_the_account_count(front_desk_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = authenticator(front_desk_user)
    client = Client()
    sign_in_with_password(client, "frontdesk")
    for _ in range(settings.LOGIN_THROTTLE["PER_USER"] - 1):
        send_code(client, "000000")
    assert send_code(client, current_code(device)).status_code == 302
    client.logout()
    device.last_t = -1  # as if the next 30-second step had come
    device.save()
    sign_in_with_password(client, "frontdesk")
    for _ in range(settings.LOGIN_THROTTLE["PER_USER"] - 1):
        send_code(client, "000000")
    assert send_code(client, current_code(device)).status_code == 302


def test_a_right_code_during_the_pause_after_a_wrong_one_is_told_to_wait(front_desk_user, settings):
    # django-otp pauses the device after a wrong code (here a minute, to read it).
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator(front_desk_user)
    client = Client()
    sign_in_with_password(client, "frontdesk")
    assert "That code is not right" in send_code(client, "000000").content.decode()
    code = current_code(device)
    page = send_code(client, code).content.decode()
    assert "That code is not right" not in page
    wait = re.search(r"Too soon after a wrong code: please wait (\d+) seconds and try again", page)
    assert wait and 50 <= int(wait[1]) <= 60, page
    assert "This code was not checked." in page
    device.refresh_from_db()
    assert device.last_t == -1 and device.throttling_failure_count == 1
    # Once the pause is over, the same code is accepted: it was right all along.
    device.throttle_reset()
    assert send_code(client, code).status_code == 302


# Every admin URL ------------------------------------------------------------------------

OPEN_BEFORE_THE_SECOND_STEP = {"login", "logout", "second_step", "second_step_recovery", "enrol"}
SAMPLE_ARGUMENTS = {
    "id": "1",
    "object_id": "1",
    "revision_id": "1",
    "content_type_id": "1",
    "app_label": "auth",
    "url": "x",
}


def admin_url_patterns(patterns):
    """(name, argument names) of every URL pattern of the admin site, nested ones included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_url_patterns(pattern.url_patterns)
        else:
            assert isinstance(pattern, URLPattern)
            yield pattern.name, pattern.pattern.regex.groupindex


def every_admin_url():
    urls = []
    for name, groups in admin_url_patterns(admin.site.get_urls()):
        if name in OPEN_BEFORE_THE_SECOND_STEP:
            continue
        kwargs = {group: SAMPLE_ARGUMENTS[group] for group in groups}
        if name is None:  # the catch-all view
            urls.append("/admin/" + SAMPLE_ARGUMENTS["url"])
        else:
            urls.append(reverse(f"admin:{name}", kwargs=kwargs))
    return urls


def test_the_url_list_covers_the_admin():
    urls = every_admin_url()
    for expected in (
        "/admin/",
        "/admin/autocomplete/",
        "/admin/jsi18n/",
        "/admin/r/1/1/",
        "/admin/password_change/",
        "/admin/auth/user/1/change/",
        "/admin/auth/user/1/password/",
        "/admin/appointments/accesslog/",
        "/admin/conditions/condition/1/preview/",
        "/admin/auth/",
    ):
        assert expected in urls


@pytest.mark.parametrize("enrolled", [True, False], ids=["enrolled", "not-enrolled"])
def test_every_admin_url_refuses_a_session_that_has_not_passed_the_second_step(superuser, enrolled):
    if enrolled:
        authenticator(superuser)
    client = Client()
    client.force_login(superuser)
    for url in every_admin_url():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (method.__name__, url, response.status_code)
            assert response["Location"].startswith(f"{LOGIN}?next="), url
    # The sign-in page sends it on to the step it still has to take.
    step = SECOND_STEP if enrolled else ENROL
    assert client.get(f"{LOGIN}?next=/admin/")["Location"] == f"{step}?next=%2Fadmin%2F"


def test_signing_out_works_half_way_through_signing_in(front_desk_user):
    client = Client()
    sign_in_with_password(client, "frontdesk")
    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_second_step_pages_need_the_password_step_first():
    client = Client()
    for url in (SECOND_STEP, RECOVERY, ENROL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), url


def test_the_second_step_does_not_redirect_to_another_site(front_desk_user):
    device = authenticator(front_desk_user)
    client = Client()
    sign_in_with_password(client, "frontdesk")
    response = client.post(SECOND_STEP, {"code": current_code(device), "next": "//evil.example/"})
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize(
    "refused", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"]
)
def test_a_refused_next_at_sign_in_leads_to_the_staff_area(front_desk_user, refused):
    """Issue 26.18: it led to /accounts/profile/, a 404."""
    device = authenticator(front_desk_user)
    client = Client()
    response = client.post(
        f"{LOGIN}?next={refused}",
        {"username": "frontdesk", "password": TEST_PASSWORD, "next": refused},
    )
    assert response["Location"] == f"{SECOND_STEP}?next=%2Fadmin%2F"
    response = send_code(client, current_code(device), url=response["Location"])
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


# Enrolment ------------------------------------------------------------------------------


def code_from_enrolment_page(html):
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html)[1]
    return f"{totp(b32decode(secret.replace(' ', '')), step=30):06d}", secret


def test_staff_without_a_device_are_sent_to_enrolment_and_see_nothing_else(editor):
    client = Client()
    response = sign_in_with_password(client, "editor")
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Set up two-step sign-in" in page
    assert 'href="/admin/conditions/' not in page and 'id="nav-sidebar"' not in page


def test_enrolment_shows_a_qr_code_and_the_key_once_then_gives_ten_recovery_codes(editor):
    client = Client()
    sign_in_with_password(client, "editor")
    page = client.get(ENROL).content.decode()
    # The QR code is an SVG image drawn here, in a data: URL the CSP allows.
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml;[^"]+" width="\d+"', page)
    ours = page[page.index('id="content-main"') :]
    assert "style=" not in ours and "<script" not in ours
    assert not re.search(r'(src|href)="(https?:)?//', ours)
    code, secret = code_from_enrolment_page(page)
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed

    response = send_code(client, code, url=ENROL)
    assert response.status_code == 200
    page = response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(set(codes)) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    device.refresh_from_db()
    assert device.confirmed
    # The session passed the second step; the key is never shown again.
    assert "What needs doing" in client.get("/admin/").content.decode()
    assert secret not in client.get(ENROL).content.decode()


def test_a_wrong_code_at_enrolment_keeps_the_same_key_to_try_again(editor):
    client = Client()
    sign_in_with_password(client, "editor")
    _, secret = code_from_enrolment_page(client.get(ENROL).content.decode())
    response = send_code(client, "000000", url=ENROL)
    assert "That code is not right." in response.content.decode()
    assert secret in response.content.decode()
    assert not TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_cannot_replace_a_device(front_desk_user):
    device = authenticator(front_desk_user)
    client = Client()
    sign_in_with_password(client, "frontdesk")
    response = client.get(ENROL)
    assert response["Location"].startswith(SECOND_STEP)
    assert list(TOTPDevice.objects.filter(user=front_desk_user)) == [device]


def test_a_signed_in_staff_member_can_move_to_a_new_phone(client, front_desk_user):
    client.force_login(front_desk_user)
    old = authenticator(front_desk_user)
    code, _ = code_from_enrolment_page(client.get(ENROL).content.decode())
    assert send_code(client, code, url=ENROL).status_code == 200
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.get(user=front_desk_user).confirmed


# Recovery codes -------------------------------------------------------------------------


def test_a_recovery_code_works_once(front_desk_user):
    authenticator(front_desk_user)
    recovery = StaticDevice.objects.create(user=front_desk_user, name="Recovery codes")
    recovery.token_set.create(token="abcd2345")
    recovery.token_set.create(token="wxyz6723")
    client = Client()
    sign_in_with_password(client, "frontdesk")
    page = client.get(f"{RECOVERY}?next=/admin/").content.decode()
    assert 'inputmode="numeric"' not in page
    assert send_code(client, "ABCD 2345", url=RECOVERY).status_code == 302
    assert client.get("/admin/").status_code == 200

    again = Client()
    sign_in_with_password(again, "frontdesk")
    response = send_code(again, "abcd2345", url=RECOVERY)
    assert "That code is not right, or has been used already." in response.content.decode()
    assert list(recovery.token_set.values_list("token", flat=True)) == ["wxyz6723"]


def test_an_app_code_is_not_taken_as_a_recovery_code(front_desk_user):
    device = authenticator(front_desk_user)
    StaticDevice.objects.create(user=front_desk_user, name="Recovery codes")
    client = Client()
    sign_in_with_password(client, "frontdesk")
    assert send_code(client, current_code(device), url=RECOVERY).status_code == 200


# Reset by a superuser -------------------------------------------------------------------


def reset(client, *users):
    return client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [user.pk for user in users]},
    )


def test_a_superuser_resets_a_colleagues_second_factor(client, superuser, front_desk_user):
    colleague = Client()
    verified_login(colleague, front_desk_user)
    StaticDevice.objects.create(user=front_desk_user, name="Recovery codes")
    assert colleague.get("/admin/").status_code == 200

    client.force_login(superuser)
    users = client.get("/admin/auth/user/").content.decode()
    assert "Reset two-step sign-in" in users and "Two-step sign-in" in users
    assert reset(client, front_desk_user).status_code == 302
    assert not TOTPDevice.objects.filter(user=front_desk_user).exists()
    assert not StaticDevice.objects.filter(user=front_desk_user).exists()
    assert LogEntry.objects.get(object_id=str(front_desk_user.pk)).change_message == (
        "Reset two-step sign-in."
    )
    # At once, the colleague's session is sent to enrol again.
    response = colleague.get("/admin/")
    assert response.status_code == 302
    assert colleague.get(response["Location"])["Location"].startswith(ENROL)


def test_only_superusers_can_reset_a_second_factor(client, front_desk_user, editor):
    front_desk_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    device = authenticator(editor)
    client.force_login(front_desk_user)
    assert "reset_second_factor" not in client.get("/admin/auth/user/").content.decode()
    reset(client, editor)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_device_admins_that_would_show_secrets_are_not_on_the_site():
    assert TOTPDevice not in admin.site._registry and StaticDevice not in admin.site._registry


# Without STAFF_REQUIRE_2FA (a first look with DEBUG on) ---------------------------------


def test_without_the_requirement_staff_without_a_device_go_straight_in(settings, editor):
    settings.STAFF_REQUIRE_2FA = False
    client = Client()
    sign_in_with_password(client, "editor")
    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_an_enrolled_account_still_takes_the_second_step(
    settings, front_desk_user
):
    settings.STAFF_REQUIRE_2FA = False
    authenticator(front_desk_user)
    client = Client()
    sign_in_with_password(client, "frontdesk")
    assert client.get("/admin/").status_code == 302


def test_the_second_factor_is_required_unless_debug_is_on():
    code = "import django; django.setup(); from django.conf import settings; print(settings.STAFF_REQUIRE_2FA)"
    assert run_django(code, SECRET_KEY="x" * 50).stdout.strip() == "True"
    assert run_django(code, DEBUG="on").stdout.strip() == "False"
    assert run_django(code, DEBUG="on", STAFF_REQUIRE_2FA="on").stdout.strip() == "True"


def test_a_signed_in_staff_member_finds_the_way_to_a_new_phone(client, editor):
    client.force_login(editor)
    assert 'href="/admin/second-step/enrol/">Two-step sign-in</a>' in (
        client.get("/admin/").content.decode()
    )
