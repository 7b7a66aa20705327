"""No input, however malformed, produces a 500 or reaches a page unescaped (issue 4)."""

import pytest
from django.core import mail

from appointments.models import AppointmentRequest

from .factories import AppointmentRequestFactory, form_data
from .http_helpers import BrowserClient

pytestmark = pytest.mark.django_db

HOSTILE = {
    "script": '<script>alert("x")</script>',
    "event-handler": '<img src=x onerror=alert(1)>"><svg onload=alert(1)>',
    "sql": "Robert'); DROP TABLE appointments_appointmentrequest;--",
    "emoji": "Zoë 🙂👍🏽 Ñandú",
    "right-to-left": "مريم علي שלום",
    "bidi-override": "Alex\u202eevil\u202c Example",
    "null-byte": "Alex\x00 Example",
    "crlf": "Alex\r\nBcc: victim@example.com",
    "long": "A" * 10_000,
    "template": "{{ settings.SECRET_KEY }} {% debug %}",
}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("field", ["full_name", "message", "phone", "email"])
def test_hostile_values_never_cause_a_server_error(client, field, value):
    response = client.post("/appointments/", form_data(**{field: value}))
    assert response.status_code in (200, 302)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert AppointmentRequest.objects.count() <= 1


@pytest.mark.parametrize(
    "value", ["script", "event-handler", "sql", "emoji", "right-to-left", "template"]
)
def test_accepted_hostile_text_is_stored_exactly_once_and_escaped_everywhere(
    client, superuser, value
):
    text = HOSTILE[value]
    response = client.post("/appointments/", form_data(full_name=text[:100], message=text))
    assert response.status_code == 302
    stored = AppointmentRequest.objects.get()
    assert stored.full_name == text[:100]
    assert stored.message == text
    client.force_login(superuser)
    for url in (
        "/admin/appointments/appointmentrequest/",
        f"/admin/appointments/appointmentrequest/{stored.pk}/change/",
    ):
        html = client.get(url).content.decode()
        for raw in ("<script>alert", "<img src=x onerror", "<svg onload"):
            assert raw not in html, url
    if value == "template":
        assert "{{ settings.SECRET_KEY }}" in html


def test_control_characters_are_stripped(client):
    client.post(
        "/appointments/",
        form_data(
            full_name="Alex\x00 \x07Exa\u202emple\r\n", message="Line one\r\nLine two\x1b[31m"
        ),
    )
    stored = AppointmentRequest.objects.get()
    assert stored.full_name == "Alex Example"
    assert stored.message == "Line one\nLine two[31m"


def test_no_header_can_be_injected_through_name_or_email(client, settings, run_worker):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "SEND_ACKNOWLEDGEMENT": True}
    response = client.post(
        "/appointments/",
        form_data(
            full_name="Alex\r\nBcc: victim@example.com",
            email="alex@example.com\r\nBcc: victim@example.com",
        ),
    )
    assert response.status_code == 200
    assert "Enter an email address in the right format" in response.content.decode()
    client.post("/appointments/", form_data(full_name="Alex\r\nBcc: victim@example.com"))
    run_worker()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        headers = str(message.message())
        assert "victim@example.com" not in headers
        assert all(
            "\n" not in value and "\r" not in value for value in [*message.to, message.subject]
        )


def test_non_utf8_bytes_get_a_clear_page(client):
    response = client.generic(
        "POST",
        "/appointments/",
        b"full_name=%FF%FE%FD&phone=%C3%28&consent=on",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "There is a problem with your request" in response.content.decode()


def test_a_huge_body_gets_a_clear_page_not_a_crash():
    client = BrowserClient(raise_request_exception=False)
    response = client.post("/appointments/", {"message": "x" * 3_000_000, "full_name": "Alex"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, we could not read that request" in html
    assert 'href="tel:+15550100123"' in html
    assert AppointmentRequest.objects.count() == 0


def test_too_many_fields_get_a_clear_page():
    client = BrowserClient(raise_request_exception=False)
    data = form_data()
    data.update({f"extra{i}": "x" for i in range(500)})
    assert client.post("/appointments/", data).status_code == 400


def test_repeated_fields_take_one_value(client):
    data = form_data()
    data["full_name"] = ["First Name", "Second Name"]
    data["patient_status"] = ["new", "existing"]
    assert client.post("/appointments/", data).status_code == 302
    assert AppointmentRequest.objects.get().full_name == "Second Name"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_a_wrong_method_gets_a_clear_page(client, method):
    response = getattr(client, method)("/appointments/")
    assert response.status_code == 405
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
    assert "Sorry, that did not work" in response.content.decode()


def test_a_missing_or_stale_csrf_token_keeps_the_patient_on_the_form_with_their_details():
    client = BrowserClient(enforce_csrf_checks=True)
    response = client.post(
        "/appointments/",
        form_data(
            full_name="Alex Example",
            phone="555 010 0199",
            preferred_days=["friday"],
            message="Hello",
        ),
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "For your security, this form had expired" in html
    assert 'value="Alex Example"' in html
    assert 'value="555 010 0199"' in html
    assert 'value="friday" id="id_preferred_days_4" checked' in html
    assert ">\nHello</textarea>" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "There is a problem" not in html  # a fresh form, not a list of errors
    assert AppointmentRequest.objects.count() == 0
    # Sending the re-shown form again works.
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post("/appointments/", form_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302


def test_a_csrf_failure_elsewhere_gets_the_plain_page():
    client = BrowserClient(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Sorry, you cannot open this page" in response.content.decode()


def test_hostile_values_in_the_admin_list_are_escaped(client, superuser):
    AppointmentRequestFactory(full_name='<script>alert("x")</script>', email="a@example.com")
    client.force_login(superuser)
    html = client.get("/admin/appointments/appointmentrequest/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")' not in html
