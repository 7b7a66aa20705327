"""Consumer health data requests under Washington's My Health My Data Act (issue 29.5):
asked for on a public form, confirmed through an emailed link, answered by the front desk
within 45 days, appealed, and the appointment requests deleted through the purge."""

import itertools
import re
from datetime import UTC, datetime, timedelta
from io import StringIO
from urllib.parse import quote, urlencode, urlsplit

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from appointments.models import AccessLog, AppointmentRequest
from health_data_requests.models import HealthDataRequest

from .factories import AppointmentRequestFactory, UserFactory, started_stamp
from .http_helpers import FORM_ENCODED, FormFields

# Real commits: the emails leave after them.
pytestmark = pytest.mark.django_db(transaction=True)

FORM = "/health-data-request/"
CHANGELIST = "/admin/health_data_requests/healthdatarequest/"
Status = HealthDataRequest.Status
# A Monday afternoon in Seattle, far from any edge of the day.
NOW = datetime(2027, 3, 1, 20, 0, tzinfo=UTC)
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def front_desk_user(db):
    """The front desk's permissions on these requests (given directly: with real commits
    the data migrations' groups are gone; the group's own are tested in
    test_front_desk_admin)."""
    user = UserFactory(username="frontdesk")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=("view_healthdatarequest", "change_healthdatarequest")
        )
    )
    return user


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# Each form shown gets its own start time, and each is good for one request: with the
# clock stopped, each form of a test was shown a second earlier than the last.
SHOWN_SECONDS_AGO = itertools.count(60)


def request_data(**overrides):
    return {
        "kind": "deletion",
        "email": "alex@example.com",
        "form_started": started_stamp(next(SHOWN_SECONDS_AGO)),
        "leave_blank": "",
        **overrides,
    }


def send(client, path=FORM, address="127.0.0.1", **overrides):
    """Send the form from a client `address`."""
    return client.post(path, request_data(**overrides), REMOTE_ADDR=address)


def links(message):
    return re.findall(r"https?://\S+", message.body)


def link_path(message):
    (url,) = links(message)
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def token_of(message):
    return urlsplit(links(message)[0]).query.removeprefix("token=")


def confirm(client, message):
    path = link_path(message)
    page = client.get(path)
    assert page.status_code == 200
    form = FormFields()
    form.feed(page.content.decode())
    return client.post(path.split("?")[0], form.fields)


def admin_change(client, health_request, **changes):
    """Change a request in the admin as a browser posts the admin's own form."""
    url = f"{CHANGELIST}{health_request.pk}/change/"
    form = FormFields()
    form.feed(client.get(url).content.decode())
    form.fields.update(changes)
    response = client.post(url, form.fields)
    assert response.get("Location") in (None, CHANGELIST)
    return response


def confirmed_request(client, **overrides):
    assert send(client, **overrides).status_code == 302
    assert confirm(client, mail.outbox[-1]).status_code == 302
    return HealthDataRequest.objects.get()


def test_a_confirmed_request_waits_for_the_front_desk_with_its_deadline(client, front_desk_user):
    page = client.get(FORM)
    assert page.status_code == 200
    assert "legal counsel" in page.content.decode()
    response = send(client)
    assert response.status_code == 302
    assert response["Location"] == "/health-data-request/sent/"
    assert client.get(response["Location"]).status_code == 200
    (message,) = mail.outbox
    assert message.to == ["alex@example.com"]
    health_request = HealthDataRequest.objects.get()
    assert health_request.confirmed_at is None
    token = token_of(message)
    assert token not in repr(HealthDataRequest.objects.values().get())

    # The link's page shows what will be confirmed, and changes nothing (a mail scanner).
    page = client.get(link_path(message))
    html = page.content.decode()
    assert page["Referrer-Policy"] == "strict-origin"
    assert "Delete my health data" in html and "alex@example.com" in html
    client.head(link_path(message))
    health_request.refresh_from_db()
    assert health_request.confirmed_at is None
    assert len(mail.outbox) == 1

    assert confirm(client, message)["Location"] == "/health-data-request/confirmed/"
    health_request.refresh_from_db()
    assert health_request.confirmed_at == NOW
    assert health_request.due_on == datetime(2027, 4, 15).date()
    assert health_request.status == Status.NEW
    assert health_request.token_hash == ""
    alert = mail.outbox[-1]
    assert alert.to == ["frontdesk@clinic.example"]
    assert f"#{health_request.pk}" in alert.subject
    assert "alex@example.com" not in alert.body and "Delete" not in alert.body

    client.force_login(front_desk_user)
    listing = client.get(CHANGELIST).content.decode()
    assert "45 days left" in listing
    assert client.get(f"{CHANGELIST}{health_request.pk}/change/").status_code == 200
    logged = AccessLog.objects.filter(record=AccessLog.Record.HEALTH_DATA)
    assert set(logged.values_list("action", flat=True)) == {"list", "view"}
    assert logged.get(action="view").request_id == health_request.pk
    assert logged.get(action="view").username == "frontdesk"


