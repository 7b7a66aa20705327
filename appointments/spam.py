"""Spam checks that need no third-party service and never silently drop a patient.

- A honeypot field that people cannot see or reach: a request that fills it is stored
  as spam (staff can still find it) and answered like any other.
- A signed timestamp of when the form was shown: a form sent back faster than a
  person can fill it is shown again, with everything kept, and a request to check and
  send again. Each timestamp is good for one request within a day (counted like the rate
  limits): a bot cannot wait once and reuse it to skip the wait.
- A per-client rate limit, keyed by a hash of the address (see core.ratelimit).
"""

import time

from django.conf import settings
from django.core import signing

from core.ratelimit import RateLimit

STARTED_AT_SALT = "appointments.form-started"
# A form left open longer is shown again with a new timestamp, everything kept.
TOKEN_MAX_AGE = 24 * 3600


def signed_start_time():
    return signing.dumps(time.time(), salt=STARTED_AT_SALT)


def seconds_since_shown(token):
    """How long ago the form was shown, or None for a missing or forged token."""
    try:
        started = signing.loads(token, salt=STARTED_AT_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # and SignatureExpired
        return None
    if not isinstance(started, (int, float)):
        return None
    return time.time() - started


def _used_tokens():
    return RateLimit("appointment-form-token", 1, TOKEN_MAX_AGE)


def can_be_sent_again(token):
    """Whether a re-shown form keeps its timestamp: valid and not used by a request."""
    return seconds_since_shown(token) is not None and not _used_tokens().is_exceeded(token)


def is_too_fast(token):
    """Sent sooner than a person fills the form, or with a timestamp missing, forged,
    expired or used already. Reads only: `use_up` spends a timestamp that passed."""
    elapsed = seconds_since_shown(token)
    if elapsed is None or elapsed < settings.APPOINTMENTS["MIN_FILL_SECONDS"]:
        return True
    return _used_tokens().is_exceeded(token)


def use_up(token):
    """Spend a timestamp on the request it sent; False if another request spent it
    first (the same form sent twice at once)."""
    return _used_tokens().hit(token)


def submission_rate_limit():
    config = settings.APPOINTMENTS
    return RateLimit("appointment", config["RATE_LIMIT"], config["RATE_WINDOW_SECONDS"])
