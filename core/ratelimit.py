"""Throttles counted in the database, keyed by hashes, never by raw addresses or names.

Counts live in `core.Counter`, not in the cache: every worker and server shares them,
each hit is one atomic statement (no count lost between workers), and they hold while a
cache server is down or evicts keys. So a throttle never fails open; if the database
is down, nothing could be stored or signed into anyway.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connections, router
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Counter


def client_address(request):
    """The visitor's IP address, looking through the configured number of proxies.

    X-Forwarded-For reaches this far only from a trusted proxy (see core.forwarded).
    """
    if settings.PROXY_COUNT:
        forwarded = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def keyed_hash(purpose, value):
    """A keyed hash (HMAC with the secret key) that stands in for a personal value."""
    return salted_hmac(f"clinic_site.ratelimit.{purpose}", value).hexdigest()[:32]


# A row whose window has ended starts again at 1 with a new end.
INCREMENT_SQL = """
INSERT INTO {table} ({key}, {count}, {expires}) VALUES (%s, 1, %s)
ON CONFLICT ({key}) DO UPDATE SET
    {count} = CASE WHEN {table}.{expires} > %s THEN {table}.{count} + 1 ELSE 1 END,
    {expires} = CASE WHEN {table}.{expires} > %s THEN {table}.{expires} ELSE excluded.{expires} END
RETURNING {count}
"""


def _increment(key, window):
    """Add one to a counter, starting it afresh if its window has ended; return the count.

    One INSERT ... ON CONFLICT DO UPDATE (SQLite and PostgreSQL): the ORM cannot add to
    a field on conflict, and a read-then-write would lose counts between workers.
    """
    connection = connections[router.db_for_write(Counter)]
    quote = connection.ops.quote_name
    table = quote(Counter._meta.db_table)
    key_column, count_column, expires_column = (
        quote(Counter._meta.get_field(name).column) for name in ("key", "count", "expires_at")
    )
    now = timezone.now()
    # Only the model's own (quoted) table and column names go into the text; values are bound.
    sql = INCREMENT_SQL.format(
        table=table, key=key_column, count=count_column, expires=expires_column
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, adapt(now + timedelta(seconds=window)), adapt(now), adapt(now)])
        count = cursor.fetchone()[0]
    if count == 1:
        # A new window: a moment to drop counters whose windows have ended.
        Counter.objects.filter(expires_at__lte=now).delete()
    return count


class RateLimit:
    """At most `limit` events per `window` seconds for each key."""

    def __init__(self, name, limit, window):
        self.name = name
        self.limit = limit
        self.window = window

    def counter_key(self, key):
        return f"{self.name}:{keyed_hash(self.name, key)}"

    def hit(self, key):
        """Count one event; return True while the key is still within its limit."""
        return _increment(self.counter_key(key), self.window) <= self.limit

    def is_exceeded(self, key):
        counter = Counter.objects.filter(
            key=self.counter_key(key), expires_at__gt=timezone.now()
        ).first()
        return counter is not None and counter.count >= self.limit

    def reset(self, key):
        Counter.objects.filter(key=self.counter_key(key)).delete()
