"""Warm the app in the gunicorn master before it forks workers.

With `preload_app`, whatever the master has done, every worker inherits: compiled
templates and the URL resolver. Without this, each new worker (and
gunicorn replaces workers now and then) spends its first requests compiling them.
"""

import gc
import io
import logging
import sys

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PATHS = [
    "/",
    "/conditions/",
    "/treatments/",
    "/appointments/",
    "/contact/",
    "/privacy/",
    "/healthz",
]


def _request(app, path):
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "HTTP_HOST": host,
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = app(environ, lambda status, headers: None)
    b"".join(response)
    response.close()


def warm_up():
    from conditions.models import Condition, Treatment

    app = WSGIHandler()
    try:
        paths = PATHS + [
            page.get_absolute_url()
            for model in (Condition, Treatment)
            for page in model.objects.published().only("slug")[:50]
        ]
        for path in paths:
            _request(app, path)
    except DatabaseError as error:
        # The database may not be up yet; workers will simply warm up on their own.
        logger.warning("warm-up skipped", extra={"error": type(error).__name__})
    finally:
        # No connection may be shared with the forked workers.
        connections.close_all()
    # Move everything loaded so far out of the garbage collector's reach, so that
    # collections in the workers do not touch (and copy) the memory they share.
    gc.freeze()
