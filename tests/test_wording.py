"""One way of saying each thing on every public page, in each language (issue 24.12):
times of day in the language's one format (clinic_site/formats/), and one honest name
for the button to the request form, which asks for an appointment and books nothing."""

import io
import re

import pytest
from django.core.management import call_command

from .public_pages import in_both_languages

pytestmark = pytest.mark.django_db

TIME = re.compile(r"\b\d{1,2}:\d{2}\b(?:\s*[AaPp]\.?(?:\s|\xa0)?[Mm]\b\.?)?")
TIME_FORMATS = {
    "en": re.compile(r"\d{1,2}:\d{2} [ap]\.m\."),
    "es": re.compile(r"\d{1,2}:\d{2} [ap]\.\xa0m\."),
}
REQUEST_BUTTONS = {
    "en": {"Request an appointment", "Request an appointment here"},
    "es": {"Pedir una cita", "Pedir una cita en este centro"},
}
BOOKING_WORDS = re.compile(r"\b(schedul\w*|book\w*|programar|reservar|agendar)\b", re.IGNORECASE)
LINK = re.compile(r"<a\s([^>]*)>(.*?)</a>|<button\b[^>]*>(.*?)</button>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", stdout=io.StringIO())


def visit(client, page):
    """A page's HTML (the page, or for a form the page its empty form brings back)."""
    response = client.post(page.path, {}) if page.submit_empty_form else client.get(page.path)
    assert response.status_code == page.status, page.name
    return response.content.decode()


def language(page):
    return "es" if page.path.startswith("/es/") else "en"


def text_of(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    # Spaces collapse as in a browser; a no-break space stays one.
    return re.sub(r"[ \t\r\n]+", " ", TAG.sub(" ", html)).replace("&nbsp;", "\xa0")


def test_every_time_of_day_is_written_one_way_per_language(client, demo_content):
    seen = {"en": 0, "es": 0}
    failures = []
    for page in in_both_languages():
        code = language(page)
        for time in TIME.findall(text_of(visit(client, page))):
            seen[code] += 1
            if not TIME_FORMATS[code].fullmatch(time):
                failures.append(f"{page.name} ({page.path}): {time!r}")
    assert seen["en"] and seen["es"], "no opening hours on any page: the test shows nothing"
    assert not failures, "times not in their language's format:\n" + "\n".join(failures)


def test_the_button_to_the_request_form_has_one_honest_name(client, demo_content):
    buttons = {"en": set(), "es": set()}
    failures = []
    for page in in_both_languages():
        code = language(page)
        for attributes, link_text, button_text in LINK.findall(visit(client, page)):
            text = " ".join(TAG.sub(" ", link_text or button_text).split())
            if BOOKING_WORDS.search(text):
                failures.append(f"{page.name}: {text!r} speaks of booking")
            form_link = re.search(r'href="(?:/es)?/appointments/(?:\?[^"]*)?"', attributes)
            if form_link and re.search(r'class="[^"]*\bbutton\b', attributes):
                buttons[code].add(text)
    assert buttons == REQUEST_BUTTONS, buttons
    assert not failures, "\n".join(failures)
