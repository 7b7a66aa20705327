"""Concurrent appointment submissions are all stored, on SQLite and on PostgreSQL (issue 5)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from appointments.models import AppointmentRequest
from core.models import Counter
from core.ratelimit import RateLimit

from .http_helpers import Browser

CLIENTS = 12
REQUESTS_PER_CLIENT = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_are_each_stored_exactly_once(live_server, settings):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 10_000}

    def patient(number):
        browser = Browser(live_server.url)
        statuses = []
        for attempt in range(REQUESTS_PER_CLIENT):
            response, _ = browser.submit_request(
                full_name=f"Patient {number}-{attempt}", phone=f"555 010 {number:02d}{attempt:02d}"
            )
            statuses.append(response.status)
        return statuses

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = [status for result in pool.map(patient, range(CLIENTS)) for status in result]
    successes = statuses.count(302)
    assert successes == CLIENTS * REQUESTS_PER_CLIENT, statuses
    assert AppointmentRequest.objects.count() == successes
    names = set(AppointmentRequest.objects.values_list("full_name", flat=True))
    assert len(names) == successes


@pytest.mark.django_db
def test_the_database_is_configured_for_several_workers(settings):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
    else:
        assert connection.vendor == "postgresql"
        assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
        assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_on_one_counter_are_each_counted():
    """Each hit is one atomic statement, so workers hitting at once lose no count."""
    limit = RateLimit("concurrency", 10_000, 60)

    def hit_ten_times(_):
        try:
            return [limit.hit("198.51.100.1") for _ in range(10)]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(hit_ten_times, range(8)))
    assert Counter.objects.get(key=limit.counter_key("198.51.100.1")).count == 80
