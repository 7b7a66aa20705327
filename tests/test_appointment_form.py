"""The patient's request form and the contact page (issue 4)."""

import importlib
import re

import pytest
from django.core.exceptions import ValidationError

from appointments.consent import CONSENT_RECEIPT
from appointments.forms import normalize_phone
from appointments.models import AppointmentRequest

from .factories import AppointmentRequestFactory, ConditionFactory, form_data

pytestmark = pytest.mark.django_db


def test_form_asks_only_for_what_is_needed(client):
    html = client.get("/appointments/").content.decode()
    form = html[html.index("<form") :]
    names = set(re.findall(r'name="([a-z_]+)"', form)) - {"csrfmiddlewaretoken"}
    assert names == {
        "full_name",
        "phone",
        "email",
        "preferred_contact",
        "preferred_days",
        "preferred_times",
        "patient_status",
        "condition",
        "self_pay",
        "message",
        "consent",
        "form_started",
        "source_page",
        "leave_blank",
    }
    for never_asked in ("birth", "insurance", "diagnosis", "symptom"):
        assert never_asked not in " ".join(names)


def test_fields_are_labelled_and_help_browsers_fill_them(client):
    html = client.get("/appointments/").content.decode()
    assert '<label for="id_full_name">Your full name</label>' in html
    assert re.search(r'<input type="text" name="full_name"[^>]*autocomplete="name"', html)
    assert re.search(
        r'<input type="tel" name="phone"[^>]*autocomplete="tel"[^>]*inputmode="tel"', html
    )
    assert re.search(
        r'<input type="email" name="email"[^>]*autocomplete="email"[^>]*inputmode="email"', html
    )
    assert "<legend>How should we contact you?</legend>" in html
    assert "<legend>Which days suit you? (optional)</legend>" in html
    assert "Please do not include detailed medical information" in html
    assert 'href="/privacy/">privacy notice' in html
    assert "In an emergency, call 911." in html


