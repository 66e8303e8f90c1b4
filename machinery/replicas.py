"""Reads sent to PostgreSQL read replicas, with read-your-writes.

`settings.DATABASE_REPLICAS` names the replicas' aliases in DATABASES ("replica_1", …).
ReplicaRouter sends a read to a replica only inside a request that ReplicaReadsMiddleware
allowed: a GET or HEAD of a view on its list, from a client with no session, no messages
and no read-your-writes cookie, that has neither written nor opened a transaction. Every
other read goes to the primary ("default"), and so does every write: outside a request
nothing is allowed, so tasks, management commands and the admin only ever use the primary.

A client that sent anything but a GET or HEAD gets a short-lived cookie
(READ_YOUR_WRITES_COOKIE, `READ_YOUR_WRITES_SECONDS`) whose presence alone sends its
requests to the primary: it sees what it wrote, whatever the replicas' lag. Its value is
never read, so there is nothing to forge: a made-up cookie does what a real one does.

Each process checks each replica every few seconds, in the request that finds the last
check too old (one query on a connection of its own): a replica that does not answer, or
whose replay lag is above `REPLICA_MAX_LAG_SECONDS`, is skipped until a later check finds
it well again; each change is logged once. A read-only request whose replica fails under
it is answered again from the primary.
"""

import contextlib
import contextvars
import logging
import random
import threading
import time
from dataclasses import dataclass, field

import psycopg
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

from .pagecache import is_anonymous_reader, retired_within

logger = logging.getLogger(__name__)

PRIMARY = "default"
READ_YOUR_WRITES_COOKIE = "qa_rw"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# A replica in use is checked this often; one skipped, this often (a check of a host that
# does not answer holds its request for CHECK_CONNECT_TIMEOUT, libpq's shortest).
CHECK_SECONDS = 2.0
RETRY_SECONDS = 5.0
CHECK_CONNECT_TIMEOUT = 2

UP, LAGGING, DOWN, UNKNOWN = "up", "lagging", "down", "unknown"

# The replay lag, 0 when the replica has replayed all it received: the time since the
# last replayed transaction grows while the primary is idle, without any lag. (Just after
# a replica starts, what it received may be behind what it replayed.) Not in recovery: the
# server is (now) a primary itself, with nothing to wait for.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float
END
"""


# -- health -------------------------------------------------------------------------------


def _describe(alias: str) -> str:
    """The alias and its server, never its password."""
    database = settings.DATABASES.get(alias, {})
    return f"{alias} ({database.get('HOST') or 'local'}:{database.get('PORT') or 5432})"


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


@dataclass
class Replica:
    """What this process knows of one replica."""

    alias: str
    state: str = UNKNOWN
    lag: float | None = None
    next_check: float = 0.0  # time.monotonic()
    probe: object = None  # the connection the checks use
    lock: threading.Lock = field(default_factory=threading.Lock)

    def usable(self) -> bool:
        if time.monotonic() >= self.next_check:
            self.check()
        return self.state == UP

    def check(self) -> None:
        """Measure the replica now, unless another thread of this process is at it."""
        if not self.lock.acquire(blocking=False):
            return
        try:
            try:
                lag = measure(self)
            except (DatabaseError, psycopg.Error) as error:
                self._close_probe()
                self._become(DOWN, None, _first_line(error))
            else:
                limit = settings.REPLICA_MAX_LAG_SECONDS
                self._become(UP if lag is not None and lag <= limit else LAGGING, lag, "")
        finally:
            self.lock.release()

    def _become(self, state: str, lag: float | None, error: str) -> None:
        previous, self.state, self.lag = self.state, state, lag
        self.next_check = time.monotonic() + (CHECK_SECONDS if state == UP else RETRY_SECONDS)
        if state == previous:
            return
        name = _describe(self.alias)
        if state == DOWN:
            logger.warning("Replica %s skipped: it does not answer (%s); reads go to the "
                           "primary", name, error)  # fmt: skip
        elif state == LAGGING:
            behind = "an unknown time" if lag is None else f"{lag:.1f} s"
            logger.warning("Replica %s skipped: %s behind the primary (more than %s s); "
                           "reads go to the primary", name, behind,
                           settings.REPLICA_MAX_LAG_SECONDS)  # fmt: skip
        elif previous == UNKNOWN:
            logger.info("Replica %s in use (%.1f s behind the primary)", name, lag)
        else:
            logger.warning("Replica %s is back (%.1f s behind the primary): reads go to it "
                           "again", name, lag)  # fmt: skip

    def _close_probe(self) -> None:
        probe, self.probe = self.probe, None
        if probe is not None:
            with contextlib.suppress(psycopg.Error):
                probe.close()


def measure(replica: Replica) -> float | None:
    """The replica's replay lag in seconds (None: unknown), on a connection of the check's
    own with the alias's settings and a short connect timeout: a request's connection is
    left alone, and a replica that does not answer holds a request for seconds at most."""
    if replica.probe is None or replica.probe.closed:
        params = connections[replica.alias].get_connection_params()
        params.update(connect_timeout=CHECK_CONNECT_TIMEOUT, autocommit=True)
        replica.probe = psycopg.connect(**params)
    return replica.probe.execute(LAG_SQL).fetchone()[0]


_replicas: dict[str, Replica] = {}
_replicas_lock = threading.Lock()


def replica(alias: str) -> Replica:
    with _replicas_lock:
        return _replicas.setdefault(alias, Replica(alias))


def forget_states() -> None:
    """Start from nothing known (tests)."""
    with _replicas_lock:
        for known in _replicas.values():
            known._close_probe()
        _replicas.clear()


def usable_replica() -> str | None:
    """A replica to read from (checking those due), or None when none is well."""
    usable = [alias for alias in settings.DATABASE_REPLICAS if replica(alias).usable()]
    return random.choice(usable) if usable else None


def report() -> dict:
    """Each replica's state, checked first if a check is due: for /healthz."""
    states = {}
    for alias in settings.DATABASE_REPLICAS:
        known = replica(alias)
        known.usable()
        lag = None if known.lag is None else round(known.lag, 3)
        states[alias] = {"state": known.state, "lag_seconds": lag}
    return states


