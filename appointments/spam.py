"""Spam checks that need no third-party service and never silently drop a patient.

- A honeypot field that people cannot see or reach: a request that fills it is stored
  as spam (staff can still find it) and answered like any other.
- A signed timestamp of when the form was shown: a form sent back faster than a
  person can fill it is shown again, with everything kept, and a request to check and
  send again.
- A per-client rate limit, keyed by a hash of the address (see core.ratelimit).
"""

import time

from django.conf import settings
from django.core import signing

from core.ratelimit import RateLimit

STARTED_AT_SALT = "appointments.form-started"


def signed_start_time():
    return signing.dumps(time.time(), salt=STARTED_AT_SALT)


def seconds_since_shown(token):
    """How long ago the form was shown, or None for a missing or forged token."""
    try:
        started = signing.loads(token, salt=STARTED_AT_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, (int, float)):
        return None
    return time.time() - started


def is_too_fast(token):
    elapsed = seconds_since_shown(token)
    return elapsed is None or elapsed < settings.APPOINTMENTS["MIN_FILL_SECONDS"]


def submission_rate_limit():
    config = settings.APPOINTMENTS
    return RateLimit("appointment", config["RATE_LIMIT"], config["RATE_WINDOW_SECONDS"])
