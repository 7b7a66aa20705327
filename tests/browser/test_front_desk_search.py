"""The front desk searches the request list as staff type in it (issue 24, item 8): the
last digits of a phone number, a name without its accent, in Chromium's search box."""

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, AppointmentRequestFactory, UserFactory
from tests.staff_sessions import authenticator, current_code

from .support import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("typed", ["555 0142", "lopez"])
def test_staff_find_a_request_by_what_they_type(new_page, staff_groups, typed):
    AppointmentRequestFactory(full_name="María López", phone="+1 217-555-0142")
    AppointmentRequestFactory(full_name="Other Patient", phone="+1 217-555-0199")
    front_desk = UserFactory(username="frontdesk", groups=["Front desk"])
    page = new_page()
    log_in(page, "frontdesk", TEST_PASSWORD, current_code(authenticator(front_desk)))
    page.goto("/admin/appointments/appointmentrequest/")
    page.locator("#searchbar").fill(typed)
    page.locator("#changelist-search input[type='submit']").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("María López")
