"""What the browser tests and the screenshot script share: where Chromium and axe-core
are, how to start Chromium, and helpers that act as a visitor or a staff member would.
No Django imports here: the screenshot script runs without Django set up."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# Debian's Chromium: Playwright drives it and never downloads a browser of its own.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# axe-core, installed from package-lock.json (`npm ci`, run by `make test`).
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
TIMEOUT_MS = 10_000


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def open_public_page(page, public_page):
    """Go to a page of tests.public_pages as a visitor would; return the last response."""
    response = page.goto(public_page.path)
    if public_page.submit_empty_form:
        with page.expect_navigation() as navigation:
            page.locator("main form[method=post] button[type=submit]").click()
        response = navigation.value
    assert response.status == public_page.status, (
        f"{public_page.name} ({public_page.path}) answered {response.status}"
    )
    return response


def log_in(page, username, password, code):
    """Sign in to the staff area through its real login form, then its second step with
    `code` (what the staff member's authenticator app shows now)."""
    page.goto("/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    page.get_by_role("textbox", name="Code from your authenticator app").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="What needs doing").is_visible(), page.url


def fill_request_form(page, *, full_name="Jordan Example"):
    """Fill the appointment request form (already open) as a patient would, except the name
    when `full_name` is empty, and leave the condition as it is."""
    if full_name:
        page.get_by_role("textbox", name="Your full name").fill(full_name)
    page.get_by_role("textbox", name="Phone number").fill("(555) 010-0199")
    page.get_by_role("textbox", name="Email address").fill("jordan@example.com")
    page.get_by_label("Monday").check()
    page.get_by_label("Morning").check()
    page.get_by_label("I am a new patient").check()
    page.get_by_role("textbox", name="Message").fill(
        "Aching between the shoulder blades for two months."
    )
    page.get_by_label("I agree that the clinic may contact me").check()


def focused(page):
    """A description of the focused element: tag, id, classes and start of its text."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "body";
            const id = el.id ? "#" + el.id : "";
            const classes = [...el.classList].map((name) => "." + name).join("");
            const text = (el.innerText || el.value || "").trim().slice(0, 40);
            return `${el.tagName.toLowerCase()}${id}${classes} "${text}"`;
        }"""
    )


def tab_to(page, selector, max_presses=60):
    """Press Tab until the focused element matches `selector`; return the stops passed."""
    passed = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return passed
        passed.append(focused(page))
    raise AssertionError(f"{max_presses} presses of Tab never reached {selector}: {passed}")
