"""Counting in the shared cache, keyed by hashes, never by raw addresses or names.

With Redis configured the counts hold across every gunicorn worker and server. If the
cache is unreachable, counting fails open: a patient is never turned away because a
cache server is down.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def client_address(request):
    """The visitor's IP address, looking through the configured number of proxies."""
    if settings.PROXY_COUNT:
        forwarded = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def keyed_hash(purpose, value):
    """A keyed hash (HMAC with the secret key) that stands in for a personal value."""
    return salted_hmac(f"clinic_site.ratelimit.{purpose}", value).hexdigest()[:32]


class RateLimit:
    """At most `limit` events per `window` seconds for each key."""

    def __init__(self, name, limit, window):
        self.name = name
        self.limit = limit
        self.window = window

    def _cache_key(self, key):
        return f"ratelimit:{self.name}:{keyed_hash(self.name, key)}"

    def hit(self, key):
        """Count one event; return True while the key is still within its limit."""
        cache_key = self._cache_key(key)
        if cache.add(cache_key, 1, self.window):
            return self.limit >= 1
        try:
            return cache.incr(cache_key) <= self.limit
        except ValueError:
            # The window ended between add() and incr(), or the cache is down.
            return True

    def is_exceeded(self, key):
        return (cache.get(self._cache_key(key)) or 0) >= self.limit

    def reset(self, key):
        cache.delete(self._cache_key(key))
