"""The layout bugs of issue 19, measured in Chromium at phone and desktop widths."""

import pytest
from playwright.sync_api import expect

CONDITION_PATH = "/conditions/upper-back-pain/"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}

pytestmark = pytest.mark.browser


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


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("path", ["/conditions/", "/es/conditions/"])
def test_a_lone_card_keeps_a_cards_width(new_page, demo_content, width, path):
    """Issue 24.12: a body region with one condition shows a card as wide as those of a
    full row, not one stretched across the row."""
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(path)
    widths = page.locator("main .cards").evaluate_all(
        "(lists) => lists.map((list) => [...list.children].map((card) => card.offsetWidth))"
    )
    lone = [cards[0] for cards in widths if len(cards) == 1]
    full = max(widths, key=len)
    assert lone and len(full) >= 4, widths
    assert all(card == full[0] for card in lone), widths
    if width >= 1280:
        tops = (
            page.locator("main .cards")
            .nth(widths.index(full))
            .evaluate("(list) => [...list.children].map((card) => card.offsetTop)")
        )
        assert len(set(tops[:4])) == 1, "four cards to a row on a wide screen"
