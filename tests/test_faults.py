"""Faults (issue 26): slow clients, a database that stops, freezes or fills its disk, and
a task worker that loses its database. Real servers throughout (tests/fault_servers.py);
the only timings asserted are generous bounds that prove nothing hangs."""

import socket
import threading
import time
import urllib.request

import pytest

from .fault_servers import Gunicorn, available, manage, site_env

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
