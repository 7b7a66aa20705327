"""The PostgreSQL backend's health check (core/postgresql): a live connection is
kept without a round trip, and one the server has ended is replaced before the next
request's first query, with no error (issue 7)."""

import time

import psycopg
import pytest
from django.db.utils import ConnectionHandler

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def server():
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"needs PostgreSQL on 127.0.0.1:5432: {error}")
    yield admin
    admin.close()


@pytest.fixture
def connection(server):
    settings = {"ENGINE": "core.postgresql", "NAME": "postgres", "USER": "postgres"}
    settings |= {"HOST": "127.0.0.1", "PORT": 5432, "CONN_MAX_AGE": 60}
    connection = ConnectionHandler({"default": {**settings, "CONN_HEALTH_CHECKS": True}})
    yield connection["default"]
    connection["default"].close()


def backend_pid(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def last_statement_end(server, pid):
    row = server.execute("SELECT state_change FROM pg_stat_activity WHERE pid = %s", [pid])
    return row.fetchone()[0]


def next_request(connection):
    # What Django does when a request starts, then before its first query.
    connection.close_if_unusable_or_obsolete()
    connection.close_if_health_check_failed()


def test_a_live_connection_is_kept_without_a_query(server, connection):
    pid = backend_pid(connection)
    before = last_statement_end(server, pid)
    next_request(connection)
    assert connection.health_check_done
    assert last_statement_end(server, pid) == before  # nothing was sent
    assert backend_pid(connection) == pid


def test_a_connection_the_server_ended_is_replaced_before_the_first_query(server, connection):
    pid = backend_pid(connection)
    server.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not connection.is_usable()
    next_request(connection)
    new_pid = backend_pid(connection)  # no error: a new connection
    assert new_pid != pid


def test_inside_a_transaction_it_asks_the_server(server, connection):
    connection.set_autocommit(False)
    pid = backend_pid(connection)
    before = last_statement_end(server, pid)
    assert connection.is_usable()
    assert last_statement_end(server, pid) != before  # checked with a round trip
    connection.rollback()
    connection.set_autocommit(True)


def test_with_the_projects_options_a_repeated_query_is_prepared(server):
    # The OPTIONS settings.py sets for PostgreSQL (checked in tests/test_settings.py).
    options = {"server_side_binding": True, "prepare_threshold": 5}
    settings = {"ENGINE": "core.postgresql", "NAME": "postgres", "USER": "postgres"}
    settings |= {"HOST": "127.0.0.1", "PORT": 5432, "OPTIONS": options}
    connection = ConnectionHandler({"default": settings})["default"]
    query = "SELECT %s::int + 1"
    try:
        with connection.cursor() as cursor:
            for number in range(6):
                cursor.execute(query, [number])
                assert cursor.fetchone() == (number + 1,)
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
    assert "SELECT $1::int + 1" in prepared
