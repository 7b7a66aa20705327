"""Malformed requests get a 200 or a 4xx page, never a 500, on SQLite and PostgreSQL
(issue 13, findings 3, 4 and 9): control characters anywhere, bodies in charsets we
cannot read, and file uploads where none are taken or too large to take."""

from urllib.parse import unquote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from appointments.models import AppointmentRequest

from .factories import AppointmentRequestFactory, ConditionFactory, form_data

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
# As they appear percent-encoded in a URL or a form body.
CONTROL_CHARACTERS = {
    "nul": "%00",
    "nul-inside": "a%00b",
    "soh": "%01",
    "backspace": "%08",
    "vertical-tab": "%0b",
    "escape": "%1b",
    "delete": "%7f",
    "c1-next-line": "%c2%85",
    "line-separator": "%e2%80%a8",
    "invalid-utf8": "%ff%fe",
    "surrogate": "%ed%a0%80",
}
PUBLIC_QUERIES = [
    "/search/?q={}",
    "/?utm_source={}",
    "/conditions/?page={}",
    "/appointments/?condition={}",
    "/contact/?{}=1",
]
STAFF_QUERIES = [
    ADMIN + "appointments/appointmentrequest/?q={}",
    ADMIN + "appointments/appointmentrequest/?status__exact={}",
    ADMIN + "appointments/appointmentrequest/?condition__id__exact={}",
    ADMIN + "appointments/appointmentrequest/?full_name={}",
    ADMIN + "appointments/appointmentrequest/?submitted_at__gte={}",
    ADMIN + "appointments/appointmentrequest/?o={}",
    ADMIN + "appointments/appointmentrequest/?p={}",
    ADMIN + "appointments/appointmentrequest/?_to_field={}",
    ADMIN + "appointments/accesslog/?q={}",
    ADMIN + "conditions/condition/?q={}",
    ADMIN + "conditions/condition/?is_published__exact={}",
    ADMIN + "auth/user/?q={}",
    ADMIN + "autocomplete/?app_label=appointments&model_name=appointmentrequest"
    "&field_name=condition&term={}",
    ADMIN + "autocomplete/?app_label={}&model_name=appointmentrequest&field_name=condition",
]
PATHS = [
    "/conditions/{}/",
    "/search/{}",
    ADMIN + "appointments/appointmentrequest/{}/change/",
    ADMIN + "conditions/condition/{}/change/",
    ADMIN + "{}/",
]


def allowed(response):
    return response.status_code in (200, 302, 400, 403, 404)


@pytest.fixture
def records(db):
    condition = ConditionFactory(slug="neck-pain")
    AppointmentRequestFactory(condition=condition)


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def staff(superuser):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("character", CONTROL_CHARACTERS.values(), ids=CONTROL_CHARACTERS.keys())
def test_control_characters_in_query_strings(records, anonymous, staff, character):
    for url in PUBLIC_QUERIES:
        response = anonymous.get(url.format(character))
        assert response.status_code == 200, url
    for url in STAFF_QUERIES:
        response = staff.get(url.format(character))
        assert allowed(response), (url, response.status_code)


@pytest.mark.parametrize("character", CONTROL_CHARACTERS.values(), ids=CONTROL_CHARACTERS.keys())
def test_control_characters_in_paths(records, anonymous, staff, character):
    for url in PATHS:
        for client in (anonymous, staff):
            response = client.get(url.format(character))
            assert allowed(response), (url, response.status_code)
            if "%00" in character:
                assert response.status_code == 400


@pytest.mark.parametrize("character", CONTROL_CHARACTERS.values(), ids=CONTROL_CHARACTERS.keys())
def test_control_characters_in_form_values(records, anonymous, character):
    for field in ("full_name", "phone", "email", "message", "condition", "preferred_days"):
        body = urlencode(form_data(**{field: "x"}), doseq=True).replace(
            f"{field}=x", f"{field}={character}"
        )
        for url in ("/appointments/", "/contact/"):
            response = anonymous.post(url, body, content_type="application/x-www-form-urlencoded")
            assert response.status_code in (200, 302), (url, field)
    login = anonymous.post(
        ADMIN + "login/",
        f"username=admin{character}&password=x{character}",
        content_type="application/x-www-form-urlencoded",
    )
    assert login.status_code == 200