def test_an_unconfirmed_request_reaches_nobody(client, front_desk_user):
    AppointmentRequestFactory(email="alex@example.com")
    send(client)
    client.force_login(front_desk_user)
    html = client.get(CHANGELIST).content.decode()
    assert "0 consumer health data requests" in html
    assert AppointmentRequest.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["alex@example.com"]]


def without_csrf(response):
    return CSRF_VALUE.sub("", response.content.decode())


def test_the_form_answers_the_same_whether_or_not_data_exists(client):
    AppointmentRequestFactory(email="known@example.com", full_name="Known Person")
    # A first request reads the clinic's identity into the process's memory.
    send(client, email="first@example.com", address="198.51.100.99")
    answers, queries = [], []
    for number, email in enumerate(("known@example.com", "unknown@example.com")):
        address = f"198.51.100.{number + 1}"
        with CaptureQueriesContext(connection) as captured:
            response = send(client, email=email, address=address)
        # The same statements (nothing looked up by address), whatever the address.
        # (The throttle's counters tidy themselves now and then: left out.)
        queries.append(
            [
                re.sub(r"'[^']*'|\d+", "?", query["sql"])
                for query in captured
                if "core_counter" not in query["sql"]
                and query["sql"] not in ("BEGIN IMMEDIATE", "COMMIT")
            ]
        )
        answers.append(
            (response.status_code, response["Location"], response.content, sorted(response.items()))
        )
        answers[-1] += (without_csrf(client.get(response["Location"])),)
    assert answers[0] == answers[1]
    assert queries[0] == queries[1]
    assert not any("appointments_appointmentrequest" in query for query in queries[0])
    # Refused the same way too: an invalid form and a too-fast one.
    shown = started_stamp(next(SHOWN_SECONDS_AGO))
    for overrides in ({"kind": "everything", "form_started": shown}, {"form_started": ""}):
        first, second = (
            send(client, email=email, **overrides)
            for email in ("known@example.com", "unknown@example.com")
        )
        assert first.status_code == second.status_code == 200
        assert without_csrf(first).replace("known@", "X@") == without_csrf(second).replace(
            "unknown@", "X@"
        )
    # The emails differ only in their link.
    _first, known, unknown = mail.outbox
    assert known.subject == unknown.subject
    assert known.body.replace(links(known)[0], "") == unknown.body.replace(links(unknown)[0], "")


def test_emails_carry_nothing_but_the_link(client, superuser):
    AppointmentRequestFactory(
        email="alex@example.com", full_name="Alex Private", phone="+1 206-555-0199"
    )
    health_request = confirmed_request(client)
    client.force_login(superuser)
    assert admin_change(client, health_request, status="denied").status_code == 302
    confirmation, _alert, decision = mail.outbox
    for message in (confirmation, decision):
        assert len(links(message)) == 1
        for detail in ("Alex Private", "206", "0199", "alex@example.com", "Delete", "deletion"):
            assert detail not in message.body + message.subject
    assert decision.to == ["alex@example.com"]
    assert "/health-data-request/appeal/?token=" in decision.body


def test_a_link_is_used_once(client):
    send(client)
    (message,) = mail.outbox
    path = link_path(message)
    assert confirm(client, message).status_code == 302
    again = client.post(path.split("?")[0], {"token": token_of(message)})
    assert again.status_code == 400
    assert "This link cannot be used" in again.content.decode()
    assert client.get(path).status_code == 400
    assert len(mail.outbox) == 2  # one front desk alert, not two


