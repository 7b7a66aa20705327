import gzip
import logging
import re

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers, has_vary_header, patch_vary_headers

logger = logging.getLogger(__name__)

GZIP_LEVEL = 2
# Shorter responses are not worth compressing (Django's threshold too).
MIN_COMPRESSED_LENGTH = 200
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(request):
    """Whether the client takes gzip (the page cache keeps a variant for each answer)."""
    return bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


class HealthCheckMiddleware:
    """Answer `/healthz` for load balancers: 200 if the database answers, else 503.

    It runs before anything reads the Host header (probes often use the server's IP) and
    says nothing about why it failed; the reason goes to the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                # A table the app needs, so an unmigrated database is not "healthy".
                cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            response = HttpResponse("ok\n", content_type="text/plain")
        except DatabaseError as error:
            logger.error("health check failed", extra={"error": type(error).__name__})
            response = HttpResponse("unavailable\n", content_type="text/plain", status=503)
        add_never_cache_headers(response)
        if request.method == "HEAD":
            response.content = b""
        return response


class BreachSafeGZipMiddleware(GZipMiddleware):
    """Django's gzip at a lower level, except for responses that carry a secret.

    BREACH recovers secrets from compressed responses that also reflect attacker input.
    Every page that embeds a CSRF token or depends on the session (the forms, the admin)
    is marked `Vary: Cookie` by Django's CSRF and session middleware, and is sent
    uncompressed. What is compressed holds no secret, so it needs none of the random
    padding Django adds against BREACH.

    Django compresses at a fixed level 6. Every page rendered is compressed again (the
    page cache keeps the compressed copy), and at level 2 a condition page compresses
    in a quarter of the time for about 10% more bytes (bench/RESULTS.md), the trade
    nginx makes with its default of level 1. Streaming responses keep Django's way.
    """

    max_random_bytes = 0

    def process_response(self, request, response):
        if has_vary_header(response, "Cookie"):
            return response
        if response.streaming:
            return super().process_response(request, response)
        if len(response.content) < MIN_COMPRESSED_LENGTH or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts_gzip(request):
            return response
        compressed = gzip.compress(response.content, compresslevel=GZIP_LEVEL, mtime=0)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        response.headers["Content-Encoding"] = "gzip"
        # The bytes changed, so a strong validator no longer holds.
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        return response