def test_condition_is_preselected_from_the_link(client, condition):
    ConditionFactory(name="Neck Pain", slug="neck-pain", is_featured=True)
    ConditionFactory(name="Draft", slug="draft", is_published=False, is_featured=True)
    html = client.get("/appointments/?condition=upper-back-pain").content.decode()
    assert '<option value="upper-back-pain" selected>Upper Back Pain</option>' in html
    assert '<option value="neck-pain">Neck Pain</option>' in html
    assert "Draft" not in html
    # An unknown or hostile slug selects nothing and breaks nothing.
    response = client.get("/appointments/?condition=%3Cscript%3E")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_a_valid_request_is_stored_and_answered_with_a_redirect(client, condition):
    response = client.post(
        "/appointments/",
        form_data(
            condition="upper-back-pain",
            message="Pain since March.",
            source_page="/conditions/upper-back-pain/",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/appointments/thank-you/"
    stored = AppointmentRequest.objects.get()
    assert stored.full_name == "Alex Example"
    assert stored.phone == "+1 555-010-0123"
    assert stored.email == "alex@example.com"
    assert stored.preferred_days == ["monday", "tuesday"]
    assert stored.preferred_times == ["morning"]
    assert stored.condition == condition
    assert stored.request_type == AppointmentRequest.RequestType.APPOINTMENT
    assert stored.source_page == "/conditions/upper-back-pain/"
    assert stored.consent_receipt == CONSENT_RECEIPT
    assert stored.status == AppointmentRequest.Status.NEW
    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert "What happens next" in html
    assert "within one business day" in html
    assert 'href="tel:+15550100123"' in html
    assert "call 911" in html
    assert "Alex" not in html


def test_the_source_page_is_taken_from_the_referring_page_on_this_site(client):
    html = client.get(
        "/appointments/", HTTP_REFERER="http://testserver/conditions/sciatica/?utm=x"
    ).content.decode()
    assert '<input type="hidden" name="source_page" value="/conditions/sciatica/">' in html
    html = client.get(
        "/appointments/", HTTP_REFERER="https://elsewhere.example/page"
    ).content.decode()
    assert '<input type="hidden" name="source_page" value="">' in html


def test_errors_are_summarised_linked_and_tied_to_fields(client):
    response = client.post(
        "/appointments/",
        form_data(full_name="", phone="", email="not-an-email", patient_status=None, consent=None),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert AppointmentRequest.objects.count() == 0
    assert "<title>Error: Request an appointment" in html
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'tabindex="-1" autofocus' in html.split('id="error-summary"', 1)[1][:60]
    assert '<a href="#id_full_name">Enter your name so we know who to ask for.</a>' in summary
    assert (
        '<a href="#id_email">Enter an email address in the right format, like name@example.com.</a>'
        in summary
    )
    assert (
        '<a href="#id_patient_status_0">Tell us whether you have been to the clinic before.</a>'
        in summary
    )
    assert "Tick the box to agree that we may contact you" in summary
    assert 'aria-describedby="id_full_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<span class="field-error" id="id_full_name_error">' in html
    assert re.search(r'<fieldset aria-describedby="id_patient_status_error">', html)


def test_a_validation_error_keeps_everything_typed(client, condition):
    data = form_data(
        full_name="",
        phone="555 010 0199",
        email="sam@example.com",
        preferred_contact="email",
        preferred_days=["wednesday"],
        preferred_times=["afternoon"],
        patient_status="existing",
        condition="upper-back-pain",
        message="Line one\nLine two & <more>",
    )
    html = client.post("/appointments/", data).content.decode()
    assert 'value="555 010 0199"' in html
    assert 'value="sam@example.com"' in html
    assert re.search(r'value="email"[^>]*checked', html)
    assert re.search(r'value="wednesday"[^>]*checked', html)
    assert re.search(r'value="afternoon"[^>]*checked', html)
    assert re.search(r'value="existing"[^>]*checked', html)
    assert '<option value="upper-back-pain" selected>' in html
    assert "Line one\nLine two &amp; &lt;more&gt;</textarea>" in html
    assert re.search(r'name="consent"[^>]*checked', html)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": "", "email": ""}, "phone", "Give a phone number or an email address"),
        (
            {"phone": "", "preferred_contact": "phone"},
            "phone",
            "You chose a phone call: enter a phone number",
        ),
        (
            {"email": "", "preferred_contact": "email"},
            "email",
            "You chose email: enter an email address",
        ),
        ({"phone": "12345"}, "phone", "Enter a 10-digit phone number"),
        ({"phone": "call me maybe"}, "phone", "Enter a phone number using numbers"),
        ({"message": "x" * 1001}, "message", "up to 1,000 characters long (it has 1001)"),
        ({"full_name": "A" * 101}, "full_name", "Your name can be up to 100 characters long."),
        ({"preferred_days": ["sunday"]}, "preferred_days", "Select a valid choice"),
    ],
)
def test_mistakes_get_plain_messages(client, overrides, field, message):
    response = client.post("/appointments/", form_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert AppointmentRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(555) 010-0123", "+1 555-010-0123"),
        ("555.010.0123", "+1 555-010-0123"),
        ("1-555-010-0123", "+1 555-010-0123"),
        ("+1 555 010 0123", "+1 555-010-0123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+49 30 1234567", "+49301234567"),
        ("+81-3-1234-5678", "+81312345678"),
        ("555-010-0123 ext. 42", "+1 555-010-0123 ext. 42"),
        ("555-010-0123 x42", "+1 555-010-0123 ext. 42"),
    ],
)
def test_phone_numbers_are_normalized_without_rejecting_valid_formats(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "+0 123 4567", "+1234567890123456", "555-0100-abc"])
def test_impossible_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