def test_an_expired_link_confirms_nothing(client, frozen_clock):
    send(client)
    (message,) = mail.outbox
    frozen_clock.shift(timedelta(hours=48, seconds=1))
    assert client.get(link_path(message)).status_code == 400
    assert (
        client.post("/health-data-request/confirm/", {"token": token_of(message)}).status_code
        == 400
    )
    assert HealthDataRequest.objects.get().confirmed_at is None
    # The daily purge deletes it.
    call_command("purge_health_data_requests", stdout=StringIO())
    assert not HealthDataRequest.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:-1],
        lambda token: token + "x",
        lambda token: token.upper(),
        lambda token: "",
        lambda token: "x" * 5000,
        lambda token: token[::-1],
    ],
)
def test_a_tampered_link_confirms_nothing(client, tamper):
    send(client)
    token = tamper(token_of(mail.outbox[0]))
    assert (
        client.get(f"/health-data-request/confirm/?{urlencode({'token': token})}").status_code
        == 400
    )
    assert client.post("/health-data-request/confirm/", {"token": token}).status_code == 400
    # Nor does a confirmation token open the appeal page.
    assert (
        client.get(
            f"/health-data-request/appeal/?{urlencode({'token': token_of(mail.outbox[0])})}"
        ).status_code
        == 400
    )
    assert HealthDataRequest.objects.get().confirmed_at is None


def test_the_rate_limit_per_client(client, settings):
    settings.HEALTH_DATA_REQUESTS = {**settings.HEALTH_DATA_REQUESTS, "CLIENT_RATE_LIMIT": 2}
    for number in range(2):
        assert send(client, email=f"person{number}@example.com").status_code == 302
    response = send(client, email="person9@example.com")
    assert response.status_code == 429
    assert "We could not send this yet." in response.content.decode()
    assert len(mail.outbox) == 2
    assert send(client, email="person9@example.com", address="198.51.100.7").status_code == 302


def test_the_rate_limit_per_address(client, settings):
    settings.HEALTH_DATA_REQUESTS = {**settings.HEALTH_DATA_REQUESTS, "ADDRESS_RATE_LIMIT": 2}
    # However it is written, and from however many clients.
    for number, email in enumerate(("alex@example.com", " ALEX@Example.com ", "Alex@EXAMPLE.COM")):
        response = send(client, email=email, address=f"198.51.100.{number + 1}")
        assert response.status_code == (302 if number < 2 else 429)
    assert len(mail.outbox) == 2
    assert send(client, email="sam@example.com", address="198.51.100.9").status_code == 302


def test_refuses_what_the_appointment_form_refuses(client):
    # The trap: answered as sent, nothing stored or mailed.
    response = send(client, leave_blank="http://spam.example")
    assert response.status_code == 302
    # Too fast (or a forged start time): shown again with the address kept.
    response = send(client, form_started=started_stamp(seconds_ago=0))
    assert response.status_code == 200
    assert "press the button again" in response.content.decode()
    assert 'value="alex@example.com"' in response.content.decode()
    # Bad input: clear messages, never a 5xx.
    response = send(client, kind="everything", email="not an address")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose what you would like us to do." in html
    assert "Enter an email address in the right format" in html
    # The request input guards: no file uploads outside the staff area.
    assert (
        client.post(
            FORM, request_data(), content_type="multipart/form-data; boundary=x"
        ).status_code
        == 400
    )
    assert client.put(FORM).status_code == 405
    assert not HealthDataRequest.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("content_type", "encoded_email", "stored"),
    [
        # Chromium: the page's UTF-8, CRLF from a pasted address, capitals in the domain.
        (FORM_ENCODED, quote(" Alex@Example.COM\r\n"), "Alex@example.com"),
        (f"{FORM_ENCODED}; charset=UTF-8", quote("alex@münchen.de"), "alex@münchen.de"),
        (f"{FORM_ENCODED}; charset=utf-8", quote("alex@MÜNCHEN.de"), "alex@münchen.de"),
        (
            f"{FORM_ENCODED}; charset=ISO-8859-1",
            quote("alex@MÜNCHEN.de".encode("latin-1")),
            "alex@münchen.de",
        ),
        # A charset a form is not written in is refused, as on the appointment form.
        (f"{FORM_ENCODED}; charset=no-such-charset", quote("alex@example.com"), None),
        (FORM_ENCODED, quote("al\u200bex@example.com\x00"), "alex@example.com"),
        # A phone keyboard's fullwidth at sign, read as the one it looks like.
        (FORM_ENCODED, quote("alex\uff20example.com"), "alex@example.com"),
    ],
)
def test_the_form_posted_as_browsers_post_it(client, content_type, encoded_email, stored):
    page = client.get("/es/health-data-request/")
    form = FormFields()
    form.feed(page.content.decode())
    fields = {
        **form.fields,
        "kind": "access",
        "form_started": started_stamp(next(SHOWN_SECONDS_AGO)),
    }
    body = urlencode({key: value for key, value in fields.items() if key != "email"})
    body += f"&email={encoded_email}"
    # As bytes: Django's test client would encode a text body in the charset named.
    response = client.generic("POST", "/es/health-data-request/", body.encode(), content_type)
    if stored is None:
        assert response.status_code == 400
        assert not HealthDataRequest.objects.exists()
        return
    assert response.status_code == 302
    assert response["Location"] == "/es/health-data-request/sent/"
    health_request = HealthDataRequest.objects.get()
    assert (health_request.email, health_request.language) == (stored, "es")
    (message,) = mail.outbox
    assert "/es/health-data-request/confirm/?token=" in message.body
    assert "Confirme" in message.subject


