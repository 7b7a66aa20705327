"""On phones: no sideways scrolling, and every tap target is at least 24 by 24 CSS pixels
(WCAG 2.2's 2.5.8 Target Size (Minimum)), on every public page (issue 6)."""

import pytest

from tests.public_pages import PUBLIC_PAGES

from .support import open_public_page

pytestmark = pytest.mark.browser

PHONE_WIDTHS = [320, 375]
MIN_TARGET_PX = 24

OVERFLOWING = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    culprits: [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((element) => element.outerHTML.slice(0, 120)),
})"""

# Every visible link, button, form control, and label of a checkbox or radio button that is
# smaller than 24 x 24, except links in running text.
#
# WCAG 2.5.8 exempts a target that is "in a sentence or its size is otherwise constrained
# by the line-height of non-target text": a link in the middle of a paragraph cannot grow
# without breaking the text around it. So a link is exempt only when it is laid out inline
# (display: inline) in a paragraph or list item (its nearest block container is a <p> or
# <li>) that has words of its own outside links. A link alone in its paragraph or list item
# (a list of links, a phone number on its own line) is not in a sentence, and must be
# large enough itself; so must inline-block links such as buttons and breadcrumbs.
SMALL_TARGETS = r"""(minimum) => {
    const isShown = (element) => {
        if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) {
            return false;
        }
        const box = element.getBoundingClientRect();
        // Out of sight (the skip link until it has focus, the hidden spam trap).
        return box.width > 0 && box.height > 0
            && box.right + window.scrollX > 0 && box.bottom + window.scrollY > 0;
    };
    const isInRunningText = (link) => {
        if (getComputedStyle(link).display !== "inline") return false;
        let block = link.parentElement;
        while (block && ["inline", "contents"].includes(getComputedStyle(block).display)) {
            block = block.parentElement;
        }
        if (!block || !["P", "LI"].includes(block.tagName)) return false;
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        let ownWords = "";
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const inLink = node.parentElement.closest("a");
            if (!inLink || !block.contains(inLink)) ownWords += node.data;
        }
        return /[\p{L}\p{N}]/u.test(ownWords);
    };
    const targets = [...document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, label"
    )].filter((element) =>
        element.tagName !== "LABEL" || ["checkbox", "radio"].includes(element.control?.type)
    );
    return targets
        .filter(isShown)
        .filter((element) => !(element.tagName === "A" && isInRunningText(element)))
        .map((element) => [element, element.getBoundingClientRect()])
        .filter(([, box]) => box.width < minimum || box.height < minimum)
        .map(([element, box]) => {
            const text = (element.innerText || element.name || "").trim().slice(0, 50);
            const size = `${box.width.toFixed(1)} x ${box.height.toFixed(1)}`;
            return `<${element.tagName.toLowerCase()}> "${text}" is ${size}`;
        });
}"""


@pytest.fixture(params=PHONE_WIDTHS, ids=lambda width: f"{width}px")
def phone_page(request, new_page):
    return new_page(viewport={"width": request.param, "height": 800})


def test_no_page_scrolls_sideways_on_a_phone(phone_page, demo_content):
    failures = []
    for public_page in PUBLIC_PAGES:
        open_public_page(phone_page, public_page)
        layout = phone_page.evaluate(OVERFLOWING)
        if layout["scrollWidth"] > layout["innerWidth"]:
            failures.append(
                f"  {public_page.name}: {layout['scrollWidth']} px wide in a "
                f"{layout['innerWidth']} px window; first too wide: {layout['culprits']}"
            )
    assert not failures, "pages scroll sideways:\n" + "\n".join(failures)


def test_tap_targets_are_at_least_24_px_on_a_phone(phone_page, demo_content):
    failures = []
    for public_page in PUBLIC_PAGES:
        open_public_page(phone_page, public_page)
        small = phone_page.evaluate(SMALL_TARGETS, MIN_TARGET_PX)
        if small:
            failures.append(f"  {public_page.name}:\n" + "\n".join(f"    {s}" for s in small))
    assert not failures, "tap targets smaller than 24 x 24 px:\n" + "\n".join(failures)
