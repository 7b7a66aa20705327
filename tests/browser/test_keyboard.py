"""The site works with a keyboard alone, and focus is always visible (issue 6)."""

import re

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest

from .support import focused, tab_to

pytestmark = pytest.mark.browser

# Pages whose every Tab stop is checked: the frame, cards, breadcrumbs, both forms.
TAB_WALK_PAGES = ["/", "/conditions/upper-back-pain/", "/appointments/", "/contact/", "/search/"]

# Each element's box-shadow before anything has focus, so that a shadow drawn only for
# focus can be told apart from one the element always has (the current page's nav tab).
REMEMBER_SHADOWS = """() => {
    window.unfocusedShadows = new Map(
        [...document.querySelectorAll("*")].map((el) => [el, getComputedStyle(el).boxShadow])
    );
    window.tabStops = new Set();
}"""
# The focused element's indicator; `done` once focus has left the page or come round again.
FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const done = el === document.body || window.tabStops.has(el);
    window.tabStops.add(el);
    return {
        done,
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none" && style.boxShadow !== window.unfocusedShadows.get(el),
    };
}"""


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, demo_content):
    for path in ("/", "/appointments/"):
        page.goto(path)
        page.keyboard.press("Tab")
        skip_link = page.get_by_role("link", name="Skip to main content")
        expect(skip_link).to_be_focused()
        expect(skip_link).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()
        # The next Tab continues inside the main content, not back in the header.
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_every_tab_stop_has_a_visible_focus_indicator(page, demo_content):
    failures = []
    for path in TAB_WALK_PAGES:
        page.goto(path)
        page.evaluate(REMEMBER_SHADOWS)
        stops = 0
        while stops < 200:
            page.keyboard.press("Tab")
            style = page.evaluate(FOCUS_STYLE)
            if style["done"]:
                break
            stops += 1
            if not (style["outline"] or style["shadow"]):
                failures.append(f"  {path}: {focused(page)}")
        assert stops > 10, f"only {stops} Tab stops on {path}"
    assert not failures, "Tab stops without a visible focus indicator:\n" + "\n".join(failures)


@pytest.mark.parametrize("path", ["/appointments/", "/contact/"])
def test_error_summary_has_focus_after_a_failed_submission(page, demo_content, path):
    page.goto(path)
    page.locator("main form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page).to_have_title(re.compile(r"^Error: "))


def test_appointment_form_can_be_completed_with_the_keyboard_alone(
    page, demo_content, instant_form
):
    page.goto("/appointments/")
    tab_to(page, "#id_full_name")
    page.keyboard.type("Robin Keyboard")
    page.keyboard.press("Tab")
    expect(page.locator("#id_phone")).to_be_focused()
    page.keyboard.type("555 010 0177")
    page.keyboard.press("Tab")
    expect(page.locator("#id_email")).to_be_focused()
    page.keyboard.type("robin@example.com")

    # "Phone call" is chosen already; Tab lands on it, and the arrow key moves to email.
    page.keyboard.press("Tab")
    expect(page.locator("#id_preferred_contact_0")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_preferred_contact_1")).to_be_checked()

    page.keyboard.press("Tab")  # Monday
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # Tuesday
    page.keyboard.press("Tab")  # Wednesday
    page.keyboard.press("Space")
    tab_to(page, "#id_preferred_times_1")  # Afternoon
    page.keyboard.press("Space")

    # No answer is chosen yet: Tab lands on the first, Space chooses it, arrows change it.
    page.keyboard.press("Tab")
    expect(page.locator("#id_patient_status_0")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_patient_status_1")).to_be_checked()

    page.keyboard.press("Tab")
    expect(page.locator("#id_condition")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first condition after "Not sure"
    page.keyboard.press("Tab")
    expect(page.locator("#id_preferred_location")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first location after "No preference"
    # Whether the patient pays themselves: optional, nothing chosen; Space answers "yes".
    page.keyboard.press("Tab")
    expect(page.locator("#id_self_pay_0")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("#id_message")).to_be_focused()
    page.keyboard.type("Please call after 3 pm.")

    # The spam trap is skipped; the consent box comes next. Leave it unticked and send.
    page.keyboard.press("Tab")
    expect(page.locator("#id_consent")).to_be_focused()
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Tick the box to agree")
    # The summary's link takes focus to the box that needs ticking.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_consent")).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your request")
    request = AppointmentRequest.objects.get()
    assert request.full_name == "Robin Keyboard"
    assert request.phone == "+1 555-010-0177"
    assert request.preferred_contact == "email"
    assert request.preferred_days == ["monday", "wednesday"]
    assert request.preferred_times == ["afternoon"]
    assert request.patient_status == "existing"
    assert request.preferred_location.slug == "springfield-downtown"
    assert request.condition is not None
    assert request.message == "Please call after 3 pm."
    assert request.self_pay is True
