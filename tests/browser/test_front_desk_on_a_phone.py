"""The front desk works from a phone (issue 24.10): at 320 and 375 px the request list
shows each request's name, waiting time, status and phone without sideways scrolling,
no column heading is broken inside a word, and one request can be worked (status, note,
save) on a page no wider than the screen; at 1280 px the list is a table of every column."""

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest, RequestNote
from tests.factories import TEST_PASSWORD, AppointmentRequestFactory, UserFactory
from tests.staff_sessions import authenticator, current_code

from .support import log_in

pytestmark = pytest.mark.browser

LIST = "/admin/appointments/appointmentrequest/"
PHONE_COLUMNS = ("full_name", "age", "status", "preferred_contact_detail")
DESKTOP_COLUMNS = (
    "number",
    "submitted_at",
    "age",
    "full_name",
    "preferred_contact_detail",
    "condition",
    "language",
    "status",
    "assigned_to",
    "duplicate_flag",
)

# Words of the visible column headings (and of the cells given) that the browser split
# across two lines: a word laid out on more than one line has more than one box.
BROKEN_WORDS = r"""(selectors) => {
    const broken = [];
    for (const cell of document.querySelectorAll(selectors)) {
        if (!cell.checkVisibility()) continue;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/[^\s\u00a0-]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map((box) => Math.round(box.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""
PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def front_desk(new_page, staff_groups):
    def sign_in(width):
        account = UserFactory(username=f"desk{width}", groups=["Front desk"])
        page = new_page(viewport={"width": width, "height": 800})
        log_in(page, account.username, TEST_PASSWORD, current_code(authenticator(account)))
        return page, account

    return sign_in


def long_request(assigned_to):
    """A request with the long values real ones have (they once widened the page)."""
    request = AppointmentRequestFactory(
        assigned_to=assigned_to,
        status=AppointmentRequest.Status.CONTACTED,
        full_name="Alexandra Montgomery-Fitzgerald",
        email="alexandra.montgomery-fitzgerald@example-patients.org",
        preferred_contact="email",
    )
    RequestNote.objects.create(
        appointment_request=request,
        author=assigned_to,
        text="Called at 10:15, no answer; left a voicemail asking her to call back about "
        "the Tuesday morning appointment at Springfield West.",
    )
    return request


def cells_on_screen(page, columns, width):
    outside = []
    for column in columns:
        for box in page.locator(f"#result_list tbody .field-{column}").evaluate_all(
            "(cells) => cells.map((cell) => cell.getBoundingClientRect().toJSON())"
        ):
            if not (box["width"] > 0 and box["x"] >= 0 and box["right"] <= width + 0.5):
                outside.append((column, box))
    return outside


@pytest.mark.parametrize("width", [320, 375])
def test_the_request_list_reads_on_a_phone(front_desk, width):
    page, account = front_desk(width)
    long_request(account)
    AppointmentRequestFactory(full_name="Sam Sample", preferred_contact="phone")
    page.goto(LIST)
    assert page.evaluate(PAGE_WIDTH) <= width
    assert cells_on_screen(page, PHONE_COLUMNS, width) == []
    # The phone column shows the phone of a patient who asked for a call.
    expect(page.locator("#result_list tbody .field-preferred_contact_detail").first).to_be_visible()
    headings = page.locator("#result_list thead th:visible")
    assert headings.count() >= len(PHONE_COLUMNS)
    broken = page.evaluate(
        BROKEN_WORDS,
        "#result_list thead th, #result_list .field-full_name, #result_list .field-age, "
        "#result_list .field-status",
    )
    assert broken == [], f"words broken across lines: {broken}"


def test_the_request_list_is_a_table_of_every_column_on_a_desktop(front_desk):
    page, account = front_desk(1280)
    long_request(account)
    page.goto(LIST)
    assert page.evaluate(PAGE_WIDTH) <= 1280
    assert cells_on_screen(page, DESKTOP_COLUMNS, 1280) == []
    assert page.evaluate(BROKEN_WORDS, "#result_list thead th") == []
    # One row per request.
    row = page.locator("#result_list tbody tr").first.bounding_box()
    name = page.locator("#result_list tbody .field-full_name").first.bounding_box()
    status = page.locator("#result_list tbody .field-status").first.bounding_box()
    assert row["y"] <= name["y"] and abs(name["y"] - status["y"]) < 2


@pytest.mark.parametrize("width", [320, 375])
def test_one_request_is_worked_on_a_phone(front_desk, width):
    page, account = front_desk(width)
    request = long_request(account)
    page.goto(LIST)
    page.locator("#result_list").get_by_role("link", name=request.full_name).click()
    expect(page.get_by_role("heading", name=f"Request #{request.pk}")).to_be_visible()
    assert page.evaluate(PAGE_WIDTH) <= width
    # Every part of the notes and the history is on screen, the earlier note included.
    for part in page.locator(".inline-group td:visible, .inline-group th:visible").all():
        box = part.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, part.inner_html()
    expect(page.get_by_text("left a voicemail asking her")).to_be_visible()

    page.get_by_label("Status:").select_option(label="Scheduled")
    note = page.locator("#notes-group textarea").first
    note.fill("Booked for Tuesday at 9:30.\nShe will bring her scans.")
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert page.evaluate(PAGE_WIDTH) <= width
    request.refresh_from_db()
    assert request.status == AppointmentRequest.Status.SCHEDULED
    assert request.notes.last().text.splitlines() == [
        "Booked for Tuesday at 9:30.",
        "She will bring her scans.",
    ]
