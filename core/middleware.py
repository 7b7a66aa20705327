import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers, has_vary_header

logger = logging.getLogger(__name__)


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
    """Django's gzip, except for responses that carry a secret such as a CSRF token.

    BREACH recovers secrets from compressed responses that also reflect attacker input.
    Every page that embeds a CSRF token or depends on the session (the forms, the admin)
    is marked `Vary: Cookie` by Django's CSRF and session middleware, and is sent
    uncompressed. What is compressed holds no secret, so it needs none of the random
    padding Django adds against BREACH.
    """

    max_random_bytes = 0

    def process_response(self, request, response):
        if has_vary_header(response, "Cookie"):
            return response
        return super().process_response(request, response)
