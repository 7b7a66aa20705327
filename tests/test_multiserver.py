"""Two app servers, one PostgreSQL and one Redis, behave as one (issue 5).

Starts two real gunicorn instances on different ports and checks that a rate limit, a
login lockout and a content change's cache invalidation hold across both.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from base64 import b32decode
from html.parser import HTMLParser

import psycopg
import pytest
import redis
from django_otp.oath import totp

from clinic_site.settings import BASE_DIR

from .http_helpers import Browser

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/14"
ADMIN_PASSWORD = "a long and careful passphrase"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FormFields(HTMLParser):
    """The values a browser would submit for the first <form method="post"> on a page."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        if (
            tag == "input"
            and a.get("name")
            and a.get("type") not in ("submit", "file", "checkbox", "radio")
        ):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.fields.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "select":
            self._select = a["name"]
            self.fields.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += (
                data.removeprefix("\n") if not self.fields[self._textarea] else data
            )


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    try:
        admin_db = psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3)
        redis.Redis.from_url(REDIS).ping()
    except (psycopg.OperationalError, redis.ConnectionError) as error:
        pytest.skip(f"needs PostgreSQL and Redis on 127.0.0.1: {error}")
    database = f"clinic_multiserver_{os.getpid()}"
    admin_db.execute(f'DROP DATABASE IF EXISTS "{database}"')
    admin_db.execute(f'CREATE DATABASE "{database}"')
    prefix = f"multiserver-{uuid.uuid4().hex[:8]}"
    static_root = tmp_path_factory.mktemp("static")
    env = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "/nonexistent/.env",
        "SECRET_KEY": "multiserver-" + uuid.uuid4().hex * 2,
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "CACHE_URL": REDIS,
        "CACHE_KEY_PREFIX": prefix,
        "STATIC_ROOT": str(static_root),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PROXY_COUNT": "1",
        "APPOINTMENT_RATE_LIMIT": "3",
        "APPOINTMENT_MIN_FILL_SECONDS": "0",
        "LOGIN_FAILURES_PER_USER": "3",
        "WEB_CONCURRENCY": "2",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        "DJANGO_SUPERUSER_EMAIL": "staff@clinic.example",
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["load_demo_content"],
        ["createsuperuser", "--noinput", "--username", "admin"],
        ["createsuperuser", "--noinput", "--username", "editor"],
    ):
        subprocess.run(
            manage + command, env=env, cwd=BASE_DIR, check=True, capture_output=True, timeout=120
        )
    logs = tmp_path_factory.mktemp("gunicorn")
    processes, urls = [], []
    for name in ("a", "b"):
        port = free_port()
        log = open(logs / f"{name}.log", "w")  # noqa: SIM115 - closed with the server
        processes.append(
            (
                subprocess.Popen(
                    [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
                    env={**env, "PORT": str(port)},
                    cwd=BASE_DIR,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                ),
                log,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        deadline = time.monotonic() + 30
        while True:
            try:
                if Browser(url).get("/healthz")[0].status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (logs / "a.log").read_text() + (
                logs / "b.log"
            ).read_text()
            time.sleep(0.2)
    yield urls
    for process, log in processes:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
    admin_db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_the_rate_limit_holds_across_servers(servers):
    a, b = servers
    address = "198.51.100.23"
    for number, url in enumerate((a, b, a)):
        response, _ = Browser(url, address).submit_request(
            full_name=f"Patient {number}", form_started=None
        )
        assert response.status == 302, url
    response, html = Browser(b, address).submit_request(full_name="Patient 3", form_started=None)
    assert response.status == 429
    assert "We could not send this yet." in html
    # Another client address still gets through.
    assert (
        Browser(b, "198.51.100.24").submit_request(full_name="Other", form_started=None)[0].status
        == 302
    )


def login(url, username, password, address="192.0.2.10"):
    browser = Browser(url, address)
    response, html = browser.post_form(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    return browser, response, html


def enrol(browser, other_server_url):
    """Set up two-step sign-in as a new staff member would, the page from one server and
    the code sent to the other: the session then passes the second step on both."""
    _, page = browser.get("/admin/second-step/enrol/")
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)[1].replace(" ", "")
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    other = Browser(other_server_url)
    other.cookies = browser.cookies
    code = f"{totp(b32decode(secret)):06d}"
    _, html = other.request("POST", "/admin/second-step/enrol/", {**hidden, "code": code})
    assert "Two-step sign-in is on." in html


def test_a_login_lockout_holds_across_servers(servers):
    a, b = servers
    for url in (a, b, a):
        _, response, html = login(
            url, "admin", "wrong password", address=f"192.0.2.{len(url) % 200}"
        )
        assert "Please enter the correct username and password" in html
    _, response, html = login(b, "admin", ADMIN_PASSWORD, address="192.0.2.99")
    assert response.status == 200
    assert "Too many failed sign-in attempts" in html


def test_an_admin_edit_on_one_server_shows_at_once_on_both(servers):
    a, b = servers
    page = "/conditions/lower-back-pain/"
    for url in (a, b):
        Browser(url).get(page)
        response, _ = Browser(url).get(page)
        assert response.getheader("X-Cache") == "hit", url

    editor, response, _ = login(a, "editor", ADMIN_PASSWORD)
    assert response.status == 302
    assert response.getheader("Location").startswith("/admin/second-step/enrol/")
    enrol(editor, b)
    _, listing = editor.get("/admin/conditions/condition/")
    change_url = re.search(
        r'href="(/admin/conditions/condition/\d+/change/)[^"]*">Lower Back Pain<', listing
    )[1]
    _, form_page = editor.get(change_url)
    form = FormFields()
    form.feed(form_page)
    form.fields["summary_en"] = "Edited on server A, shown everywhere at once."
    response, html = editor.request("POST", change_url, form.fields)
    assert response.status == 302, re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)

    # Server B drops its stale copy at once and renders the new text (which it caches,
    # in the shared cache, for server A too).
    response, html = Browser(b).get(page)
    assert response.getheader("X-Cache") == "miss"
    assert "Edited on server A, shown everywhere at once." in html
    response, html = Browser(a).get(page)
    assert "Edited on server A, shown everywhere at once." in html
