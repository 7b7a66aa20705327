"""Shared fixtures. Every test gets fast password hashing, plain static files, its own
media folder and an empty cache; nothing reaches the network except the local
PostgreSQL, Redis and Chromium that some tests use on purpose."""

import os
import signal
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from .factories import ClinicianFactory, ConditionFactory, TreatmentFactory, UserFactory
from .staff_sessions import VerifiedClient

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
LOCMEM_CACHE = "django.core.cache.backends.locmem.LocMemCache"
# What `make run` uses when CACHE_URL is not set.
EMBEDDED_CACHE = {"BACKEND": DATABASE_CACHE, "LOCATION": "clinic_cache", "KEY_PREFIX": "test"}

# In CI every test must run: a skip (no Chromium, no Redis, ...) fails the run.
REQUIRE_ALL = os.environ.get("CI_REQUIRE_ALL_TESTS") == "1"
# CI runs the in-process tests once more with the clock this many days ahead, so a test
# whose result depends on today's date fails there rather than on some later day.
CLOCK_SHIFT_DAYS = int(os.environ.get("TEST_CLOCK_SHIFT_DAYS", "0"))


def pytest_configure(config):
    if CLOCK_SHIFT_DAYS:
        shifted = datetime.now(UTC) + timedelta(days=CLOCK_SHIFT_DAYS)
        config.clock_shift = time_machine.travel(shifted, tick=True)
        config.clock_shift.start()


def pytest_report_header(config):
    if CLOCK_SHIFT_DAYS:
        return f"clock moved {CLOCK_SHIFT_DAYS} days ahead: it reads {datetime.now(UTC):%Y-%m-%d}"
    return None


@pytest.fixture(autouse=True, scope="session")
def static_files_from_source(tmp_path_factory):
    """Static files straight from the source folders, as `collectstatic` has not run.
    Session-wide, because the live server's handler is built once."""
    from django.conf import settings

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FRONT_DESK_EMAILS = ["frontdesk@clinic.example"]
    # Whole-page caching is tested on purpose (the page_cache fixture); elsewhere pages
    # are rendered fresh, also when CI runs the suite with Redis as the cache.
    settings.PAGE_CACHE_ENABLED = False
    if settings.CACHES["default"]["BACKEND"] == DATABASE_CACHE:
        # The embedded default lives in a database of its own, which most tests do not
        # open; tests of it ask for it (the embedded_cache fixture).
        settings.CACHES = {**settings.CACHES, "default": {"BACKEND": LOCMEM_CACHE}}
    cache.clear()
    # Each test starts in English: a request to /es/ leaves Spanish active in the thread,
    # and factories write a translated field in the active language.
    with translation.override("en"):
        yield settings
    cache.clear()


@pytest.fixture
def client():
    """pytest-django's test client, posting forms URL-encoded as browsers do, except that
    `client.force_login(user)` also passes the second sign-in step (test only; see
    tests/staff_sessions.py). Tests of a session that has not passed it use
    `django.test.Client()`."""
    return VerifiedClient()


@pytest.fixture
def embedded_cache(settings):
    """The default cache of `make run`: Django's database cache in its own SQLite file.
    Tests using it are marked django_db(databases=["default", "cache"])."""
    settings.CACHES = {**settings.CACHES, "default": EMBEDDED_CACHE}
    # The test database has the table only if the suite started with this cache.
    call_command("createcachetable", database="cache")
    cache.clear()
    return settings


@pytest.fixture
def page_cache(settings):
    """Turn on the whole-page cache (off with the default per-process cache), and its
    X-Cache header (off in production)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_HEADER = True
    return settings


@pytest.fixture
def run_worker(transactional_db):
    """Run the background worker (`manage.py db_worker`) until the queue is empty. With
    real commits: the worker closes a connection it finds inside a transaction."""
    # The worker installs its own shutdown handlers; give pytest its own back afterwards.
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {number: signal.getsignal(number) for number in signals}
    yield lambda: call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    for number, handler in handlers.items():
        signal.signal(number, handler)


@pytest.fixture
def condition(db):
    return ConditionFactory(name="Upper Back Pain", slug="upper-back-pain")


@pytest.fixture
def treatment(db):
    return TreatmentFactory(name="Trigger Point Injections", slug="trigger-point-injections")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True)


@pytest.fixture
def front_desk_user(db):
    return UserFactory(username="frontdesk", groups=["Front desk"])


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["Content editors"])


@pytest.fixture
def reviewer(db):
    """A clinical reviewer whose account is linked to their clinician profile, as a
    medical sign-off needs."""
    user = UserFactory(
        username="reviewer", first_name="Ana", last_name="Ruiz", groups=["Clinical reviewers"]
    )
    ClinicianFactory(name="Dr. Ana Ruiz", slug="dr-ana-ruiz", credentials="MD", user=user)
    return user


def pytest_sessionfinish(session, exitstatus):
    if not REQUIRE_ALL:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"CI requires every test to run, but {len(skipped)} were skipped.", red=True
        )
        session.exitstatus = 1
