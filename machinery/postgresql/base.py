"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS Django checks a persistent connection before its first use in each
request with SELECT 1: a round trip to PostgreSQL on every request (on an uncached
question page, one of three). An idle connection has nothing to read; when PostgreSQL
restarts or ends the session it sends an error and closes the socket, which then becomes
readable. So a connection whose socket has nothing waiting is healthy, and only one with
something waiting is checked with SELECT 1 (which reads what is there, and fails on a
dead connection). A connection lost without a word (a network cut) is found by the first
query as before, and reliability.py answers that request with a 503.
"""

import select

import psycopg
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper
from psycopg.pq import TransactionStatus


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()  # mid-query or in a transaction: ask for real
        try:
            poll = select.poll()  # not select(): no limit on descriptor numbers
            poll.register(connection.fileno(), select.POLLIN)
            waiting = poll.poll(0)
        except (OSError, ValueError, psycopg.Error):
            return False
        return not waiting or super().is_usable()