def test_a_denial_is_appealed_through_the_link(client, front_desk_user, frozen_clock):
    health_request = confirmed_request(client)
    frozen_clock.shift(timedelta(days=10))
    client.force_login(front_desk_user)
    assert admin_change(client, health_request, status="denied").status_code == 302
    decision = mail.outbox[-1]
    assert "appeal" in decision.body
    client.logout()
    frozen_clock.shift(timedelta(days=5))
    page = client.get(link_path(decision))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Appeal our decision" in html and "Delete my health data" in html
    health_request.refresh_from_db()
    assert health_request.status == Status.DENIED
    assert confirm(client, decision)["Location"] == "/health-data-request/appealed/"
    health_request.refresh_from_db()
    assert health_request.status == Status.APPEALED
    assert health_request.appealed_at == NOW + timedelta(days=15)
    assert health_request.due_on == (NOW + timedelta(days=60)).date()
    assert "was appealed" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["frontdesk@clinic.example"]
    # The appeal's answer: a second denial has no new appeal link.
    client.force_login(front_desk_user)
    assert admin_change(client, health_request, status="denied").status_code == 302
    final = mail.outbox[-1]
    assert links(final) == []
    assert "Attorney General" in final.body
    assert client.get(link_path(decision)).status_code == 400


def test_staff_record_an_appeal_made_by_phone(client, front_desk_user):
    health_request = confirmed_request(client)
    client.force_login(front_desk_user)
    response = admin_change(client, health_request, status="appealed")
    assert response.status_code == 200
    assert "Only a denied request can be appealed." in response.content.decode()
    assert admin_change(client, health_request, status="denied").status_code == 302
    assert admin_change(client, health_request, status="appealed").status_code == 302
    health_request.refresh_from_db()
    assert health_request.status == Status.APPEALED
    entry = AccessLog.objects.get(detail="appeal recorded by staff")
    assert (entry.record, entry.request_id, entry.username) == (
        "health_data",
        health_request.pk,
        "frontdesk",
    )
    # The link in the denial email no longer works.
    denial = next(message for message in mail.outbox if "/appeal/" in message.body)
    assert client.get(link_path(denial)).status_code == 400


def test_the_deadline_filter(client, front_desk_user, frozen_clock):
    early = confirmed_request(client, email="early@example.com")
    frozen_clock.shift(timedelta(days=40))
    confirmed_request_late = send(client, email="late@example.com")
    assert confirmed_request_late.status_code == 302
    confirm(client, mail.outbox[-1])
    frozen_clock.shift(timedelta(days=6))
    client.force_login(front_desk_user)
    overdue = client.get(CHANGELIST, {"deadline": "overdue"}).context["cl"].result_list
    assert [each.pk for each in overdue] == [early.pk]
    assert "Overdue by 1 day" in client.get(CHANGELIST).content.decode()
    due = client.get(CHANGELIST, {"deadline": "due"}).context["cl"].result_list
    assert [each.email for each in due] == []
    frozen_clock.shift(timedelta(days=33))
    client.force_login(front_desk_user)
    due = client.get(CHANGELIST, {"deadline": "due"}).context["cl"].result_list
    assert [each.email for each in due] == ["late@example.com"]


