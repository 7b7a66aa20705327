"""Whole-page cache for anonymous visitors, shared by every worker through the cache.

Views opt in with `cache_public_page`, naming the query parameters they read. A page is
kept under its path and those parameters' values; tracking parameters (`utm_*`, `gclid`...)
and any other parameter are left out of the key, so a newsletter's link is served the
cached page as it is, and they are removed before the view runs, so no view reads what the
key leaves out. A view checks the values it declares and answers anything but their one
canonical form with a redirect or a 404, and only a 200 is kept: one entry per page.

The middleware sits right after SecurityMiddleware, so a hit costs one cache round trip
and none of the middleware after it (the other security headers were kept with the page).
It never serves or stores a page for a request that carries a session or messages cookie
(staff, previews, one-off notices), or a response that sets cookies or depends on them (a
CSRF token). Content changes call `invalidate()`, which starts a new generation: entries
of older generations are ignored everywhere at once. A generation also ends by itself when
scheduled content goes live, so future-dated pages appear on time.

The generation is written to the database first, in the change's own transaction, then
to the cache. A cache that misses it (unreachable at that moment) is brought up to date
by the every-minute sweep (`push_generation`); until then staff see a warning.

Whether a response came from the cache is said (`X-Cache`) only with PAGE_CACHE_HEADER,
which the benchmark turns on: in production it would tell anyone what others looked at.
"""

import logging
import re
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import has_vary_header

from .middleware import accepts_gzip

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Where a visitor came from, never which page they asked for (campaign tags, ad clicks).
TRACKING_PARAMETERS = re.compile(
    r"utm_\w*|gclid|gbraid|wbraid|dclid|fbclid|msclkid|mc_cid|mc_eid|yclid|twclid|igshid|_ga|_gl",
    re.ASCII,
)
# Longer page numbers are not pages of this site.
PAGE_NUMBER_DIGITS = 6
_schedule_sources = []
_in_one_change = ContextVar("pagecache_in_one_change", default=False)


def cache_public_page(view=None, *, query=()):
    """Mark a view's successful responses as the same for every anonymous visitor with
    the same values of the `query` parameters. The view sees no other parameter, and
    answers any value of those it does not show with a redirect or a 404."""
    if view is None:
        return lambda view: cache_public_page(view, query=query)
    declared = frozenset(query)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.GET.keys() - declared:
            kept = request.GET.copy()
            for name in request.GET.keys() - declared:
                del kept[name]
            request.GET = kept
        response = view(request, *args, **kwargs)
        response.is_public_page = True
        return response

    wrapper.page_cache_query = declared
    return wrapper


def page_number_redirect(request, name="page"):
    """A page number's one address: a permanent redirect for any other spelling of a
    page number (`02`, page 1 named, the parameter twice), a 404 for what names no page
    (`0`, `-1`, `x`); None for the canonical form. Whether the page exists past the
    first is the paginator's to say (a 404 too)."""
    values = request.GET.getlist(name)
    if not values:
        return None
    value = values[-1]
    if not (value.isascii() and value.isdigit() and len(value) <= PAGE_NUMBER_DIGITS):
        raise Http404("No such page number.")
    number = int(value)
    if number < 1:
        raise Http404("No such page number.")
    canonical = [] if number == 1 else [str(number)]
    if values == canonical:
        return None
    return HttpResponsePermanentRedirect(with_query(request, **{name: canonical}))


def with_query(request, **changes):
    """The request's path and (declared) query, each named parameter set to a list of
    values (empty: removed)."""
    query = request.GET.copy()
    for name, values in changes.items():
        if values:
            query.setlist(name, values)
        else:
            query.pop(name, None)
    return request.path + (f"?{query.urlencode()}" if query else "")


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


def declared_parameters(path_info):
    """The query parameters the view at this path reads (its `cache_public_page(query=...)`),
    resolved in the path's language as LocaleMiddleware will; None for a path whose view
    is not a public page (the cache is never asked for it: /healthz, forms, the admin)."""
    language = translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path_info)
        except Resolver404:
            return None
    return getattr(match.func, "page_cache_query", None)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.PAGE_CACHE_ENABLED
        self.timeout = settings.PAGE_CACHE_SECONDS
        self.says_hit_or_miss = settings.PAGE_CACHE_HEADER
        self.bypass_cookies = (settings.SESSION_COOKIE_NAME, "messages")
        # Static files are WhiteNoise's, after this middleware.
        self.static_prefix = settings.STATIC_URL

    def __call__(self, request):
        if not self.enabled or not self._is_cacheable_request(request):
            return self.get_response(request)

        # A page is kept once as compressed for clients that take gzip, once as is.
        variant = "gz" if accepts_gzip(request) else "id"
        key = f"pagecache:page:{variant}:{request.path}{self._key_query(request)}"
        try:
            stored = cache.get_many([GENERATION_KEY, key])
            generation = _current_generation(stored.get(GENERATION_KEY))
        except Exception:
            # The cache is a shortcut, never a requirement (a health probe, a page): a
            # backend that cannot answer (Redis's errors are misses already) means a miss.
            logger.warning("page cache unavailable")
            return self.get_response(request)
        request.content_generation = generation
        entry = stored.get(key)
        if generation and entry and entry[0] == generation["id"]:
            # A Host header not in ALLOWED_HOSTS gets the 400 an uncached page gets.
            request.get_host()
            return self._response_from(entry)

        response = self.get_response(request)
        if generation and self._is_cacheable_response(response):
            headers = [(name, value) for name, value in response.items()]
            cache.set(
                key,
                (generation["id"], response.status_code, headers, response.content),
                self.timeout,
            )
            if self.says_hit_or_miss:
                response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _key_query(request):
        """The query string's part of the key: the parameters the view declares, as sent
        (a view redirects or refuses any other spelling, and only a 200 is kept). Tracking
        and unknown parameters are left out; insight on campaigns reads them here first."""
        if not request.META.get("QUERY_STRING"):
            return ""
        asked = {name for name in request.GET if not TRACKING_PARAMETERS.fullmatch(name)}
        if not asked:
            return ""
        declared = asked & (declared_parameters(request.path_info) or frozenset())
        pairs = [(name, value) for name in sorted(declared) for value in request.GET.getlist(name)]
        return f"?{urlencode(pairs)}" if pairs else ""

    def _is_cacheable_request(self, request):
        return (
            request.method == "GET"
            and not request.path_info.startswith(self.static_prefix)
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

    def _response_from(self, entry):
        _generation, status, headers, body = entry
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        if self.says_hit_or_miss:
            response["X-Cache"] = "hit"
        return response
