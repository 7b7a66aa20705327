"""A Redis cache that degrades to "no cache" while Redis is unreachable.

The site must keep serving pages and accepting appointment requests when the cache
server is down: reads miss, writes are dropped, and after a failure the backend stops
trying for a few seconds so that each request does not wait on a dead connection.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


def _tolerant(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._unavailable_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self._unavailable_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning(
                    "cache unavailable; serving without it",
                    extra={"error": type(error).__name__, "retry_in_s": RETRY_AFTER_SECONDS},
                )
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _missing_counter(key, delta=1, *args, **kwargs):
    # What Django's backends raise for a counter that does not exist.
    raise ValueError(f"Key {key!r} not found.")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis.Redis per cache call, and redis-py builds a
    table of ~170 response callbacks in each: a quarter of a millisecond spent on
    every page served from the cache. One client per connection pool is reused
    (redis.Redis is thread-safe and takes connections from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    _unavailable_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    get = _tolerant(_default)(RedisCache.get)
    get_many = _tolerant(lambda *args, **kwargs: {})(RedisCache.get_many)
    set = _tolerant(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _tolerant(lambda keys, *args, **kwargs: list(keys))(RedisCache.set_many)
    add = _tolerant(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _tolerant(lambda *args, **kwargs: False)(RedisCache.touch)
    has_key = _tolerant(lambda *args, **kwargs: False)(RedisCache.has_key)
    delete = _tolerant(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _tolerant(lambda *args, **kwargs: None)(RedisCache.delete_many)
    incr = _tolerant(_missing_counter)(RedisCache.incr)
    clear = _tolerant(lambda *args, **kwargs: None)(RedisCache.clear)
