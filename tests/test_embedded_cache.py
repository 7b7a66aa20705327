"""The embedded default (SQLite and the database cache, no server to install) behaves as
one site across every gunicorn worker (issue 14).

Before, `make run` kept rate limits, login failures and cached pages in each worker's
memory: 30 of 30 requests got through a limit of 10, the lockout came at the 24th wrong
password instead of the 6th, and the page cache was off.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client

from clinic_site.settings import BASE_DIR
from conditions.models import Condition

from .http_helpers import (
    LINK_EDITOR_TO_A_CLINICIAN,
    Browser,
    approve,
    change_condition_summary,
    enrol,
    login,
)
from .test_multiserver import free_port

ADMIN_PASSWORD = "a long and careful passphrase"
WORKERS = 3
PARALLEL = 6
ACCESS_LINE = re.compile(r"^<(\d+)> (\w+) (\S+) (\d+)")


@pytest.mark.django_db(databases=["default", "cache"])
def test_pages_are_cached_in_the_cache_database_and_invalidated_on_change(
    embedded_cache, page_cache, django_capture_on_commit_callbacks
):
    call_command("load_demo_content", verbosity=0)
    client = Client()
    assert client.get("/conditions/upper-back-pain/")["X-Cache"] == "miss"
    assert client.get("/conditions/upper-back-pain/")["X-Cache"] == "hit"
    with connections["cache"].cursor() as cursor:
        cursor.execute("SELECT cache_key FROM clinic_cache")
        assert any("pagecache" in key for (key,) in cursor.fetchall())
    # Not in the main database, so caching a page never waits for its write lock.
    assert "clinic_cache" not in connections["default"].introspection.table_names()

    page = Condition.objects.get(slug="upper-back-pain")
    page.summary = "Changed in the admin."
    with django_capture_on_commit_callbacks(execute=True):
        page.save()
    response = client.get("/conditions/upper-back-pain/")
    assert response["X-Cache"] == "miss"
    assert "Changed in the admin." in response.content.decode()


@pytest.fixture(scope="module")
def embedded_site(tmp_path_factory):
    """`make run`'s configuration: one gunicorn with several workers on SQLite files and
    the default cache (no CACHE_URL, no Redis)."""
    data = tmp_path_factory.mktemp("embedded")
    env = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "/nonexistent/.env",
        "SECRET_KEY": "embedded-" + uuid.uuid4().hex * 2,
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
        "STATIC_ROOT": str(data / "static"),
        # Hit or miss, said only for tests and the benchmark.
        "PAGE_CACHE_HEADER": "on",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PROXY_COUNT": "1",
        "APPOINTMENT_RATE_LIMIT": "3",
        "APPOINTMENT_MIN_FILL_SECONDS": "0",
        "LOGIN_FAILURES_PER_USER": "3",
        "WEB_CONCURRENCY": str(WORKERS),
        # The worker's process id in each access line, to see that several served.
        "GUNICORN_CMD_ARGS": "--access-logformat '%(p)s %(m)s %(U)s %(s)s'",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        "DJANGO_SUPERUSER_EMAIL": "staff@clinic.example",
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (
        ["migrate", "--noinput"],
        ["createcachetable", "--database", "cache"],
        ["collectstatic", "--noinput"],
        ["load_demo_content"],
        ["createsuperuser", "--noinput", "--username", "admin"],
        ["createsuperuser", "--noinput", "--username", "editor"],
        LINK_EDITOR_TO_A_CLINICIAN,
    ):
        subprocess.run(
            manage + command, env=env, cwd=BASE_DIR, check=True, capture_output=True, timeout=120
        )
    port = free_port()
    log_path = data / "gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
            env={**env, "PORT": str(port)},
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while not _answers(url):
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)
            yield url, log_path
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    # Both SQLite files are the ones `make run` would use, side by side.
    assert (data / "db.cache.sqlite3").exists()


def _answers(url):
    try:
        return Browser(url).get("/healthz")[0].status == 200
    except OSError:
        return False


def workers_that_served(log_path, method, path):
    pids = set()
    for line in log_path.read_text().splitlines():
        try:
            message = json.loads(line)["message"]
        except (ValueError, KeyError):
            continue
        if (match := ACCESS_LINE.match(message)) and match.group(2, 3) == (method, path):
            pids.add(match[1])
    return pids


def in_parallel(task, count):
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(task, range(count)))


@pytest.mark.servers
def test_the_rate_limit_holds_across_workers(embedded_site):
    url, log_path = embedded_site

    def submit(number):
        response, _ = Browser(url, "198.51.100.23").submit_request(
            full_name=f"Patient {number}", form_started=None
        )
        return response.status

    statuses = in_parallel(submit, 12)
    assert sorted(statuses) == [302] * 3 + [429] * 9
    assert len(workers_that_served(log_path, "POST", "/appointments/")) > 1


@pytest.mark.servers
def test_a_login_lockout_holds_across_workers(embedded_site):
    url, log_path = embedded_site

    def fail(number):
        return login(url, "admin", "wrong password", address=f"192.0.2.{number}")[2]

    assert all(
        "Please enter the correct username and password" in html for html in in_parallel(fail, 3)
    )
    _, response, html = login(url, "admin", ADMIN_PASSWORD, address="192.0.2.99")
    assert response.status == 200
    assert "Too many failed sign-in attempts" in html
    assert len(workers_that_served(log_path, "POST", "/admin/login/")) > 1


@pytest.mark.servers
def test_an_admin_edit_reaches_every_worker_at_once(embedded_site):
    url, log_path = embedded_site
    page = "/conditions/lower-back-pain/"

    def fetch(_):
        response, html = Browser(url).get(page)
        return response.getheader("X-Cache"), html

    in_parallel(fetch, 12)
    assert fetch(0)[0] == "hit"

    editor, response, _ = login(url, "editor", ADMIN_PASSWORD, address="192.0.2.200")
    assert response.getheader("Location").startswith("/admin/second-step/enrol/")
    enrol(editor)
    review_url = change_condition_summary(
        editor, "Lower Back Pain", "Edited once, shown by every worker."
    )
    approve(editor, review_url)  # a draft until a clinical reviewer signs it off

    pages = in_parallel(fetch, 12)
    assert all("Edited once, shown by every worker." in html for _, html in pages)
    assert fetch(0)[0] == "hit"
    assert len(workers_that_served(log_path, "GET", page)) > 1
