"""Settings come from the environment, with safe defaults (issue 2)."""

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from core.clinic import parse_hours

PROJECT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "DATABASE": settings.DATABASES["default"],
    "CACHE": settings.CACHES["default"],
    "CACHE_DATABASE": settings.DATABASES["cache"],
    "SITE_URL": settings.SITE_URL,
    "PAGE_CACHE_ENABLED": settings.PAGE_CACHE_ENABLED,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": settings.EMAIL_HOST,
    "EMAIL_PORT": settings.EMAIL_PORT,
    "EMAIL_USE_TLS": settings.EMAIL_USE_TLS,
    "FRONT_DESK_EMAILS": settings.FRONT_DESK_EMAILS,
    "TIME_ZONE": settings.TIME_ZONE,
    "CLINIC": settings.CLINIC,
    "ADMIN_URL": settings.ADMIN_URL,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
}, default=str))
"""


def run_django(code, **env):
    """Run Python with the project's settings in a clean environment: only `env` is set."""
    clean_env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
        "ENV_FILE": "/nonexistent/.env",  # ignore the developer's local .env
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env):
    result = run_django(PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_django("import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "will not start" in result.stderr


def test_debug_is_off_unless_asked_for():
    assert settings_with(SECRET_KEY="x" * 50)["DEBUG"] is False
    assert settings_with(DEBUG="on")["DEBUG"] is True


def test_defaults_are_local_and_safe():
    values = settings_with(SECRET_KEY="x" * 50)
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert values["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASE"]["NAME"] == str(PROJECT / "db.sqlite3")
    # A cache every worker shares with no server to install: Django's database cache, in
    # an SQLite file of its own (WAL), so whole pages are cached by default.
    assert values["CACHE"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["CACHE_DATABASE"]["NAME"] == str(PROJECT / "db.cache.sqlite3")
    assert "journal_mode=WAL" in values["CACHE_DATABASE"]["OPTIONS"]["init_command"]
    assert values["PAGE_CACHE_ENABLED"] is True
    assert values["SITE_URL"] == "http://127.0.0.1:8000"
    assert values["EMAIL_BACKEND"] == "core.mail.PrivateFileEmailBackend"
    assert values["ADMIN_URL"] == "admin/"
    assert values["SECURE_SSL_REDIRECT"] is False


SEND_A_PATIENT_EMAIL = """
import django
django.setup()
from django.core.mail import send_mail
send_mail("We received your message", "Thank you.", None, ["alex.patient@example.com"])
"""


def test_local_mail_goes_to_a_git_ignored_folder_not_to_stdout(tmp_path):
    """Finding 13.8: the local default printed acknowledgements, with patients' addresses,
    to stdout, which ends up in logs."""
    folder = tmp_path / "mail"
    result = run_django(SEND_A_PATIENT_EMAIL, SECRET_KEY="x" * 50, EMAIL_FILE_PATH=str(folder))
    assert result.returncode == 0, result.stderr
    assert "alex.patient@example.com" not in result.stdout + result.stderr
    [written] = folder.iterdir()
    assert "To: alex.patient@example.com" in written.read_text()
    # Owner-only, like exports (issue 26.10): the folder and every file in it.
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    # Without EMAIL_FILE_PATH, the folder is .mail/ in the project, which git ignores.
    default = run_django(
        "import django\nfrom django.conf import settings\ndjango.setup()\n"
        "print(settings.EMAIL_FILE_PATH)",
        SECRET_KEY="x" * 50,
    )
    assert default.stdout.strip() == str(PROJECT / ".mail")
    ignored = subprocess.run(
        ["git", "check-ignore", "--quiet", ".mail/a-message.log"], cwd=PROJECT, check=False
    )
    assert ignored.returncode == 0


def test_environment_values_are_honoured():
    values = settings_with(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="clinic.example.org,www.clinic.example.org",
        CSRF_TRUSTED_ORIGINS="https://clinic.example.org",
        DATABASE_URL="postgres://clinic:pw@db.internal:5433/clinicdb",
        CONN_MAX_AGE="120",
        CACHE_URL="redis://cache.internal:6379/2",
        EMAIL_URL="smtp+tls://user:pw@smtp.example.org:587",
        FRONT_DESK_EMAILS="a@clinic.example,b@clinic.example",
        TIME_ZONE="America/Chicago",
        CLINIC_NAME="Lakeside Spine & Pain",
        CLINIC_PHONE="+1 555 010 9999",
        CLINIC_HOURS="Mo-Fr 07:30-16:00",
        ADMIN_URL="/staff-area/",
        HTTPS="on",
    )
    assert values["ALLOWED_HOSTS"] == ["clinic.example.org", "www.clinic.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://clinic.example.org"]
    database = values["DATABASE"]
    assert database["ENGINE"] == "core.postgresql"  # Django's, with a cheaper health check
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "clinicdb",
    )
    assert database["CONN_MAX_AGE"] == 120
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["server_side_binding"] is True
    assert database["OPTIONS"]["prepare_threshold"] == 5
    assert values["CACHE"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert values["CACHE"]["LOCATION"] == "redis://cache.internal:6379/2"
    # Redis errors count as misses: the site keeps serving while Redis is down.
    assert values["CACHE"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert values["PAGE_CACHE_ENABLED"] is True
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (
        "smtp.example.org",
        587,
        True,
    )
    assert values["FRONT_DESK_EMAILS"] == ["a@clinic.example", "b@clinic.example"]
    assert values["TIME_ZONE"] == "America/Chicago"
    assert values["CLINIC"]["NAME"] == "Lakeside Spine & Pain"
    assert values["CLINIC"]["PHONE"] == "+1 555 010 9999"
    assert values["ADMIN_URL"] == "staff-area/"
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({"PORT": "9000"}, "http://127.0.0.1:9000"),
        ({"HOST": "0.0.0.0", "PORT": "9000"}, "http://127.0.0.1:9000"),  # noqa: S104
        ({"HOST": "clinic.test", "PORT": "8080"}, "http://clinic.test:8080"),
        ({"PORT": "9000", "SITE_URL": "https://clinic.example.org/"}, "https://clinic.example.org"),
    ],
)
def test_addresses_follow_the_port_the_site_runs_on(env, site_url):
    assert settings_with(SECRET_KEY="x" * 50, **env)["SITE_URL"] == site_url


def test_a_per_process_cache_with_several_workers_is_warned_about():
    check = "from django.core.management import call_command; call_command('check')"
    result = run_django(
        "import django; django.setup(); " + check,
        SECRET_KEY="x" * 50,
        CACHE_URL="locmemcache://",
        WEB_CONCURRENCY="3",
    )
    assert "core.W001" in result.stderr
    assert "3 workers" in result.stderr
    for env in ({"WEB_CONCURRENCY": "1", "CACHE_URL": "locmemcache://"}, {"WEB_CONCURRENCY": "3"}):
        result = run_django("import django; django.setup(); " + check, SECRET_KEY="x" * 50, **env)
        assert result.returncode == 0, result.stderr
        assert "core.W001" not in result.stderr + result.stdout


def test_postgresql_prepared_statements_can_be_turned_off_for_a_pooler():
    database = settings_with(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://clinic@db.internal/clinic",
        DATABASE_PREPARED_STATEMENTS="off",
    )["DATABASE"]
    assert "server_side_binding" not in database.get("OPTIONS", {})
    assert "prepare_threshold" not in database.get("OPTIONS", {})


def test_sqlite_is_configured_for_several_writers():
    database = settings_with(SECRET_KEY="x" * 50)["DATABASE"]
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_a_dot_env_file_fills_in_and_the_real_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "SECRET_KEY=from-the-file-"
        + "x" * 40
        + "\nCLINIC_NAME=From The File\nTIME_ZONE=Europe/London\n"
    )
    values = settings_with(ENV_FILE=str(env_file), TIME_ZONE="America/Denver")
    assert values["CLINIC"]["NAME"] == "From The File"
    assert values["TIME_ZONE"] == "America/Denver"


def test_every_setting_read_from_the_environment_is_documented():
    source = (PROJECT / "clinic_site" / "settings.py").read_text()
    documented = (PROJECT / ".env.example").read_text() + (PROJECT / "README.md").read_text()
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    names -= {"ENV_FILE"}
    missing = sorted(name for name in names if name not in documented)
    assert not missing, f"not documented in .env.example or README: {missing}"


def test_opening_hours_are_parsed_for_people_and_search_engines():
    hours = parse_hours("Mo-Th 08:00-17:00; Fr 08:00-13:30")
    assert hours[0].days == ("Monday", "Tuesday", "Wednesday", "Thursday")
    assert hours[0].days_label == "Monday to Thursday"
    assert hours[0].times_label == "8:00 a.m. to 5:00 p.m."
    assert hours[1].days_label == "Friday"
    assert hours[1].times_label == "8:00 a.m. to 1:30 p.m."


@pytest.mark.parametrize("text", ["Monday 9-5", "Fr-Mo 08:00-12:00", "Mo 8:00-17:00"])
def test_unreadable_opening_hours_are_refused_with_a_clear_message(text):
    with pytest.raises(ValueError, match="CLINIC_HOURS"):
        parse_hours(text)
