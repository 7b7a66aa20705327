"""A new staff member sets up two-step sign-in in a real browser, under the site's CSP,
and the sign-in pages pass axe-core (issue 13)."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, UserFactory
from tests.staff_sessions import authenticator

from .support import AXE_SCRIPT, WCAG_TAGS
from .test_accessibility import RUN_AXE, describe

pytestmark = pytest.mark.browser


def assert_accessible(page):
    page.add_script_tag(content=AXE_SCRIPT.read_text())
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, page.url + "\n" + "\n".join(describe(v) for v in violations)


def test_a_new_staff_member_enrols_and_keeps_recovery_codes(new_page, staff_groups):
    UserFactory(username="newcomer", groups=["Front desk"])
    # The CSP holds in this page: a blocked style or script would be reported here.
    page = new_page()
    csp_violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and csp_violations.append(m))
    page.goto("/admin/")
    page.locator("#id_username").fill("newcomer")
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    qr_code = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("(img) => img.naturalWidth") > 100  # the SVG drew
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret)):06d}"
    page.get_by_role("textbox", name="Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Turn on two-step sign-in").click()

    expect(page.get_by_text("Two-step sign-in is on.")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Continue to the staff area").click()
    expect(page.get_by_role("heading", name="What needs doing")).to_be_visible()
    assert not csp_violations, [m.text for m in csp_violations]


def sign_in_with_password(page, username):
    page.goto("/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_second_step_pages_have_no_wcag_violations(axe_page, staff_groups):
    authenticator(UserFactory(username="enrolled", groups=["Front desk"]))
    sign_in_with_password(axe_page, "enrolled")
    expect(axe_page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    assert_accessible(axe_page)
    axe_page.get_by_role("link", name="No phone to hand? Use a recovery code").click()
    axe_page.get_by_role("textbox", name="Recovery code").fill("wrong")
    axe_page.get_by_role("button", name="Continue").click()
    expect(axe_page.get_by_text("That code is not right")).to_be_visible()
    assert_accessible(axe_page)


def test_the_enrolment_page_has_no_wcag_violations(axe_page, staff_groups):
    UserFactory(username="newcomer", groups=["Front desk"])
    sign_in_with_password(axe_page, "newcomer")
    expect(axe_page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    assert_accessible(axe_page)
    axe_page.get_by_role("textbox", name="Code from your authenticator app").fill("000000")
    axe_page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(axe_page.get_by_text("That code is not right.")).to_be_visible()
    assert_accessible(axe_page)
