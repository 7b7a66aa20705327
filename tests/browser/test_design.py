"""The layout bugs of issue 19, measured in Chromium at phone and desktop widths."""

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest
from tests.factories import TEST_PASSWORD, AppointmentRequestFactory, UserFactory
from tests.staff_sessions import authenticator, current_code

from .support import log_in

CONDITION_PATH = "/conditions/upper-back-pain/"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}

pytestmark = pytest.mark.browser


def test_the_phone_header_is_under_120_px_with_name_call_and_request(new_page, demo_content):
    page = new_page(viewport=PHONE)
    page.goto("/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] < 120
    for link in (page.locator(".brand"), page.locator(".phone-link"), header.locator(".button")):
        expect(link).to_be_in_viewport()
    page.get_by_text("Menu").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Conditions")
    ).to_be_visible()


def test_the_condition_contents_stay_in_view_on_a_desktop(new_page, demo_content):
    page = new_page(viewport=DESKTOP)
    page.goto(CONDITION_PATH)
    contents = page.locator(".page-contents")
    expect(contents.get_by_role("link", name="Symptoms")).to_be_visible()
    page.mouse.wheel(0, 3000)
    page.wait_for_function("window.scrollY > 2000")
    box = contents.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"], box


def test_the_condition_contents_fold_on_a_phone(new_page, demo_content):
    page = new_page(viewport=PHONE)
    page.goto(CONDITION_PATH)
    link = page.locator(".page-contents").get_by_role("link", name="Symptoms")
    expect(link).to_be_hidden()
    page.get_by_text("On this page").click()
    expect(link).to_be_visible()


def test_the_review_byline_sits_under_the_title(page, demo_content):
    page.goto(CONDITION_PATH)
    byline = page.locator("h1 + .byline")
    expect(byline).to_contain_text("Medically reviewed by")
    expect(page.locator(".reviewed")).not_to_contain_text("Medically reviewed")


def test_one_call_to_action_on_a_condition_page(page, demo_content):
    page.goto(CONDITION_PATH)
    main = page.locator("main")
    expect(main.locator("a.button[href^='/appointments/']:not(.button-secondary)")).to_have_count(1)
    expect(page.locator(".cta, aside.notice")).to_have_count(1)


def test_card_titles_are_spaced_alike_at_every_heading_level(page, demo_content):
    page.goto(CONDITION_PATH)
    margin = "(el) => getComputedStyle(el).marginTop"
    assert page.locator(".card h4").first.evaluate(margin) == page.locator(
        ".card h3"
    ).first.evaluate(margin)


def test_error_summary_bullets_sit_on_the_first_line_of_their_item(new_page, demo_content):
    page = new_page(viewport={"width": 320, "height": 800})
    page.goto("/appointments/")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    items = page.locator(".error-summary li")
    assert items.count() > 1
    # The bullet sits on the baseline of the line that starts the item: a probe put
    # before the link shares that line; its top should match the link's first line.
    offsets = items.evaluate_all(
        """(items) => items.map((li) => {
            const link = li.querySelector("a");
            const probe = document.createElement("span");
            probe.textContent = "\\u200b";
            li.prepend(probe);
            const range = document.createRange();
            range.setStart(link.firstChild, 0);
            range.setEnd(link.firstChild, 1);
            const offset = Math.abs(probe.getBoundingClientRect().top - range.getClientRects()[0].top);
            probe.remove();
            return [link.getClientRects().length > 0 && link.offsetHeight > 40, offset];
        })"""
    )
    assert any(wrapped for wrapped, _ in offsets), "no item wraps at 320 px: the test shows nothing"
    assert all(offset < 4 for _, offset in offsets), offsets


@pytest.mark.parametrize(
    ("viewport", "columns"),
    [
        (DESKTOP, ("status", "assigned_to", "age", "duplicate_flag", "full_name")),
        (PHONE, ("status", "assigned_to", "age", "duplicate_flag")),
    ],
)
def test_the_request_list_shows_its_working_columns_on_screen(
    new_page, staff_groups, viewport, columns
):
    front_desk = UserFactory(username="frontdesk", groups=["Front desk"])
    # Long values, as real requests have: they widened the table past the screen.
    AppointmentRequestFactory(
        assigned_to=front_desk,
        status=AppointmentRequest.Status.CONTACTED,
        full_name="Alexandra Montgomery-Fitzgerald",
        email="alexandra.montgomery-fitzgerald@example-patients.org",
        preferred_contact="email",
    )
    page = new_page(viewport=viewport)
    log_in(page, "frontdesk", TEST_PASSWORD, current_code(authenticator(front_desk)))
    page.goto("/admin/appointments/appointmentrequest/")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    for column in columns:
        cell = page.locator(f"#result_list tbody td.field-{column}").first
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], column


def test_a_condition_page_prints_its_text_and_link_addresses_only(page, demo_content):
    page.goto(CONDITION_PATH)
    page.emulate_media(media="print")
    for part in (".site-menu", ".header-actions", ".page-contents", ".cta", "#footer-about"):
        expect(page.locator(part).first).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".reviewed")).to_be_visible()
    byline_link = page.locator(".byline a")
    after = byline_link.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert byline_link.get_attribute("href") in after, after
