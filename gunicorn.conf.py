"""gunicorn settings for `make run`, the benchmark and production.

Environment overrides: BIND (or HOST/PORT), WEB_CONCURRENCY (workers),
GUNICORN_TIMEOUT, FORWARDED_ALLOW_IPS (the reverse proxy's address).
"""

import multiprocessing
import os

bind = os.environ.get(
    "BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# Sync workers: the app does short, CPU-bound work per request. The usual 2 x cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load the app once before forking: faster start, and workers share its memory.
preload_app = True
# A stuck request is killed after this long; on restart, requests in flight get this long
# to finish (graceful restarts with `kill -HUP`).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so memory stays flat over months.
max_requests = 20000
max_requests_jitter = 2000
# Heartbeat files in memory, not on a possibly slow disk (containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Only trust X-Forwarded-* from the reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Slow clients: refuse oversized request lines and headers before Django sees them.
limit_request_line = 4094
limit_request_fields = 100

# Logs: JSON lines on stdout. Access lines carry method, path (never the query string),
# status, size and time; no client address, referrer or user agent.
accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
# No control socket: nothing written to the home directory.
control_socket_disable = True
wsgi_app = "clinic_site.wsgi:application"


def when_ready(server):
    """In the master, after the app is loaded and before workers fork: warm it once."""
    from clinic_site.warmup import warm_up

    warm_up()
