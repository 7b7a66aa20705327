"""Faults (issue 26): slow clients, a database that stops, freezes or fills its disk, and
a task worker that loses its database. Real servers throughout (tests/fault_servers.py);
the only timings asserted are generous bounds that prove nothing hangs."""

import html
import re
import socket
import subprocess
import threading
import time
import urllib.request

import psycopg
import pytest

from clinic_site.settings import BASE_DIR

from .factories import form_data
from .fault_servers import MANAGE, Gunicorn, PostgresCluster, available, manage, site_env
from .http_helpers import Browser

needs_postgres = pytest.mark.skipif(
    not available("initdb", "pg_ctl", "postgres"), reason="needs PostgreSQL's initdb and pg_ctl"
)


def get(url, timeout=15):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local server
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - started


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    manage(
        site_env("sqlite://:memory:", STATIC_ROOT=str(static_root)), "collectstatic", "--noinput"
    )
    return static_root


@pytest.fixture
def sqlite_site(tmp_path, static_root):
    env = site_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", STATIC_ROOT=str(static_root))
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable", "--database", "cache")
    return env


def test_slow_clients_do_not_stall_make_run(sqlite_site, tmp_path):
    """Five clients that send a header line every 2 s hold one connection each; with
    two workers (sync, before) /healthz waited behind them."""
    server = Gunicorn({**sqlite_site, "WEB_CONCURRENCY": "2"}, tmp_path / "gunicorn.log")
    stop = threading.Event()

    def slow_client():
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.wait(2):
                sock.sendall(b"X-Slow: 1\r\n")

    clients = [threading.Thread(target=slow_client) for _ in range(5)]
    try:
        assert get(f"{server.url}/healthz")[0] == 200
        for client in clients:
            client.start()
        time.sleep(1)  # every slow client is connected and holds its connection
        for _ in range(3):
            status, _body, seconds = get(f"{server.url}/healthz", timeout=30)
            assert status == 200
            assert seconds < 3, "the slow clients held every worker"
    finally:
        stop.set()
        for client in clients:
            client.join()
        server.stop()


@pytest.fixture(scope="module")
def postgres_cluster():
    cluster = PostgresCluster()
    yield cluster
    cluster.remove()


@pytest.fixture
def postgres_site(postgres_cluster, static_root):
    env = site_env(postgres_cluster.url, STATIC_ROOT=str(static_root))
    manage(env, "flush", "--noinput")
    manage(env, "migrate", "--noinput")
    # The phone number the owner entered in the admin (issue 28.1), not the environment's.
    manage({**env, "CACHE_URL": "locmemcache://"}, "shell", "-c", OWNER_SAVES_A_PHONE)
    return env


OWNER_PHONE = "+1 206 555 0199"
OWNER_SAVES_A_PHONE = (
    "from core.models import ClinicIdentity; identity = ClinicIdentity.get_solo(); "
    f"identity.phone = {OWNER_PHONE!r}; identity.save()"
)


def task_statuses(url):
    with psycopg.connect(url, connect_timeout=3) as connection:
        return [
            row[0]
            for row in connection.execute("SELECT status FROM django_tasks_database_dbtaskresult")
        ]


@needs_postgres
def test_the_worker_outlives_a_database_restart(postgres_cluster, postgres_site, tmp_path):
    """Before, db_worker stopped at the first error and queued emails waited forever."""
    with open(tmp_path / "worker.log", "w") as log:
        worker = subprocess.Popen(
            [*MANAGE, "db_worker", "--no-reload"],
            env=postgres_site,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            time.sleep(2)  # the worker is polling the queue
            postgres_cluster.stop()
            time.sleep(3)  # it loses the database
            postgres_cluster.start()
            manage(postgres_site, "send_review_reminders")  # queues a task
            deadline = time.monotonic() + 60
            while task_statuses(postgres_cluster.url) == ["READY"]:
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()
                assert time.monotonic() < deadline, "the worker never took the task"
                time.sleep(0.5)
            assert task_statuses(postgres_cluster.url) == ["SUCCESSFUL"]
            assert "worker lost the database" in (tmp_path / "worker.log").read_text()
        finally:
            worker.terminate()
            worker.wait(timeout=30)


@pytest.fixture
def postgres_server(postgres_site, tmp_path):
    # The page cache off (a per-process cache): every request reaches the database.
    env = {**postgres_site, "CACHE_URL": "locmemcache://", "WEB_CONCURRENCY": "1"}
    # One thread: a post finds the connection the form's page opened, so a frozen server
    # holds an open connection (what the request deadline cuts), not a new one.
    server = Gunicorn(env, tmp_path / "gunicorn.log", "--threads", "1")
    yield server
    server.stop()


def typed_form(browser):
    """The request form as a patient fills it in, with the page's hidden fields."""
    _, page = browser.get("/appointments/")
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    return {**form_data(full_name="Robin Quist", message="My knee hurts at night."), **hidden}


def timed(call, *arguments):
    started = time.monotonic()
    result = call(*arguments)
    return result, time.monotonic() - started


@needs_postgres
@pytest.mark.parametrize("fault", ["stop", "freeze"])
def test_a_database_that_stops_or_freezes_keeps_the_patients_words(
    postgres_cluster, postgres_server, fault
):
    """Before: a 500 page and nothing kept; a frozen server held the worker for 31 s."""
    browser = Browser(postgres_server.url)
    data = typed_form(browser)
    getattr(postgres_cluster, fault)()
    try:
        (response, page), seconds = timed(browser.request, "POST", "/appointments/", data)
        assert response.status == 503
        assert seconds < 10, "the request hung"
        page = html.unescape(page)
        # The owner's number, kept by the process that read it before the outage.
        assert "We could not send this yet" in page and OWNER_PHONE in page
        assert 'value="Robin Quist"' in page and "My knee hurts at night." in page

        if fault == "freeze":
            assert "database deadline passed" in postgres_server.log_path.read_text()

        (response, body), seconds = timed(browser.get, "/healthz")
        assert (response.status, body) == (503, "unavailable\n")
        assert seconds < 10, "the health check hung"
    finally:
        postgres_cluster.thaw() if fault == "freeze" else postgres_cluster.start()
    # Back: the same form, sent again, is stored.
    response, page = browser.request("POST", "/appointments/", typed_form(browser))
    assert response.status == 302, page
    assert get(f"{postgres_server.url}/healthz")[0] == 200
