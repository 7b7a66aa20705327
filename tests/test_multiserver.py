"""Two app servers, one PostgreSQL and one Redis, behave as one (issue 5).

Starts two real gunicorn instances on different ports and checks that a rate limit, a
login lockout and a content change's cache invalidation hold across both.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import psycopg
import pytest
import redis

from clinic_site.settings import BASE_DIR

from .http_helpers import (
    LINK_EDITOR_TO_A_CLINICIAN,
    Browser,
    approve,
    change_condition_summary,
    enrol,
    login,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.servers]

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/14"
ADMIN_PASSWORD = "a long and careful passphrase"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        # Hit or miss, said only for tests and the benchmark.
        "PAGE_CACHE_HEADER": "on",
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
        LINK_EDITOR_TO_A_CLINICIAN,
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
    review_url = change_condition_summary(
        editor, "Lower Back Pain", "Edited on server A, shown everywhere at once."
    )
    # A draft until approved (this superuser may sign off medical text), then live.
    assert Browser(b).get(page)[0].getheader("X-Cache") == "hit"
    approve(editor, review_url)

    # Server B drops its stale copy at once and renders the new text (which it caches,
    # in the shared cache, for server A too).
    response, html = Browser(b).get(page)
    assert response.getheader("X-Cache") == "miss"
    assert "Edited on server A, shown everywhere at once." in html
    response, html = Browser(a).get(page)
    assert "Edited on server A, shown everywhere at once." in html
