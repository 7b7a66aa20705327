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

Whether a response came from the cache is said (`X-Cache`) only with PAGE_CACHE_HEADER,
which the benchmark turns on: in production it would tell anyone what others looked at.
"""

import re
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import has_vary_header

GENERATION_KEY = "pagecache:generation"
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
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
    """Retire every cached page, on every worker and server."""
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def invalidate_on_commit(**signal_kwargs):
    """Retire every cached page once the current transaction commits (earlier would let
    another worker cache the old text again). Inside `one_change()`, once for all. Also
    a receiver for content models' save and delete signals."""
    if not _in_one_change.get():
        transaction.on_commit(invalidate)


@contextmanager
def one_change():
    """Whatever rows change inside this block (in a transaction) retire the cached pages
    once, after the commit: publishing a page and its inline rows is one change."""
    token = _in_one_change.set(True)
    try:
        yield
    finally:
        _in_one_change.reset(token)
    transaction.on_commit(invalidate)


def _new_generation():
    upcoming = [moment for source in _schedule_sources if (moment := source()) is not None]
    return {
        "id": secrets.token_hex(8),
        "valid_until": min(upcoming).timestamp() if upcoming else None,
    }


def _current_generation(generation):
    """The generation to use, starting one if none is stored or the stored one has ended."""
    if generation is None:
        # `add`, not `set`: a concurrent invalidation must win over this request.
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        return cache.get(GENERATION_KEY)
    valid_until = generation["valid_until"]
    if valid_until is not None and time.time() >= valid_until:
        invalidate()
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
    resolved in the path's language as LocaleMiddleware will."""
    language = translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path_info)
        except Resolver404:
            return frozenset()
    return getattr(match.func, "page_cache_query", frozenset())


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
        variant = "gz" if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else "id"
        key = f"pagecache:page:{variant}:{request.path}{self._key_query(request)}"
        stored = cache.get_many([GENERATION_KEY, key])
        generation = _current_generation(stored.get(GENERATION_KEY))
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
        declared = asked & declared_parameters(request.path_info)
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
