import gzip
import logging
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError, connections
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


# A request's database work ends this long after it starts (see DatabaseDeadlineMiddleware):
# with connect_timeout (3 s) and statement_timeout (5 s) in settings, under 10 s in all.
REQUEST_DEADLINE_SECONDS = 7
# /healthz answers within this long, whatever the database does.
HEALTH_CHECK_SECONDS = 2


def _cut(database):
    """Shut down a PostgreSQL connection's socket: a query waiting on it fails at once."""
    raw = database.connection
    if database.vendor != "postgresql" or raw is None or raw.closed:
        return
    try:
        with socket.socket(fileno=os.dup(raw.fileno())) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        return
    logger.error("database deadline passed", extra={"error": "connection cut"})


class _Deadlines:
    """Database connections in use, each with a deadline, and one thread per process
    (started by the first request, so after gunicorn forks) that cuts those past it."""

    def __init__(self):
        self.watched = {}
        self.lock = threading.Lock()
        self.pid = None

    def watch(self, database, seconds):
        if self.pid != os.getpid():
            with self.lock:
                if self.pid != os.getpid():
                    self.watched.clear()
                    threading.Thread(target=self._run, name="deadlines", daemon=True).start()
                    self.pid = os.getpid()
        token = object()
        self.watched[token] = (time.monotonic() + seconds, database)
        return token

    def release(self, token):
        self.watched.pop(token, None)

    def _run(self):
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            for token, (deadline, database) in list(self.watched.items()):
                if now >= deadline and self.watched.pop(token, None):
                    _cut(database)


_deadlines = _Deadlines()


class DatabaseDeadlineMiddleware:
    """End a request's database work REQUEST_DEADLINE_SECONDS after the request starts.

    A PostgreSQL server that froze (its processes stopped, a network path gone quiet)
    keeps the connection open and answers nothing, not even its own statement_timeout:
    the query would wait until gunicorn killed the worker (30 s) and the patient saw an
    error page. At the deadline the connection is cut, the query fails with a database
    error, and the view says so (the request form keeps what was typed). Not used with
    SQLite: a file cannot freeze, and its write-lock wait has its own limit.
    """

    def __init__(self, get_response):
        if connections["default"].vendor != "postgresql":
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        token = _deadlines.watch(connections["default"], REQUEST_DEADLINE_SECONDS)
        try:
            return self.get_response(request)
        finally:
            _deadlines.release(token)


def mark_database_unavailable(request):
    """The request found the database failing (down, frozen, full): the page it still
    shows (a form with what was typed) asks the database nothing more, since each
    further query would wait for the server again."""
    request.database_unavailable = True


def database_unavailable(request):
    return getattr(request, "database_unavailable", False)


def _database_problem():
    """Why the database does not answer a read within HEALTH_CHECK_SECONDS, or None.

    The read runs in a thread of its own, with a connection of its own (closed after),
    so the probe gets its answer in time even while the server is frozen or a new
    connection waits for its connect_timeout.
    """
    outcome = []

    def read():
        database = connections["default"]
        token = _deadlines.watch(database, HEALTH_CHECK_SECONDS)
        try:
            with database.cursor() as cursor:
                # A table the app needs, so an unmigrated database is not "healthy".
                cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            outcome.append(None)
        except DatabaseError as error:
            outcome.append(type(error).__name__)
        finally:
            _deadlines.release(token)
            database.close()

    thread = threading.Thread(target=read, name="health check", daemon=True)
    thread.start()
    thread.join(HEALTH_CHECK_SECONDS)
    return outcome[0] if outcome else "no answer in time"


def _disk_problem():
    """Why the disk the site writes to (an SQLite database, uploads) is no use, or None."""
    database = settings.DATABASES["default"]
    paths = [Path(settings.MEDIA_ROOT)]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        paths.append(Path(database["NAME"]).parent)
    for path in paths:
        while not path.exists():  # not made yet: its disk is its parent's
            path = path.parent
        if shutil.disk_usage(path).free < settings.HEALTH_MIN_FREE_MB * 2**20:
            return "disk full"
    return None


class HealthCheckMiddleware:
    """Answer `/healthz` for load balancers: 200 if the database answers a read within
    HEALTH_CHECK_SECONDS and the disk has room, else 503.

    It runs before anything reads the Host header (probes often use the server's IP),
    writes nothing (anyone may call it), and says nothing about why it failed; the
    reason goes to the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        if problem := _disk_problem() or _database_problem():
            logger.error("health check failed", extra={"error": problem})
            response = HttpResponse("unavailable\n", content_type="text/plain", status=503)
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
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
