"""End-to-end journeys in a real browser: a patient's request, the front desk's follow-up,
and a content edit that the public sees at once through the page cache (issue 6)."""

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest, RequestNote, StatusChange
from conditions.models import Condition
from tests.factories import TEST_PASSWORD, UserFactory
from tests.staff_sessions import authenticator, current_code

from .support import fill_request_form, log_in

pytestmark = pytest.mark.browser

CONDITION_PATH = "/conditions/upper-back-pain/"


def test_patient_requests_an_appointment_from_a_condition_page(page, demo_content, instant_form):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Conditions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conditions we treat")

    page.get_by_role("link", name="Upper Back Pain", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upper Back Pain")

    page.get_by_role("link", name="Schedule an appointment").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request an appointment")
    expect(page.get_by_label("What would you like help with?")).to_have_value("upper-back-pain")

    # A first try without a name: the form comes back with an error summary, focused.
    fill_request_form(page, full_name="")
    page.get_by_role("button", name="Send request").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter your name so we know who to ask for.")
    assert AppointmentRequest.objects.count() == 0
    # What the patient chose is kept.
    expect(page.get_by_label("What would you like help with?")).to_have_value("upper-back-pain")
    expect(page.get_by_label("Monday")).to_be_checked()

    page.get_by_role("textbox", name="Your full name").fill("Jordan Example")
    page.get_by_label("I agree that the clinic may contact me").check()
    page.get_by_role("button", name="Send request").click()

    expect(page).to_have_url("/appointments/thank-you/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your request")
    request = AppointmentRequest.objects.get()
    assert request.full_name == "Jordan Example"
    assert request.condition.slug == "upper-back-pain"
    assert request.source_page == CONDITION_PATH
    assert request.preferred_days == ["monday"]
    assert request.status == AppointmentRequest.Status.NEW


def test_front_desk_marks_a_request_contacted_and_adds_a_note(
    new_page, staff_groups, demo_content, instant_form
):
    patient = new_page()
    patient.goto(CONDITION_PATH)
    patient.get_by_role("link", name="Schedule an appointment").first.click()
    fill_request_form(patient, full_name="Jordan Example")
    patient.get_by_role("button", name="Send request").click()
    expect(patient).to_have_url("/appointments/thank-you/")
    request = AppointmentRequest.objects.get()

    front_desk = UserFactory(username="frontdesk", groups=["Front desk"])
    staff = new_page()
    log_in(staff, "frontdesk", TEST_PASSWORD, current_code(authenticator(front_desk)))
    # The index lists the model in a row of its app, which has the same name.
    staff.locator("#appointments-appointmentrequest").get_by_role("link").first.click()
    row = staff.locator("#result_list tbody tr").filter(has_text="Jordan Example")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Upper Back Pain")
    row.get_by_role("link", name="Jordan Example").click()

    expect(staff.get_by_role("heading", name="Internal notes")).to_be_visible()
    staff.locator("#id_status").select_option(label="Contacted")
    staff.locator("textarea[name='notes-0-text']").fill("Called back; booked for Tuesday.")
    staff.locator("input[name='_save']").first.click()
    expect(staff.locator(".messagelist")).to_contain_text("was changed successfully")

    request.refresh_from_db()
    assert request.status == AppointmentRequest.Status.CONTACTED
    change = StatusChange.objects.get(appointment_request=request)
    assert (change.from_status, change.to_status) == ("new", "contacted")
    assert change.changed_by == front_desk
    note = RequestNote.objects.get(appointment_request=request)
    assert note.text == "Called back; booked for Tuesday."
    assert note.author == front_desk


def test_a_content_edit_is_public_at_once_despite_the_page_cache(
    new_page, staff_groups, demo_content, live_server_page_cache
):
    new_summary = "Pain between the neck and the waist, often from posture or strain."
    condition = Condition.objects.get(slug="upper-back-pain")
    related_before = set(condition.related_conditions.values_list("pk", flat=True))

    # An anonymous visit stores the page; the next one is served from the cache.
    visitor = new_page()
    assert visitor.goto(CONDITION_PATH).headers.get("x-cache") == "miss"
    assert visitor.goto(CONDITION_PATH).headers.get("x-cache") == "hit"
    expect(visitor.locator("main .lead")).to_have_text(condition.summary)

    editor_account = UserFactory(username="editor", groups=["Content editors"])
    editor = new_page()
    log_in(editor, "editor", TEST_PASSWORD, current_code(authenticator(editor_account)))
    editor.locator("#conditions-condition").get_by_role("link", name="Conditions").click()
    editor.locator("#result_list").get_by_role("link", name="Upper Back Pain", exact=True).click()
    editor.locator("#id_summary_en").fill(new_summary)
    editor.locator("input[name='_save']").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")

    fresh = new_page()
    response = fresh.goto(CONDITION_PATH)
    expect(fresh.locator("main .lead")).to_have_text(new_summary)
    assert response.headers.get("x-cache") == "miss"
    # The admin form kept everything else, including the two-box related-conditions widget.
    condition.refresh_from_db()
    assert condition.summary == new_summary
    assert set(condition.related_conditions.values_list("pk", flat=True)) == related_before
