"""Django's PostgreSQL backend, with a health check that needs no round trip.

With persistent connections and CONN_HEALTH_CHECKS, Django checks the connection before
each request's first query by sending `SELECT 1`: a round trip to the server on every
request (0.2-0.5 ms on the benchmark machine, more than the page's own queries cost
to run). An idle connection has nothing to read, unless the server has ended it (a
restart, a failover, an idle timeout, `pg_terminate_backend`): then its FATAL message
or the end of the stream is waiting on the socket. So a connection that is idle with
nothing to read is kept; anything else is checked the way Django does, or replaced.
Set as the ENGINE in settings whenever DATABASE_URL is a PostgreSQL one.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None or self.connection.closed:
            return False
        if self.connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        poller = select.poll()
        poller.register(self.connection.fileno(), select.POLLIN)
        return not poller.poll(0)
