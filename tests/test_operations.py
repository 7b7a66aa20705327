"""Health checks, structured logs without personal data, the gunicorn config (issue 5)."""

import json
import logging
import runpy

import pytest
from django.test import Client

from clinic_site.settings import BASE_DIR
from core.logging import JsonFormatter

from .factories import form_data
from .test_settings import run_django

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.5")  # probes use the server's IP
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert client.head("/healthz").content == b""


def test_healthz_answers_503_without_details_when_the_database_is_down():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode().strip(), r['Cache-Control'])"
    )
    # A PostgreSQL address where nothing listens: a real connection failure.
    result = run_django(
        script,
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:9/clinic?connect_timeout=2",
    )
    assert result.returncode == 0, result.stderr
    status, body, cache_control = result.stdout.split(" ", 2)
    assert (status, body) == ("503", "unavailable")
    assert "no-store" in cache_control
    assert "health check failed" in result.stdout + result.stderr


def test_healthz_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_logs_are_json_without_query_strings(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/no-such-page/?name=Alex+Example&phone=5550100123")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["path"] == "/no-such-page/"
    assert "Alex" not in line and "5550100123" not in line


def test_a_submission_logs_nothing_personal(client, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post("/appointments/", form_data(full_name="Private Person", message="my back"))
        client.post("/appointments/", form_data(full_name="", message="my back"))
    assert "Private Person" not in caplog.text
    assert "my back" not in caplog.text


def test_gunicorn_config_scales_with_the_machine_and_restarts_gracefully(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert config["workers"] == 9
    assert config["timeout"] == 30
    assert config["graceful_timeout"] >= 10
    assert config["max_requests"] > 0
    assert config["accesslog"] == "-"
    assert "%(q)s" not in config["access_log_format"] and "%(h)s" not in config["access_log_format"]
    assert config["wsgi_app"] == "clinic_site.wsgi:application"


def test_no_admin_error_emails_with_request_data(settings):
    # Django's default would mail request data (patients' details) to ADMINS on errors.
    handlers = settings.LOGGING["handlers"].values()
    assert not any("AdminEmailHandler" in handler.get("class", "") for handler in handlers)


def test_the_server_error_log_has_no_form_data(caplog, settings):
    client = Client(raise_request_exception=False)
    settings.ROOT_URLCONF = "tests.error_urls"
    with caplog.at_level(logging.ERROR):
        client.post("/broken/", {"full_name": "Private Person"})
    assert "Private Person" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_master_warms_the_app_before_forking(caplog):
    from django.db import connection
    from django.template.loader import get_template

    from clinic_site.warmup import warm_up

    warm_up()
    # No database connection may be inherited by the forked workers.
    assert connection.connection is None
    assert "warm-up skipped" not in caplog.text
    assert get_template("conditions/condition_detail.html")
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    assert callable(config["when_ready"])
