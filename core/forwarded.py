"""X-Forwarded-* headers count only when they come from a trusted reverse proxy.

A client talking to gunicorn directly could otherwise claim any address (and escape the
rate limits) or claim HTTPS. The trusted proxies are `FORWARDED_ALLOW_IPS`, the setting
gunicorn reads too: addresses or networks (CIDR), or "*" for any peer.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORWARDED_PROTO = "HTTP_X_FORWARDED_PROTO"
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    FORWARDED_PROTO,
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
)


def trusted_proxies(entries):
    """The networks in FORWARDED_ALLOW_IPS, or None when every peer is trusted ("*")."""
    if "*" in entries:
        return None
    try:
        return [ipaddress.ip_network(entry, strict=False) for entry in entries if entry]
    except ValueError as error:
        raise ImproperlyConfigured(f"FORWARDED_ALLOW_IPS: {error}") from error


def is_trusted(address, proxies):
    if proxies is None:
        return True
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:  # a Unix socket or no address: not a proxy we know
        return False
    return any(peer in network for network in proxies)


def proto_set_by_proxy(value, proxy_count):
    """Of "https, http", the scheme our proxies saw: a proxy appends to what the client
    sent, so it is the value PROXY_COUNT from the right (the last one with one proxy), as
    for X-Forwarded-For. Django would read the first, which the client wrote."""
    values = [scheme.strip() for scheme in value.split(",")]
    return values[-min(max(proxy_count, 1), len(values))]


class UntrustedForwardedHeadersMiddleware:
    """Drop X-Forwarded-* headers sent by a peer that is not a trusted proxy, and keep
    only the scheme the proxies set in a trusted one's X-Forwarded-Proto.

    First in the chain, so SecurityMiddleware (X-Forwarded-Proto, through
    SECURE_PROXY_SSL_HEADER) and the rate limits (X-Forwarded-For) never see them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = trusted_proxies(settings.FORWARDED_ALLOW_IPS)
        self.proxy_count = settings.PROXY_COUNT

    def __call__(self, request):
        if not is_trusted(request.META.get("REMOTE_ADDR", ""), self.proxies):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        elif proto := request.META.get(FORWARDED_PROTO):
            # In META, which request.headers and is_secure() read (headers not yet cached).
            request.META[FORWARDED_PROTO] = proto_set_by_proxy(proto, self.proxy_count)
        return self.get_response(request)
