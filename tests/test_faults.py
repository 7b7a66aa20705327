"""Faults (issue 26): slow clients, a database that stops, freezes or fills its disk, and
a task worker that loses its database. Real servers throughout (tests/fault_servers.py);
the only timings asserted are generous bounds that prove nothing hangs."""

import socket
import subprocess
import threading
import time
import urllib.request

import psycopg
import pytest

from clinic_site.settings import BASE_DIR

from .fault_servers import MANAGE, Gunicorn, PostgresCluster, available, manage, site_env

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
    return env


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