def test_contact_page_has_the_clinics_details_and_a_question_form(client):
    response = client.get("/contact/")
    html = response.content.decode()
    assert "<h1>Contact our pain management specialists</h1>" in html
    assert "120 Example Avenue, Suite 200" in html
    assert "Monday to Thursday: 8:00 a.m. to 5:00 p.m." in html
    assert "Free parking is behind the building" in html
    assert "<legend>What would you like?</legend>" in html
    assert re.search(r'value="question"[^>]*checked', html)


def test_a_question_needs_a_message_and_is_stored_as_a_question(client):
    response = client.post("/contact/", form_data(request_type="question"))
    assert "Write your question in the message box." in response.content.decode()
    response = client.post(
        "/contact/", form_data(request_type="question", message="Do you take walk-ins?")
    )
    assert response.status_code == 302
    assert AppointmentRequest.objects.get().request_type == AppointmentRequest.RequestType.QUESTION


def test_an_appointment_can_be_requested_from_the_contact_page(client):
    client.post("/contact/", form_data(request_type="appointment"))
    assert (
        AppointmentRequest.objects.get().request_type == AppointmentRequest.RequestType.APPOINTMENT
    )


def test_both_calls_to_action_land_on_a_working_form(client, condition):
    html = client.get(condition.get_absolute_url()).content.decode()
    for link in ("/appointments/?condition=upper-back-pain", "/contact/?condition=upper-back-pain"):
        assert f'href="{link}"' in html
        form_page = client.get(link).content.decode()
        assert '<option value="upper-back-pain" selected>' in form_page


# Issue 13, finding 10: digits in any script, repeated choices, invisible characters.

# Zero in each script; the other digits follow it in Unicode.
DIGIT_ZEROS = {
    "fullwidth": "\uff10",
    "arabic-indic": "\u0660",
    "persian": "\u06f0",
    "devanagari": "\u0966",
}


def in_digits(text, zero):
    """`text` with its ASCII digits written in the script whose zero is `zero`."""
    return "".join(chr(ord(zero) + int(char)) if char.isdigit() else char for char in text)


PHONE_IN_OTHER_DIGITS = {
    **{script: in_digits("555 010-0123", zero) for script, zero in DIGIT_ZEROS.items()},
    "fullwidth-punctuation": in_digits("\uff08555\uff09010\uff0d0123", DIGIT_ZEROS["fullwidth"]),
    "mixed": "555 " + in_digits("010", "\u0660") + " " + in_digits("0123", "\uff10"),
}


@pytest.mark.parametrize("typed", PHONE_IN_OTHER_DIGITS.values(), ids=PHONE_IN_OTHER_DIGITS.keys())
def test_phone_numbers_in_any_digits_are_stored_in_ascii(typed):
    assert normalize_phone(typed) == "+1 555-010-0123"
    extension = in_digits("42", DIGIT_ZEROS["arabic-indic"])
    assert normalize_phone(f"{typed} ext. {extension}") == "+1 555-010-0123 ext. 42"
    fullwidth_plus = "\uff0b"
    international = fullwidth_plus + in_digits("44 20 7946 0958", DIGIT_ZEROS["fullwidth"])
    assert normalize_phone(international) == "+442079460958"


@pytest.mark.parametrize("typed", PHONE_IN_OTHER_DIGITS.values(), ids=PHONE_IN_OTHER_DIGITS.keys())
def test_the_same_phone_in_other_digits_is_flagged_as_a_possible_duplicate(client, typed):
    client.post("/appointments/", form_data(email="first@example.com"))
    client.post("/appointments/", form_data(phone=typed, email="second@example.com"))
    first, second = AppointmentRequest.objects.order_by("submitted_at")
    assert second.phone == "+1 555-010-0123"
    assert second.possible_duplicate_of == first


def test_repeated_choices_are_stored_once_in_the_order_of_the_form(client):
    data = form_data(
        preferred_days=["wednesday", "monday", "monday", "wednesday", "monday"],
        preferred_times=["afternoon", "morning", "afternoon"],
    )
    assert client.post("/appointments/", data).status_code == 302
    stored = AppointmentRequest.objects.get()
    assert stored.preferred_days == ["monday", "wednesday"]
    assert stored.preferred_times == ["morning", "afternoon"]


INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # embeddings and overrides
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",  # isolates
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
]


@pytest.mark.parametrize("character", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_are_removed_from_every_free_text_field(client, character):
    response = client.post(
        "/contact/",
        form_data(
            request_type="question",
            full_name=f"Al{character}ex Ex{character}ample",
            phone=f"555{character} 010 0123",
            email=f"alex{character}@exam{character}ple.com",
            message=f"Is{character} parking free?",
        ),
    )
    assert response.status_code == 302
    stored = AppointmentRequest.objects.get()
    assert stored.full_name == "Alex Example"
    assert stored.phone == "+1 555-010-0123"
    assert stored.email == "alex@example.com"
    assert stored.message == "Is parking free?"


def test_joiners_that_names_and_emoji_need_are_kept(client):
    # Mehrnaz: the zero-width non-joiner is part of the spelling.
    persian_name = "\u0645\u0647\u0631\u200c\u0646\u0627\u0632"
    family = "👩\u200d👩\u200d👧"
    client.post("/appointments/", form_data(full_name=persian_name, message=f"Thanks {family}"))
    stored = AppointmentRequest.objects.get()
    assert stored.full_name == persian_name
    assert stored.message == f"Thanks {family}"


def test_phones_stored_before_in_other_digits_are_rewritten_in_ascii():
    from django.apps import apps

    migration = importlib.import_module("appointments.migrations.0007_phone_in_ascii_digits")
    arabic = "+1 " + in_digits("555-010-0123", DIGIT_ZEROS["arabic-indic"])
    earlier = AppointmentRequestFactory(phone=arabic + " ext. " + in_digits("7", "\u0966"))
    untouched = AppointmentRequestFactory(phone="+442079460958")
    migration.phones_in_ascii_digits(apps, None)
    earlier.refresh_from_db()
    untouched.refresh_from_db()
    assert earlier.phone == "+1 555-010-0123 ext. 7"
    assert untouched.phone == "+442079460958"


# Clumsy clients (issue 26.18) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("alex\uff20example.com", "alex@example.com"),  # fullwidth at sign
        ("\uff41\uff4c\uff45\uff58@example.com", "alex@example.com"),  # fullwidth letters
        ("alex@EXAMPLE\uff0ecom", "alex@example.com"),  # fullwidth full stop
    ],
)
def test_an_email_typed_in_fullwidth_forms_is_read_as_it_looks(client, typed, stored):
    response = client.post("/appointments/", form_data(email=typed))
    assert response.status_code == 302
    assert AppointmentRequest.objects.get().email == stored


@pytest.mark.parametrize(
    "typed",
    [
        "x@localhost",
        "user@[127.0.0.1]",
        "user@[IPv6:::1]",
        "user@intranet",
        "user@printer.local",
        "user@clinic.test",
        "user@127.0.0.10",
        "user@home.arpa",
    ],
)
def test_an_email_that_mail_from_the_internet_cannot_reach_is_refused(client, typed):
    """These were stored and acknowledged, sending mail to the server's own machine."""
    response = client.post("/appointments/", form_data(email=typed))
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Enter an email address in the right format, like name@example.com."
    ]
    assert not AppointmentRequest.objects.exists()


@pytest.mark.parametrize("earlier", ["+1 555-010-0123", "+1 555-010-0123 ext. 7"])
@pytest.mark.parametrize("typed", ["555-010-0123 ext. 42", "(555) 010-0123 x42", "555 010 0123"])
def test_a_phone_with_or_without_an_extension_is_seen_as_a_duplicate(client, earlier, typed):
    first = AppointmentRequestFactory(phone=earlier, email="")
    client.post("/appointments/", form_data(phone=typed, email="new@example.com"))
    second = AppointmentRequest.objects.exclude(pk=first.pk).get()
    assert second.possible_duplicate_of == first
