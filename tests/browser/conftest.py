"""Fixtures for the browser tests: Debian's Chromium driven by Playwright's sync API
against pytest-django's live server.

One browser serves the whole run; each test gets fresh browser contexts (no shared
cookies) and a database flushed after it (`live_server` implies `transactional_db`).
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from .support import AXE_SCRIPT, CHROMIUM, TIMEOUT_MS, launch_chromium

# The data migrations that create the staff groups.
STAFF_GROUP_MIGRATIONS = [
    ("appointments", "0002_front_desk_group"),
    ("conditions", "0002_content_editors_group"),
    ("content_workflow", "0002_clinical_reviewers_group"),
]


@pytest.fixture
def staff_groups(transactional_db):
    """The staff groups ("Front desk", "Content editors", "Clinical reviewers"), with
    their permissions.

    Data migrations create them, but the flush after every transactional test (every
    browser test) deletes them: this runs those migrations' own code again.
    """
    loader = MigrationLoader(connection)
    for key in STAFF_GROUP_MIGRATIONS:
        migration = loader.get_migration(*key)
        state = loader.project_state(key, at_end=False)
        with connection.schema_editor(atomic=migration.atomic) as schema_editor:
            migration.apply(state, schema_editor)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an asyncio event loop running in this thread, so
        # Django would refuse the tests' own database queries as if they ran in async code.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            yield browser
            browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a new browser context: its own cookies, like another person."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def axe_page(new_page):
    """A page that can run axe-core. The site's CSP forbids inline scripts, so this
    context (only this one) bypasses CSP to inject axe."""
    if not AXE_SCRIPT.exists():
        pytest.skip(f"{AXE_SCRIPT} not found: run `npm ci` (make test does) to install axe-core")
    return new_page(bypass_csp=True)


@pytest.fixture
def demo_content():
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture
def instant_form(settings):
    """No minimum fill time: the form's time trap would otherwise make tests wait 3 s."""
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "MIN_FILL_SECONDS": 0}


def _reload_middleware(live_server):
    handler = live_server.thread.httpd.get_app()
    # The static and media file handlers wrap Django's own handler.
    while hasattr(handler, "application"):
        handler = handler.application
    handler.load_middleware()


@pytest.fixture(autouse=True)
def _live_server_follows_test_settings(live_server, test_settings):
    """Build the live server's middleware from this test's settings.

    The live server starts once for the whole run, and the page cache middleware reads
    PAGE_CACHE_ENABLED only when it is created: without this, whether pages are cached
    would depend on which test started the server, and when (and on the cache backend).
    """
    _reload_middleware(live_server)


@pytest.fixture
def live_server_page_cache(live_server, settings, _live_server_follows_test_settings):
    """Turn the whole-page cache on in the live server, for one test."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_HEADER = True  # X-Cache: hit or miss, as the benchmark asks
    _reload_middleware(live_server)
