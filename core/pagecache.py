"""Whole-page cache for anonymous visitors, shared by every worker through the cache.

Views opt in with `cache_public_page`. The middleware sits before sessions, auth and
CSRF, so a hit costs one cache round trip and no SQL. It never serves or stores a page
for a request that carries a session or messages cookie (staff, previews, one-off
notices), a query string, or a response that sets cookies or depends on them (a CSRF
token). Content changes call `invalidate()`, which starts a new generation: entries of
older generations are ignored everywhere at once. A generation also ends by itself when
scheduled content goes live, so future-dated pages appear on time.

The generation is written to the database first, in the change's own transaction, then
to the cache. A cache that misses it (unreachable at that moment) is brought up to date
by the every-minute sweep (`push_generation`); until then staff see a warning.
"""

import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import has_vary_header

from .middleware import accepts_gzip

GENERATION_KEY = "pagecache:generation"
_schedule_sources = []
_in_one_change = ContextVar("pagecache_in_one_change", default=False)


def cache_public_page(view):
    """Mark a view's successful responses as the same for every anonymous visitor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.is_public_page = True
        return response

    return wrapper


def register_schedule(source):
    """Register a callable returning the next time (a datetime) content goes live, or None."""
    _schedule_sources.append(source)


def invalidate():
    """Retire every cached page, on every worker and server, once the current
    transaction commits (at once outside one): the database keeps the new generation
    even if the cache never hears of it."""
    content = secrets.token_hex(8)
    _stored_generations().update_or_create(pk=1, defaults={"token": content})
    transaction.on_commit(partial(_store_generation, content))


def push_generation():
    """Give the cache the database's generation if it missed it; True if it had."""
    if content := cache_missed_generation():
        _store_generation(content)
        return True
    return False


def cache_missed_generation():
    """The database's content generation, if the cache does not have it yet, else None.
    Only a shared page cache can miss it (without one, nothing public is kept)."""
    if not settings.PAGE_CACHE_ENABLED:
        return None
    content = _stored_generations().filter(pk=1).values_list("token", flat=True).first()
    stored = cache.get(GENERATION_KEY)
    if content and (stored is None or stored.get("content") != content):
        return content
    return None


def _stored_generations():
    # Imported here: apps import this module before the models are ready.
    from .models import ContentGeneration

    return ContentGeneration.objects


def _store_generation(content):
    cache.set(GENERATION_KEY, _new_generation(content), timeout=None)


def invalidate_on_commit(**signal_kwargs):
    """Retire every cached page once the current transaction commits (earlier would let
    another worker cache the old text again). Inside `one_change()`, once for all. Also
    a receiver for content models' save and delete signals."""
    if not _in_one_change.get():
        invalidate()


def invalidate_when_changed(*models):
    """Retire every cached page whenever a row of one of these models is saved or deleted
    (or, for a many-to-many table, linked or unlinked), once the change commits."""
    for model in models:
        label = model._meta.label
        if model._meta.auto_created:  # the table of a ManyToManyField
            m2m_changed.connect(invalidate_on_commit, sender=model, dispatch_uid=f"pages-{label}")
        else:
            post_save.connect(invalidate_on_commit, sender=model, dispatch_uid=f"pages-{label}")
            post_delete.connect(invalidate_on_commit, sender=model, dispatch_uid=f"pages-{label}")


@contextmanager
def one_change():
    """Whatever rows change inside this block (in a transaction) retire the cached pages
    once, after the commit: publishing a page and its inline rows is one change."""
    token = _in_one_change.set(True)
    try:
        yield
    finally:
        _in_one_change.reset(token)
    invalidate()


def _new_generation(content):
    """A generation of the cache for the database's `content` generation (None: unknown,
    so the sweep starts another once)."""
    upcoming = [moment for source in _schedule_sources if (moment := source()) is not None]
    return {
        "id": secrets.token_hex(8),
        "content": content,
        "valid_until": min(upcoming).timestamp() if upcoming else None,
    }


def _current_generation(generation):
    """The generation to use, starting one if none is stored or the stored one has ended."""
    if generation is None:
        # `add`, not `set`: a concurrent invalidation must win over this request.
        cache.add(GENERATION_KEY, _new_generation(None), timeout=None)
        return cache.get(GENERATION_KEY)
    valid_until = generation["valid_until"]
    if valid_until is not None and time.time() >= valid_until:
        # The same content, now with scheduled pages live: the database is not written.
        _store_generation(generation.get("content"))
        return cache.get(GENERATION_KEY)
    return generation


def generation_id(request):
    """The id of the content generation this request sees (what the frame is kept for).

    The middleware has read it already when it looked for the page; otherwise it is read
    now, once per request. "" while the cache is unreachable.
    """
    if not hasattr(request, "content_generation"):
        request.content_generation = current_generation()
    return request.content_generation["id"] if request.content_generation else ""


def current_generation():
    """The content generation now, started if there is none (once per content change)."""
    return _current_generation(cache.get(GENERATION_KEY))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.PAGE_CACHE_ENABLED
        self.timeout = settings.PAGE_CACHE_SECONDS
        self.bypass_cookies = (settings.SESSION_COOKIE_NAME, "messages")

    def __call__(self, request):
        if not self.enabled or not self._is_cacheable_request(request):
            return self.get_response(request)
        # A Host header not in ALLOWED_HOSTS gets the 400 an uncached page gets from
        # CommonMiddleware, which runs after this one.
        request.get_host()

        # A page is kept once as compressed for clients that take gzip, once as is.
        variant = "gz" if accepts_gzip(request) else "id"
        key = f"pagecache:page:{variant}:{request.path}"
        stored = cache.get_many([GENERATION_KEY, key])
        generation = _current_generation(stored.get(GENERATION_KEY))
        request.content_generation = generation
        entry = stored.get(key)
        if generation and entry and entry[0] == generation["id"]:
            return self._response_from(entry)

        response = self.get_response(request)
        if generation and self._is_cacheable_response(response):
            headers = [(name, value) for name, value in response.items()]
            cache.set(
                key,
                (generation["id"], response.status_code, headers, response.content),
                self.timeout,
            )
            response["X-Cache"] = "miss"
        return response

    def _is_cacheable_request(self, request):
        return (
            request.method == "GET"
            and not request.META.get("QUERY_STRING")
            and not any(name in request.COOKIES for name in self.bypass_cookies)
        )

    @staticmethod
    def _is_cacheable_response(response):
        return (
            getattr(response, "is_public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not has_vary_header(response, "Cookie")
        )

    @staticmethod
    def _response_from(entry):
        _generation, status, headers, body = entry
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "hit"
        return response