def test_a_nul_in_a_patients_message_is_removed_and_the_rest_kept(anonymous):
    body = urlencode(form_data(message="x"), doseq=True).replace(
        "message=x", "message=Pain%00 since May"
    )
    response = anonymous.post(
        "/appointments/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert AppointmentRequest.objects.get().message == "Pain since May"


@pytest.mark.parametrize("character", CONTROL_CHARACTERS.values(), ids=CONTROL_CHARACTERS.keys())
def test_control_characters_in_staff_form_values(records, staff, superuser, character):
    request = AppointmentRequest.objects.get()
    response = staff.post(
        f"{ADMIN}appointments/appointmentrequest/{request.pk}/change/",
        f"status=contacted&notes-TOTAL_FORMS=1&notes-INITIAL_FORMS=0&notes-0-text=Call{character}"
        f"&status_changes-TOTAL_FORMS=0&status_changes-INITIAL_FORMS=0",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
@pytest.mark.parametrize("character", CONTROL_CHARACTERS.values(), ids=CONTROL_CHARACTERS.keys())
def test_control_characters_in_cookies(records, anonymous, cookie, character):
    # Header bytes reach Django as latin-1 text, as every WSGI server passes them.
    anonymous.cookies[cookie] = unquote(f"abc{character}def", encoding="latin-1")
    for url in ("/", "/appointments/", ADMIN, ADMIN + "login/"):
        response = anonymous.get(url)
        assert allowed(response), (url, cookie, response.status_code)
    response = anonymous.post("/appointments/", form_data())
    assert allowed(response)


# Finding 4: bodies in a charset we cannot read.

UNREADABLE_BODIES = {
    "utf-16": ("application/x-www-form-urlencoded; charset=utf-16", "utf-16"),
    "utf-16le": ("application/x-www-form-urlencoded; charset=UTF-16LE", "utf-16-le"),
    "utf-32": ("application/x-www-form-urlencoded; charset=utf-32", "utf-32"),
    "quoted": ('application/x-www-form-urlencoded; charset="utf-16"', "utf-16"),
    "unknown-charset": ("application/x-www-form-urlencoded; charset=no-such-charset", "utf-8"),
    "empty-charset": ("application/x-www-form-urlencoded; charset=", "utf-8"),
}
ODD_BODIES = {
    "invalid-bytes": ("application/x-www-form-urlencoded", None),
    "text-plain-utf-16": ("text/plain; charset=utf-16", "utf-16"),
    "json": ("application/json", "utf-8"),
    "multipart-no-boundary": ("multipart/form-data", "utf-8"),
    "multipart-utf-16": (f"multipart/form-data; boundary={BOUNDARY}; charset=utf-16", "utf-16"),
    "multipart-unknown": (f"multipart/form-data; boundary={BOUNDARY}; charset=nope", "utf-8"),
}
POST_URLS = [
    "/appointments/",
    "/contact/",
    ADMIN + "login/",
    "/search/",
    "/",
    "/health-data-request/",
]


def encoded(content_type, encoding):
    if content_type.startswith("multipart/form-data; boundary"):
        return encode_multipart(BOUNDARY, {"full_name": "Zoë", "username": "admin"})
    if encoding is None:
        return b"full_name=\xff\xfe\xc3&phone=%ff"
    return urlencode({"full_name": "Zoë", "username": "admin"}).encode(encoding)


def csrf_client(url):
    """A browser that loaded a page first, so it holds a CSRF cookie."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(url)
    return client


@pytest.mark.parametrize(
    ("content_type", "encoding"), UNREADABLE_BODIES.values(), ids=UNREADABLE_BODIES.keys()
)
def test_a_body_in_a_charset_we_cannot_read_gets_the_400_page(superuser, content_type, encoding):
    for url in POST_URLS[:3]:
        for client in (csrf_client(url), Client(raise_request_exception=False)):
            response = client.generic("POST", url, encoded(content_type, encoding), content_type)
            assert response.status_code == 400, url
            assert b"we could not read that request" in response.content
    assert not AppointmentRequest.objects.exists()


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [
        ("UTF8", "utf-8"),
        ("utf8", "utf-8"),
        ("utf-8", "utf-8"),
        ('"UTF-8"', "utf-8"),
        ("utf_8", "utf-8"),
        ("latin1", "latin-1"),
        ("ISO-8859-1", "latin-1"),
        ("iso_8859_1", "latin-1"),
        ("windows-1252", "cp1252"),
    ],
)
def test_a_form_in_a_charset_python_knows_by_that_name_is_stored_whole(charset, encoding):
    """Issue 26.18: `charset=UTF8` got the 400 page and the patient's words were lost."""
    client = csrf_client("/appointments/")
    data = form_data(full_name="Zoë Núñez", message="Dolor de rodilla.\r\nDesde marzo.")
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    body = urlencode(data, doseq=True, encoding=encoding)
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    response = client.generic("POST", "/appointments/", body, content_type)
    assert response.status_code == 302, response.content[:500]
    stored = AppointmentRequest.objects.get()
    assert (stored.full_name, stored.message) == ("Zoë Núñez", "Dolor de rodilla.\nDesde marzo.")


@pytest.mark.parametrize(("content_type", "encoding"), ODD_BODIES.values(), ids=ODD_BODIES.keys())
def test_odd_bodies_get_a_page_not_an_error(superuser, content_type, encoding):
    for url in POST_URLS:
        for client in (csrf_client(url), Client(raise_request_exception=False)):
            response = client.generic("POST", url, encoded(content_type, encoding), content_type)
            assert response.status_code in (200, 400, 403, 405), (url, response.status_code)


# Finding 9: file uploads.


class UnreadableStream:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def unread_upload(client, url, size):
    return client.generic(
        "POST",
        url,
        b"",
        **{
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(size),
            "wsgi.input": UnreadableStream(),
        },
    )


@pytest.mark.parametrize("url", ["/appointments/", "/contact/", "/search/", "/"])
def test_public_pages_refuse_file_uploads_before_reading_them(anonymous, url):
    response = unread_upload(anonymous, url, 50 * 1024 * 1024)
    assert response.status_code == 400
    assert b"we could not read that request" in response.content


@pytest.mark.parametrize(
    "content_type",
    [MULTIPART_CONTENT, f"Multipart/Form-Data; boundary={BOUNDARY}", "multipart/mixed"],
)
def test_the_request_form_takes_no_multipart_body_even_a_small_one(anonymous, content_type):
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4" + b"x" * 1000)
    body = encode_multipart(BOUNDARY, {**form_data(), "scan": scan})
    response = anonymous.generic("POST", "/appointments/", body, content_type)
    assert response.status_code == 400
    assert not AppointmentRequest.objects.exists()


def test_the_staff_area_refuses_a_body_over_the_cap_before_reading_it(anonymous, staff, settings):
    for client in (anonymous, staff):
        for url in (ADMIN + "login/", ADMIN + "conditions/condition/add/"):
            response = unread_upload(client, url, settings.REQUEST_MAX_BODY_SIZE + 1)
            assert response.status_code == 400, url
