"""The header and the phone numbers as a visitor sees them, measured on the rendered page
at 320, 375 and 1280 px on every page type in English and Spanish (issue 24.6 and 24.7):
every phone number shows and can be tapped, and on a phone <main> starts at most 120 px
from the top of the page, the language link included."""

import pytest
from playwright.sync_api import expect

from tests.public_pages import in_both_languages

from .support import open_public_page

pytestmark = pytest.mark.browser

WIDTHS = [320, 375, 1280]
MAX_HEADER_PX = 120

# Every tel: link, with what a visitor sees of it: its box, whether it is shown, and its
# visible text (text drawn at a font size above zero).
PHONE_LINKS = """() => [...document.querySelectorAll("a[href^='tel:']")].map((link) => {
    const box = link.getBoundingClientRect();
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    let visible = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (parseFloat(getComputedStyle(node.parentElement).fontSize) > 0) visible += node.data;
    }
    return {
        href: link.getAttribute("href"),
        shown: link.checkVisibility({visibilityProperty: true, opacityProperty: true}),
        width: box.width,
        height: box.height,
        left: box.left + window.scrollX,
        right: box.right + window.scrollX,
        visible: visible.trim(),
        html: link.outerHTML.slice(0, 120),
    };
})"""

# The header's parts a visitor needs: each box, for checking that none covers another.
HEADER_PARTS = """() => {
    const brandText = document.createRange();
    brandText.selectNodeContents(document.querySelector(".brand"));
    const boxes = {
        name: brandText.getBoundingClientRect(),
        language: document.querySelector(".language-switch a")?.getBoundingClientRect(),
        call: document.querySelector(".site-header .phone-link").getBoundingClientRect(),
        request: document.querySelector(".header-actions .button").getBoundingClientRect(),
        menu: document.querySelector(".site-menu summary").getBoundingClientRect(),
    };
    return Object.fromEntries(Object.entries(boxes)
        .filter(([, box]) => box && box.width > 0 && box.height > 0)
        .map(([name, box]) => [name, [box.left, box.top, box.right, box.bottom]]));
}"""


def digits(text):
    return "".join(char for char in text if char.isdigit())


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def width(request):
    return request.param


def test_every_phone_number_shows_and_can_be_tapped(new_page, demo_content, width):
    page = new_page(viewport={"width": width, "height": 800})
    failures = []
    for public_page in in_both_languages():
        open_public_page(page, public_page)
        links = page.evaluate(PHONE_LINKS)
        shown_numbers = {digits(link["visible"]) for link in links}
        for link in links:
            number = digits(link["href"])
            if not (link["shown"] and link["width"] > 0 and link["height"] > 0):
                failures.append(f"{public_page.name}: hidden {link['html']}")
            elif link["left"] < 0 or link["right"] > width + 0.5:
                failures.append(f"{public_page.name}: off the screen {link['html']}")
            elif not link["visible"]:
                failures.append(f"{public_page.name}: nothing to read in {link['html']}")
            # A "Call" link shows its number elsewhere on the page (the footer's).
            elif number not in shown_numbers:
                failures.append(f"{public_page.name}: {number} never written out")
        if not links:
            failures.append(f"{public_page.name}: no phone number at all")
    assert not failures, "phone numbers a visitor cannot see or tap:\n" + "\n".join(failures)


def test_the_contact_page_writes_the_number_out_on_its_first_screen(new_page, demo_content):
    page = new_page(viewport={"width": 320, "height": 640})
    for path in ("/contact/", "/es/contact/"):
        page.goto(path)
        call = page.locator("main").locator("a[href^='tel:']").first
        expect(call).to_be_in_viewport(ratio=1)
        assert digits(call.inner_text()) == digits(call.get_attribute("href"))


@pytest.mark.parametrize("width", [375, 1280], ids=lambda width: f"{width}px")
def test_main_starts_at_most_120_px_from_the_top(new_page, demo_content, width):
    page = new_page(viewport={"width": width, "height": 800})
    too_tall = []
    for public_page in in_both_languages():
        open_public_page(page, public_page)
        expect(page.locator(".site-menu")).not_to_have_attribute("open", "")
        top = page.evaluate("document.querySelector('main').getBoundingClientRect().top + scrollY")
        if top > MAX_HEADER_PX:
            too_tall.append(f"  {public_page.name}: {top:.0f} px")
    assert not too_tall, f"<main> starts below {MAX_HEADER_PX} px:\n" + "\n".join(too_tall)


@pytest.mark.parametrize("path", ["/", "/es/", "/contact/", "/es/conditions/neck-pain/"])
def test_the_header_parts_are_on_screen_and_none_covers_another(
    new_page, demo_content, width, path
):
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(path)
    parts = page.evaluate(HEADER_PARTS)
    expected = {"name", "language", "call", "request"} | ({"menu"} if width < 768 else set())
    assert set(parts) == expected, parts
    for name, (left, top, right, _) in parts.items():
        assert left >= 0 and right <= width and top >= 0, (name, parts[name])
    names = sorted(parts)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            a, b = parts[first], parts[second]
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, f"{first} {a} overlaps {second} {b}"
    # The closed menu opens and shows the site's sections.
    if width < 768:
        page.locator(".site-menu summary").click()
    expect(page.locator(".site-nav").get_by_role("link").first).to_be_visible()
