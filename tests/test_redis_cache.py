"""The shared cache on a real Redis (django-redis): the page cache, and surviving an outage
with the throttles still holding (issues 5, 12, 13)."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core.management import call_command

from appointments.models import AppointmentRequest
from conditions.models import Condition
from core.models import Counter

from .factories import UserFactory, form_data
from .http_helpers import BrowserClient

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

SHARED_REDIS = "redis://127.0.0.1:6379/15"


def redis_cache_settings(location):
    return {
        **django_settings.CACHES,  # the per-process frame cache stays
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
            # As settings.py configures it for any redis:// CACHE_URL.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_redis(settings):
    client = redis.Redis.from_url(SHARED_REDIS)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.CACHES = redis_cache_settings(SHARED_REDIS)
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_HEADER = True
    yield client
    for key in client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
        client.delete(key)


class RedisServer:
    """A private redis-server this test can stop and start."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis(settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{server.port}/0")
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_HEADER = True
    yield server
    if server.process.poll() is None:
        server.stop()


def test_pages_are_cached_in_redis_and_invalidated_on_change(
    shared_redis, settings, django_capture_on_commit_callbacks
):
    call_command("load_demo_content", verbosity=0)
    client = BrowserClient()
    assert client.get("/conditions/upper-back-pain/")["X-Cache"] == "miss"
    assert client.get("/conditions/upper-back-pain/")["X-Cache"] == "hit"
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert any(b"pagecache" in key for key in shared_redis.scan_iter(f"{prefix}:*"))
    page = Condition.objects.get(slug="upper-back-pain")
    page.summary = "Changed in the admin."
    with django_capture_on_commit_callbacks(execute=True):
        page.save()
    response = client.get("/conditions/upper-back-pain/")
    assert response["X-Cache"] == "miss"
    assert "Changed in the admin." in response.content.decode()


def test_rate_limits_are_counted_in_the_database_not_in_redis(shared_redis, settings):
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 1}
    client = BrowserClient(REMOTE_ADDR="203.0.113.5")
    assert client.post("/appointments/", form_data()).status_code == 302
    assert client.post("/appointments/", form_data(full_name="Second")).status_code == 429
    assert Counter.objects.filter(key__startswith="appointment:").exists()
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert not list(shared_redis.scan_iter(f"{prefix}:*ratelimit*"))


def test_throttles_hold_while_redis_is_down(private_redis, settings):
    """A cache outage turns off neither the appointment limit nor the login lockout
    (before, 15 wrong passwords in a row were never locked out)."""
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 2}
    UserFactory(username="reception")
    private_redis.stop()
    client = BrowserClient(REMOTE_ADDR="203.0.113.6")
    statuses = [
        client.post("/appointments/", form_data(full_name=f"Patient {n}")).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    assert AppointmentRequest.objects.count() == 2
    for attempt in range(15):
        response = BrowserClient(REMOTE_ADDR=f"10.1.0.{attempt}").post(
            "/admin/login/", {"username": "reception", "password": "wrong"}
        )
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_the_site_keeps_working_when_redis_stops_mid_run(private_redis, settings):
    call_command("load_demo_content", verbosity=0)
    client = BrowserClient()
    client.get("/conditions/upper-back-pain/")
    assert client.get("/conditions/upper-back-pain/")["X-Cache"] == "hit"
    from_a_link = "/conditions/upper-back-pain/?utm_source=newsletter"  # its body kept
    kept = client.get(from_a_link).content

    private_redis.stop()
    for path in ("/", "/conditions/", "/conditions/upper-back-pain/", "/appointments/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.get("X-Cache") != "hit"
    assert client.get(from_a_link).content == kept  # rendered again, the same page
    assert client.post("/appointments/", form_data()).status_code == 302
    assert AppointmentRequest.objects.count() == 1

    private_redis.start()
    client.get("/privacy/")
    assert client.get("/privacy/")["X-Cache"] == "hit"


def test_an_unreachable_redis_never_loses_a_request(settings, monkeypatch):
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_HEADER = True
    client = BrowserClient()
    assert client.get("/").status_code == 200
    started = time.monotonic()
    for number in range(5):
        assert (
            client.post("/appointments/", form_data(full_name=f"Patient {number}")).status_code
            == 302
        )
    assert AppointmentRequest.objects.count() == 5
    assert time.monotonic() - started < 5, "an outage must not make every request wait"
