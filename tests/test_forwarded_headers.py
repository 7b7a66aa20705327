"""X-Forwarded-* count only from the configured proxies (issue 13, finding 5)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from appointments.models import AppointmentRequest
from core.forwarded import trusted_proxies

from .factories import form_data
from .http_helpers import BrowserClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_one_proxy(settings):
    settings.PROXY_COUNT = 1
    settings.APPOINTMENTS = {**settings.APPOINTMENTS, "RATE_LIMIT": 2}
    return settings


def submit(address, forwarded_for, number):
    return BrowserClient(REMOTE_ADDR=address).post(
        "/appointments/",
        form_data(full_name=f"Patient {number}"),
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_direct_client_cannot_rotate_x_forwarded_for_to_escape_the_limit(behind_one_proxy):
    statuses = [submit("203.0.113.9", f"198.51.100.{n}", n).status_code for n in range(5)]
    assert statuses == [302, 302, 429, 429, 429]
    assert AppointmentRequest.objects.count() == 2


def test_the_trusted_proxy_s_x_forwarded_for_names_the_client(behind_one_proxy):
    statuses = [submit("127.0.0.1", f"198.51.100.{n}", n).status_code for n in range(5)]
    assert statuses == [302] * 5


@pytest.mark.parametrize(
    ("allowed", "peer", "trusted"),
    [
        (["10.0.0.0/8"], "10.2.3.4", True),
        (["10.0.0.0/8"], "11.2.3.4", False),
        (["10.0.0.2", "fd00::/8"], "fd00::7", True),
        (["*"], "203.0.113.9", True),
        (["127.0.0.1"], "", False),
    ],
)
def test_proxies_are_addresses_networks_or_any(behind_one_proxy, allowed, peer, trusted):
    behind_one_proxy.FORWARDED_ALLOW_IPS = allowed
    statuses = [submit(peer, f"198.51.100.{n}", n).status_code for n in range(3)]
    assert (statuses[-1] == 302) == trusted


def test_a_direct_client_cannot_claim_https(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    direct = Client(REMOTE_ADDR="203.0.113.9").get("/", HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301
    assert direct["Location"] == "https://testserver/"
    proxied = Client(REMOTE_ADDR="127.0.0.1").get("/", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200


@pytest.mark.parametrize("entry", ["10.0.0.300", "proxy.internal", "10.0.0.0/40"])
def test_an_unreadable_proxy_address_is_refused_clearly(entry):
    with pytest.raises(ImproperlyConfigured, match="FORWARDED_ALLOW_IPS"):
        trusted_proxies([entry])


@pytest.mark.parametrize(
    ("proxy_count", "sent", "secure"),
    [
        (0, "https, http", False),  # the client wrote "https", the proxy appended "http"
        (1, "https, http", False),
        (1, "https,http", False),
        (1, "http, https", True),
        (1, "https", True),
        (1, " HTTP ", False),
        (2, "https, https, http", True),  # the outer of two proxies saw https
        (2, "http, https, http", True),
        (2, "https, http, https", False),
        (2, "https", True),  # proxies that replace the header rather than append
    ],
)
def test_the_scheme_counts_as_the_trusted_proxy_set_it(settings, proxy_count, sent, secure):
    """Issue 26.18: Django reads the first value, which the client wrote."""
    settings.PROXY_COUNT = proxy_count
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    response = Client(REMOTE_ADDR="127.0.0.1").get("/", HTTP_X_FORWARDED_PROTO=sent)
    assert response.status_code == (200 if secure else 301)
