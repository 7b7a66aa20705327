"""Spam and abuse handling without third-party services; no patient silently dropped (issue 4)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from appointments.models import AppointmentRequest
from appointments.spam import submission_rate_limit
from core.models import Counter

from .factories import AppointmentRequestFactory, form_data, started_stamp

pytestmark = pytest.mark.django_db


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client):
    html = client.get("/appointments/").content.decode()
    trap = html.split('<div class="trap" aria-hidden="true">', 1)[1].split("</div>", 1)[0]
    assert 'name="leave_blank"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_a_filled_honeypot_gets_a_neutral_answer_and_is_kept_as_spam(client):
    response = client.post("/appointments/", form_data(leave_blank="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/appointments/thank-you/"
    stored = AppointmentRequest.objects.get()
    assert stored.status == AppointmentRequest.Status.SPAM
    assert stored.spam_reason == "honeypot"
    assert mail.outbox == []


def test_a_form_sent_back_too_fast_is_shown_again_with_everything_kept(client):
    data = form_data(form_started=started_stamp(seconds_ago=0), full_name="Quick Typist")
    response = client.post("/appointments/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please check your details below, then press the button again" in html
    assert 'value="Quick Typist"' in html
    assert AppointmentRequest.objects.count() == 0
    # The page keeps the original start time, so sending again a moment later works.
    stamp = html.split('name="form_started" value="', 1)[1].split('"', 1)[0]
    assert stamp == data["form_started"]


def form_started_on(html):
    return html.split('name="form_started" value="', 1)[1].split('"', 1)[0]


def test_a_start_time_is_good_for_one_request_only(client):
    """Issue 26.18: a bot waited once, then reused the token to skip the fill time."""
    shown = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(shown, tick=False):
        token = form_started_on(client.get("/appointments/").content.decode())
    with time_machine.travel(shown + timedelta(seconds=30), tick=False):
        first = client.post("/appointments/", form_data(form_started=token))
        assert first.status_code == 302
        again = client.post("/appointments/", form_data(form_started=token, full_name="Bot Two"))
    assert again.status_code == 200
    html = again.content.decode()
    assert "press the button again" in html and 'value="Bot Two"' in html
    assert list(AppointmentRequest.objects.values_list("full_name", flat=True)) == ["Alex Example"]
    # The page carries a new start time; a person sending it again after a moment is in.
    fresh = form_started_on(html)
    assert fresh != token
    with time_machine.travel(shown + timedelta(seconds=40), tick=False):
        response = client.post("/appointments/", form_data(form_started=fresh, full_name="Bot Two"))
    assert response.status_code == 302
    assert AppointmentRequest.objects.count() == 2


def test_a_start_time_older_than_a_day_is_replaced(client):
    shown = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(shown, tick=False):
        token = form_started_on(client.get("/appointments/").content.decode())
    with time_machine.travel(shown + timedelta(days=1, seconds=1), tick=False):
        response = client.post("/appointments/", form_data(form_started=token, full_name="Slow"))
    assert response.status_code == 200
    assert form_started_on(response.content.decode()) != token
    assert not AppointmentRequest.objects.exists()


@pytest.mark.parametrize("stamp", ["", "forged-value", "1700000000"])
def test_a_missing_or_forged_start_time_is_treated_as_too_fast(client, stamp):
    response = client.post("/appointments/", form_data(form_started=stamp))
    assert response.status_code == 200
    assert "press the button again" in response.content.decode()
    assert AppointmentRequest.objects.count() == 0


def test_the_minimum_fill_time_is_at_most_five_seconds(settings):
    assert 0 < settings.APPOINTMENTS["MIN_FILL_SECONDS"] <= 5


def test_the_rate_limit_turns_a_client_away_clearly_and_keeps_their_details(client, settings):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 2}
    for number in range(2):
        assert (
            client.post("/appointments/", form_data(full_name=f"Person {number}")).status_code
            == 302
        )
    response = client.post("/appointments/", form_data(full_name="Third Person"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "We could not send this yet." in html
    assert 'href="tel:+15550100123"' in html
    assert 'value="Third Person"' in html
    assert AppointmentRequest.objects.count() == 2
    # Another client address is not affected.
    assert (
        client.post(
            "/appointments/", form_data(full_name="Neighbour"), REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 302
    )


def test_rate_limit_keys_are_keyed_hashes_not_addresses(client):
    client.post("/appointments/", form_data(), REMOTE_ADDR="203.0.113.77")
    counter = Counter.objects.get(key__startswith="appointment:")
    assert counter.key == submission_rate_limit().counter_key("203.0.113.77")
    assert counter.count == 1
    assert "203.0.113.77" not in counter.key
    assert re.fullmatch(r"appointment:[0-9a-f]{32}", counter.key)


@pytest.mark.parametrize("trap", ["http://spam.example", " ", "\u00e9"])
def test_honeypot_posts_pass_the_same_rate_limit_before_anything_is_stored(client, settings, trap):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 3}
    for number in range(10):
        client.post("/appointments/", form_data(full_name=f"Bot {number}", leave_blank=trap))
    assert AppointmentRequest.objects.count() == 3
    assert set(AppointmentRequest.objects.values_list("spam_reason", flat=True)) == {"honeypot"}
    # The trapped posts used up this address's allowance, for people and bots alike.
    assert client.post("/appointments/", form_data()).status_code == 429


def test_honeypot_posts_sent_back_too_fast_are_not_stored(client):
    data = form_data(leave_blank="http://spam.example", form_started=started_stamp(seconds_ago=0))
    for _ in range(5):
        client.post("/appointments/", data)
    assert AppointmentRequest.objects.count() == 0


def test_an_expired_window_starts_counting_afresh(settings):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 1}
    limit = submission_rate_limit()
    assert limit.hit("203.0.113.8")
    assert not limit.hit("203.0.113.8")
    assert limit.is_exceeded("203.0.113.8")
    Counter.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not limit.is_exceeded("203.0.113.8")
    assert limit.hit("203.0.113.8")
    assert Counter.objects.get().count == 1


def test_the_client_address_is_read_through_the_configured_proxies(client, settings):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 1}
    settings.PROXY_COUNT = 1
    assert (
        client.post("/appointments/", form_data(), HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
        == 302
    )
    assert (
        client.post(
            "/appointments/", form_data(full_name="B"), HTTP_X_FORWARDED_FOR="198.51.100.2"
        ).status_code
        == 302
    )
    # A client cannot dodge the limit by adding its own X-Forwarded-For entries on the left.
    spoofed = client.post(
        "/appointments/", form_data(full_name="C"), HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.2"
    )
    assert spoofed.status_code == 429


def test_an_identical_resubmission_is_stored_once(client, run_worker):
    data = form_data()
    first = client.post("/appointments/", data)
    second = client.post("/appointments/", data)
    assert first["Location"] == second["Location"] == "/appointments/thank-you/"
    assert AppointmentRequest.objects.count() == 1
    run_worker()
    assert len(mail.outbox) == 1
    # A different request from the same person is a new request.
    client.post("/appointments/", form_data(message="Also, mornings only."))
    assert AppointmentRequest.objects.count() == 2


def test_a_repeat_contact_is_flagged_as_a_possible_duplicate_never_blocked(client):
    earlier = AppointmentRequestFactory(phone="+1 555-010-0123", email="someone@else.example")
    response = client.post(
        "/appointments/", form_data(phone="555 010 0123", email="new@example.com")
    )
    assert response.status_code == 302
    latest = AppointmentRequest.objects.latest("submitted_at")
    assert latest.possible_duplicate_of == earlier


def test_a_repeat_by_email_is_flagged_whatever_the_case(client):
    earlier = AppointmentRequestFactory(phone="", email="alex@example.com")
    client.post(
        "/appointments/", form_data(phone="", preferred_contact="email", email="Alex@EXAMPLE.com")
    )
    assert AppointmentRequest.objects.latest("submitted_at").possible_duplicate_of == earlier


def test_contacts_older_than_the_window_are_not_flagged(client):
    AppointmentRequestFactory(
        phone="+1 555-010-0123", submitted_at=timezone.now() - timedelta(days=31)
    )
    client.post("/appointments/", form_data())
    assert AppointmentRequest.objects.latest("submitted_at").possible_duplicate_of is None