def test_deletion_goes_through_the_purge_and_the_record_stays(
    client, front_desk_user, frozen_clock
):
    mine = AppointmentRequestFactory.create_batch(2, email="alex@example.com")
    others = [
        AppointmentRequestFactory(email="Alex@example.com"),
        AppointmentRequestFactory(email="alex@example.org"),
    ]
    health_request = confirmed_request(client)
    client.force_login(front_desk_user)
    action = {"action": "delete_appointment_requests", "_selected_action": [health_request.pk]}
    # The front desk alone may not delete: the permission is granted on purpose.
    assert "delete_appointment_requests" not in client.get(CHANGELIST).content.decode()
    front_desk_user.user_permissions.add(
        Permission.objects.get(codename="delete_appointmentrequest")
    )
    page = client.get(f"{CHANGELIST}{health_request.pk}/change/").content.decode()
    assert re.search(r"requests from this address:</label>\s*<div class=\"readonly\">2<", page)
    response = client.post(CHANGELIST, action, follow=True)
    assert "2 appointment requests deleted." in response.content.decode()
    assert set(AppointmentRequest.objects.values_list("pk", flat=True)) == {o.pk for o in others}
    deleted = AccessLog.objects.filter(action="delete", record="appointment")
    assert sorted(deleted.values_list("request_id", flat=True)) == sorted(r.pk for r in mine)
    assert {entry.username for entry in deleted} == {"frontdesk"}
    assert all(f"consumer health data request #{health_request.pk}" in e.detail for e in deleted)
    assert admin_change(client, health_request, status="completed").status_code == 302
    health_request.refresh_from_db()
    assert health_request.deleted_appointment_requests == 2

    # After the retention period the address goes; the record of the answer stays.
    frozen_clock.shift(timedelta(days=731))
    call_command("purge_health_data_requests", stdout=StringIO())
    health_request.refresh_from_db()
    assert health_request.email == ""
    assert len(health_request.email_hash) == 32
    assert health_request.status == Status.COMPLETED
    assert AccessLog.objects.filter(record="health_data", request_id=health_request.pk).exists()


def test_staff_cannot_add_or_delete_the_record(client, superuser):
    health_request = confirmed_request(client)
    client.force_login(superuser)
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{CHANGELIST}{health_request.pk}/delete/").status_code == 403


def test_the_privacy_notice_links_the_form(client):
    for prefix in ("", "/es"):
        html = client.get(f"{prefix}/privacy/").content.decode()
        assert f'href="{prefix}/health-data-request/"' in html


def test_the_form_in_spanish(client):
    html = client.get("/es/health-data-request/").content.decode()
    assert "Consulte sus datos de salud del consumidor" in html
    assert "asesoría legal" in html


def test_the_staff_home_counts_requests_waiting_and_overdue(client, front_desk_user, frozen_clock):
    confirmed_request(client, email="first@example.com")
    frozen_clock.shift(timedelta(days=30))
    send(client, email="second@example.com")
    confirm(client, mail.outbox[-1])
    send(client, email="unconfirmed@example.com")
    frozen_clock.shift(timedelta(days=16))
    client.force_login(front_desk_user)
    html = client.get("/admin/").content.decode()
    overdue = re.search(r"past their 45-day deadline</a></th>\s*<td><strong>(\d+)<", html)
    waiting = re.search(r"waiting for an answer</a></th>\s*<td><strong>(\d+)<", html)
    assert (overdue[1], waiting[1]) == ("1", "2")


def test_a_database_failure_keeps_what_was_typed(client, monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("health_data_requests.views.submit_request", fail)
    response = send(client, email="alex@example.com")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Our system has a problem and could not store your details." in html
    form = FormFields()
    form.feed(html)
    assert (form.fields["email"], form.fields["kind"]) == ("alex@example.com", ["deletion"])
    assert mail.outbox == []
