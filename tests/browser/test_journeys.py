"""End-to-end journeys in a real browser: a patient's request, the front desk's follow-up,
and a content edit that a clinician approves, which the public then sees at once through
the page cache (issues 6 and 18)."""

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest, RequestNote, StatusChange
from conditions.models import Condition
from tests.factories import TEST_PASSWORD, ClinicianFactory, UserFactory
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

    page.locator("main").get_by_role("link", name="Request an appointment").click()
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


def test_patient_goes_from_a_condition_to_a_clinician_a_location_and_the_form(
    page, demo_content, instant_form
):
    heading = page.get_by_role("heading", level=1)
    page.goto(CONDITION_PATH)
    expect(page.get_by_role("heading", name="Clinicians who treat this condition")).to_be_visible()

    page.get_by_role("link", name="Jordan Lee", exact=True).click()
    expect(heading).to_have_text("Jordan Lee, PA-C")
    expect(page.get_by_role("link", name="Upper Back Pain", exact=True)).to_be_visible()

    where = page.get_by_role("complementary", name="Where Jordan Lee sees patients")
    where.get_by_role("link", name="Springfield West").click()
    expect(heading).to_have_text("Springfield West")
    expect(page.locator(".today-status")).to_contain_text("Today,")
    expect(page.locator(".hours li").first).to_contain_text(
        "9:00 a.m. to 12:30 p.m., 1:30 p.m. to 6:00 p.m."
    )
    directions = page.get_by_role("link", name="Get directions")
    expect(directions).to_have_attribute("rel", "noopener noreferrer")

    page.get_by_role("link", name="Request an appointment here").click()
    expect(heading).to_have_text("Request an appointment")
    expect(page.get_by_label("What would you like help with?")).to_have_value("upper-back-pain")
    location = page.get_by_label("Which of our locations would you prefer?")
    expect(location).to_have_value("springfield-west")
    fill_request_form(page)
    page.get_by_role("button", name="Send request").click()

    expect(page).to_have_url("/appointments/thank-you/")
    request = AppointmentRequest.objects.get()
    assert request.condition.slug == "upper-back-pain"
    assert request.preferred_location.slug == "springfield-west"


def test_front_desk_marks_a_request_contacted_and_adds_a_note(
    new_page, staff_groups, demo_content, instant_form
):
    patient = new_page()
    patient.goto(CONDITION_PATH)
    patient.locator("main").get_by_role("link", name="Request an appointment").click()
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


def test_a_content_edit_is_previewed_sent_back_approved_then_public_at_once(
    new_page, staff_groups, demo_content, live_server_page_cache
):
    new_summary = "Pain between the neck and the waist, often from posture or strain."
    condition = Condition.objects.get(slug="upper-back-pain")
    related_before = set(condition.related_conditions.values_list("pk", flat=True))
    faqs_before = list(condition.faqs.values_list("question", flat=True))

    # An anonymous visit stores the page; the next one is served from the cache.
    visitor = new_page()
    assert visitor.goto(CONDITION_PATH).headers.get("x-cache") == "miss"
    assert visitor.goto(CONDITION_PATH).headers.get("x-cache") == "hit"
    expect(visitor.locator("main .lead")).to_have_text(condition.summary)

    # The editor's change is a draft: the public page stays as it was, still cached.
    editor_account = UserFactory(username="editor", groups=["Content editors"])
    editor = new_page()
    log_in(editor, "editor", TEST_PASSWORD, current_code(authenticator(editor_account)))
    editor.locator("#conditions-condition").get_by_role("link", name="Conditions").click()
    editor.locator("#result_list").get_by_role("link", name="Upper Back Pain", exact=True).click()
    editor.locator("#id_summary_en").fill(new_summary)
    editor.locator("input[name='_save']").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("Saved as a draft")
    response = new_page().goto(CONDITION_PATH)
    assert response.headers.get("x-cache") == "hit"
    expect(visitor.locator("main .lead")).to_have_text(condition.summary)

    # The Preview button on the form shows the draft in the page's own layout.
    editor.locator(".object-tools").get_by_role("link", name="Preview").click()
    expect(editor.locator(".preview-banner")).to_contain_text("unpublished changes")
    expect(editor.locator("main .lead")).to_have_text(new_summary)
    editor.go_back()
    editor.locator(".object-tools").get_by_role("link", name="Review and publish").click()
    expect(editor.get_by_text("a clinical reviewer must approve them")).to_be_visible()
    expect(editor.get_by_role("button", name="Publish without medical sign-off")).to_have_count(0)

    # The clinician sends it back with a note, which the editor sees on the form.
    reviewer_account = UserFactory(
        username="reviewer", first_name="Ana", last_name="Ruiz", groups=["Clinical reviewers"]
    )
    # A sign-off credits the reviewer's clinician profile, linked by an administrator.
    ClinicianFactory(
        name="Dr. Ana Ruiz", slug="dr-ana-ruiz", credentials="MD", user=reviewer_account
    )
    reviewer = new_page()
    log_in(reviewer, "reviewer", TEST_PASSWORD, current_code(authenticator(reviewer_account)))
    reviewer.goto(f"/admin/conditions/condition/{condition.pk}/review/")
    expect(reviewer.locator(".revision-diff ins").first).to_contain_text(
        "often from posture or strain"
    )
    reviewer.get_by_label("Note to the editor").fill("Say 'upper and middle back'.")
    reviewer.get_by_role("button", name="Send back to the editor").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Sent back")
    editor.goto(f"/admin/conditions/condition/{condition.pk}/change/")
    expect(editor.locator("#draft-notice")).to_contain_text("Say 'upper and middle back'.")
    expect(editor.locator("#id_summary_en")).to_have_value(new_summary)
    new_summary = "Pain in the upper and middle back, often from posture or strain."
    editor.locator("#id_summary_en").fill(new_summary)
    editor.locator("input[name='_save']").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("Saved as a draft")

    # Approval publishes it: the public sees it at once, and the page names the reviewer.
    reviewer.goto(f"/admin/conditions/condition/{condition.pk}/review/")
    reviewer.get_by_role("button", name="Approve (medical sign-off) and publish").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Approved")
    fresh = new_page()
    response = fresh.goto(CONDITION_PATH)
    expect(fresh.locator("main .lead")).to_have_text(new_summary)
    expect(fresh.locator("main")).to_contain_text("Ana Ruiz")
    assert response.headers.get("x-cache") == "miss"
    # The form kept everything else, inline rows and the two-box widget included.
    condition.refresh_from_db()
    assert condition.summary == new_summary
    assert set(condition.related_conditions.values_list("pk", flat=True)) == related_before
    assert list(condition.faqs.values_list("question", flat=True)) == faqs_before