def log_configuration() -> None:
    """At start: the replica URLs the settings refused (the site reads from the primary)."""
    for problem in getattr(settings, "DATABASE_REPLICA_ERRORS", []):
        logger.error("DATABASE_REPLICA_URLS: %s; reads go to the primary", problem)


# -- routing ------------------------------------------------------------------------------


@dataclass
class _Routing:
    """One request's routing: may it read from a replica, which one, has it written."""

    allowed: bool = False
    replica: str | None = None  # chosen at its first read
    wrote: bool = False


# Outside a request (tasks, commands, the shell) there is none: everything on the primary.
_routing: contextvars.ContextVar[_Routing | None] = contextvars.ContextVar(
    "replica_routing", default=None
)


def _in_transaction() -> bool:
    """In a transaction on the primary (not counting a test's own wrapping one)."""
    blocks = connections[PRIMARY].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def read_alias() -> str:
    routing = _routing.get()
    if routing is None or not routing.allowed:
        return PRIMARY
    if routing.replica is None:
        routing.replica = PRIMARY if _in_transaction() else (usable_replica() or PRIMARY)
    elif routing.replica != PRIMARY and _in_transaction():
        routing.replica = PRIMARY  # what a transaction reads must be what it writes on
    return routing.replica


def _wrote() -> None:
    routing = _routing.get()
    if routing is not None:
        routing.wrote = True
        routing.replica = PRIMARY  # the rest of the request reads what it wrote


class ReplicaRouter:
    """DATABASE_ROUTERS: reads to a replica where the request allows it, all else to the
    primary. Only the primary is migrated; the replicas replay it."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        _wrote()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on every server

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Last in MIDDLEWARE (so that its process_exception runs before the 503 middleware's):
    decides per request whether its reads may go to a replica, answers a read-only request
    again from the primary when its replica fails under it, and gives the read-your-writes
    cookie to the clients that write. A subclass names the views (URL names) whose reads
    may go to a replica: public pages that are the same for every anonymous reader."""

    read_views: frozenset[str] = frozenset()

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        token = _routing.set(_Routing())
        try:
            response = self.get_response(request)
        finally:
            _routing.reset(token)
        if request.method not in SAFE_METHODS and settings.READ_YOUR_WRITES_SECONDS > 0:
            response.set_cookie(
                READ_YOUR_WRITES_COOKIE,
                "1",
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response

    def may_read_from_replica(self, request) -> bool:
        match = request.resolver_match
        return (
            request.method in SAFE_METHODS
            and match is not None
            and match.view_name in self.read_views
            and READ_YOUR_WRITES_COOKIE not in request.COOKIES
            and is_anonymous_reader(request)
            # A page the page cache will store is rendered on the primary: a replica's
            # lagging copy, stored just after the change forgot the page, would be served
            # for PAGE_CACHE_SECONDS (machinery.pagecache sets this attribute).
            and getattr(request, "page_cache_entry", None) is None
            # Just after a change every cached page and fragment starts again (a new
            # generation), and what is rendered now is kept for the new one: up to an hour
            # for Similar Q&A. Until a replica may have caught up, render it on the primary.
            and not retired_within(settings.REPLICA_MAX_LAG_SECONDS + 1)
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        routing = _routing.get()
        if routing is not None:
            routing.allowed = self.may_read_from_replica(request)

    def process_exception(self, request, exception):
        routing = _routing.get()
        if (
            routing is None
            or routing.replica in (None, PRIMARY)
            or routing.wrote
            or not isinstance(exception, (OperationalError, InterfaceError))
        ):
            return None
        failed, routing.replica = routing.replica, PRIMARY
        with contextlib.suppress(DatabaseError):
            connections[failed].close()
        logger.info("A read on replica %s failed (%s); answered from the primary",
                    _describe(failed), _first_line(exception))  # fmt: skip
        replica(failed).check()  # skipped from now on if it does not answer
        # Only a GET or HEAD of a read-only page gets here: running it again is safe. An
        # error on the primary this time goes on to the 503 page.
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response
