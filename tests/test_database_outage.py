"""A patient's words are kept when the database cannot store them, and /healthz says so
in time (issue 26.12). In this process, on SQLite: a full disk (PRAGMA max_page_count)
and a disk nearly full. PostgreSQL stopped and frozen: tests/test_faults.py."""

import html

import pytest
from django.db import OperationalError, connection, transaction

from appointments.models import AppointmentRequest

from .factories import AppointmentRequestFactory, form_data
from .http_helpers import BrowserClient
from .test_settings import run_django

pytestmark = pytest.mark.django_db

MESSAGE = "My lower back hurts when I sit.\r\nIt started in March; ibuprofen helps a little."


@pytest.fixture
def full_disk():
    """The database may not grow any more: every page is in use, as on a full disk. (On
    PostgreSQL, where CI runs the suite again, a new row gets PostgreSQL's own disk_full
    error from a trigger.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER disk_full BEFORE INSERT ON {AppointmentRequest._meta.db_table}"
                " FOR EACH ROW EXECUTE FUNCTION disk_full()"
            )
        yield  # the test's transaction is rolled back, and the trigger with it
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0] + 1}")
    for size in (1000, 100, 1):  # every page filled, to its last bytes
        with pytest.raises(OperationalError, match="full"):
            while True:
                with transaction.atomic():
                    AppointmentRequestFactory(message="x" * size)
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA max_page_count = {2**30}")


def test_a_full_disk_keeps_what_the_patient_typed(full_disk, settings):
    before = AppointmentRequest.objects.count()
    response = BrowserClient().post(
        "/appointments/", form_data(full_name="Robin Quist", message=MESSAGE)
    )
    assert response.status_code == 503
    page = html.unescape(response.content.decode())
    assert "We could not send this yet" in page
    assert settings.CLINIC["PHONE"] in page
    assert 'value="Robin Quist"' in page
    assert MESSAGE in page.replace("\r\n", "\n").replace("\n", "\r\n")
    assert AppointmentRequest.objects.count() == before


def test_a_full_disk_keeps_the_spanish_form_in_spanish(full_disk):
    response = BrowserClient().post("/es/appointments/", form_data(message=MESSAGE))
    assert response.status_code == 503
    assert "Todavía no pudimos enviar esto" in html.unescape(response.content.decode())


def test_the_contact_form_too(full_disk):
    response = BrowserClient().post(
        "/contact/", form_data(request_type="question", message=MESSAGE)
    )
    assert response.status_code == 503
    assert "We could not send this yet" in response.content.decode()


def test_healthz_says_503_when_the_disk_is_nearly_full(client, settings):
    settings.HEALTH_MIN_FREE_MB = 2**40  # more than any disk has free
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def test_only_web_processes_limit_a_statements_time():
    """A patient waits on a web process; a migration or an export may take its time."""
    show = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://postgres@127.0.0.1:9/clinic"}
    web = run_django(f"import clinic_site.wsgi; {show}", **env)
    command = run_django(f"import django; django.setup(); {show}", **env)
    assert "'options': '-c statement_timeout=5000'" in web.stdout, web.stderr
    assert "'connect_timeout': 3" in web.stdout
    assert "statement_timeout" not in command.stdout and "'connect_timeout': 3" in command.stdout
