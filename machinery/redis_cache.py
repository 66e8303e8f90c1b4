"""Django's Redis cache, with two changes.

One redis-py client per connection pool instead of a new one for every cache call:
building a client copies all of redis-py's response callbacks, which cost more than the
round trip to Redis itself on a cached page.

And the site keeps working while Redis does not answer: every operation that fails to
reach it behaves as a miss (reads find nothing, writes are dropped, counters start from
zero) and logs a warning at most once every ten seconds per process. After a failure the
process leaves Redis alone for RETRY_AFTER seconds, so that a Redis that hangs costs one
short timeout now and then, not one per cache call. Pages are then
rendered instead of served from the cache, rate limits and the login lockout are not
enforced until Redis is back (a Redis restarted without persistence comes back empty, so
nothing stale is served afterwards), and nobody gets a 500.
"""

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from . import metrics

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY = 10.0  # seconds
RETRY_AFTER = 5.0  # seconds


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # redis.Redis is safe to share between threads: it takes a connection from
            # the pool for each command.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    _warned_at = 0.0
    _down_until = 0.0

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        # A Redis that hangs must not hang the workers: give up on it quickly.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        # One immediate retry, not redis-py's default of three with growing pauses.
        options.setdefault("retry", Retry(NoBackoff(), 1))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _guarded(self, operation: str, fallback, *args):
        """Django's operation, or the fallback while Redis cannot be reached."""
        now = time.monotonic()
        if now < self._down_until:
            return fallback
        try:
            return getattr(super(), operation)(*args)
        except UNREACHABLE as error:
            metrics.cache_error(operation)
            self._down_until = now + RETRY_AFTER
            if now - RedisCache._warned_at >= WARN_EVERY:
                RedisCache._warned_at = now
                logger.warning("Redis unreachable (%s: %s); working without the cache",
                               operation, type(error).__name__)  # fmt: skip
            return fallback

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._guarded("incr", delta, key, delta, version)

    def clear(self):
        return self._guarded("clear", False)

    def reachable(self) -> bool:
        """False for a while after Redis failed to answer (reads give their defaults then,
        which must not be mistaken for values)."""
        return time.monotonic() >= self._down_until

    def change_and_announce(self, channel: str, message: str, *, delete=(), incr=None) -> None:
        """Delete keys and/or increment one, and publish the message, in one MULTI: Redis
        applies all or none, so no process keeps a copy of something Redis changed. Tried
        even while the other operations back off: an invalidation is worth a timeout."""
        try:
            pipe = self._cache.get_client(write=True).pipeline(transaction=True)
            if delete:
                pipe.delete(*(self.make_and_validate_key(key) for key in delete))
            if incr is not None:
                pipe.incr(self.make_and_validate_key(incr))
            pipe.publish(channel, message)
            pipe.execute()
        except UNREACHABLE as error:
            metrics.cache_error("change_and_announce")
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("Redis unreachable (change_and_announce: %s); a cached page may"
                           " be stale until it expires", type(error).__name__)  # fmt: skip

    def announce(self, channel: str, message: str) -> int | None:
        """Publish a message; returns how many listeners heard it (None without Redis)."""
        try:
            return self._cache.get_client(write=True).publish(channel, message)
        except UNREACHABLE as error:
            metrics.cache_error("announce")
            logger.warning("Redis unreachable (announce: %s)", type(error).__name__)
            return None

    def local_copies(self, name: str, max_bytes: int, *, watch: str | None = None, on_call=None):
        """This process's LocalCopies for one kind of value (one per process, shared by
        its threads). `watch` names a key whose change drops every copy, checked every few
        seconds: a safety net under the announcements. `on_call(word)` runs, in a thread of
        its own, for each announcement "call\n<word>"."""
        channel = f"{self.key_prefix}:{name}:changes"
        key = (self._servers[0], channel)
        copies = _local_copies.get(key)
        if copies is None:
            watched = self.make_and_validate_key(watch) if watch else None
            with _local_copies_lock:
                copies = _local_copies.setdefault(
                    key, LocalCopies(self._servers[0], channel, max_bytes, watched, on_call)
                )
        return copies


class LocalCopies:
    """Copies of some cached values in this process's memory, dropped whenever any
    process announces a change on a Redis channel.

    Reading a cached page from Redis is a network round trip: on these machines half of a
    cache hit's time. A process keeps the values it fetched, and a thread listens on the
    channel on which every change is announced (RedisCache.change_and_announce, in the
    same MULTI as the change itself). Correctness rests on these rules:

    - Copies are used only while the listener is subscribed and has heard from Redis in
      the last SILENT_AFTER seconds (it pings every PING_EVERY). When the connection drops
      or goes quiet, every copy is dropped and the listener connects again; values come
      from Redis until it is back, so an announcement missed meanwhile cannot leave a
      stale copy.
    - A copy fetched before an announcement is never kept after it: each announcement
      bumps a counter, and put() keeps a value only if the counter has not moved since
      the caller read it, before fetching.
    - The announcing process drops its own copies at once; the others when Redis delivers
      the message, well under a millisecond on one host: the same as a request that
      arrived that much earlier.
    - A safety net: with each ping the listener reads a watched key (the page generation)
      and drops every copy when it has moved, so a retirement announced by anything that
      does not publish (an older version during a deploy) shows within PING_EVERY.
    - After a fork the child starts empty, with its own lock and its own listener.
    """

    PING_EVERY = 5.0  # seconds
    SILENT_AFTER = 15.0
    RECONNECT_AFTER = 1.0

    def __init__(self, location: str, channel: str, max_bytes: int, watched=None, on_call=None):
        self.location = location
        self.on_call = on_call
        self.channel = channel
        self.max_bytes = max_bytes
        self.watched = watched
        self._lock = threading.Lock()
        self._entries: OrderedDict = OrderedDict()  # key -> (value, expires at, size)
        self._bytes = 0
        self._changes = 0
        self._subscribed = False
        self._heard_at = 0.0
        self._warned_at = 0.0
        self._pid = None

    # Reading and keeping copies.

    @property
    def client_name(self) -> str:
        """The listener's name in Redis's CLIENT LIST."""
        return f"{self.channel}:{os.getpid()}"

    def live(self) -> bool:
        if self.max_bytes <= 0:
            return False
        if self._pid != os.getpid():  # first use in this process: start its listener
            self._start()
            return False
        return self._subscribed and time.monotonic() - self._heard_at < self.SILENT_AFTER

    def changes(self) -> int:
        """Read before fetching a value that may be kept with put()."""
        return self._changes

    def get(self, key):
        if not self.live():
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[1] <= time.time():
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key, value, expires_at: float, seen: int, size: int = 0) -> None:
        """Keep a value fetched from Redis (`size` bytes) until expires_at (epoch seconds),
        unless something changed since `seen` was read."""
        if not self.live() or size > self.max_bytes:
            return
        with self._lock:
            if self._changes != seen:  # something changed since the value was fetched
                return
            self._remove(key)
            self._entries[key] = (value, expires_at, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._remove(next(iter(self._entries)))  # the least recently used

    def _remove(self, key) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[2]

    def drop(self, keys=None) -> None:
        """Forget copies (all when keys is None), here only."""
        with self._lock:
            self._changes += 1
            if keys is None:
                self._entries.clear()
                self._bytes = 0
            else:
                for key in keys:
                    self._remove(key)

    # The listener.

    def _start(self) -> None:
        with _local_copies_lock:
            if self._pid == os.getpid():
                return
            self._after_fork()
            self._pid = os.getpid()
            threading.Thread(target=self._listen, name="qa-portal-local-copies",
                             daemon=True).start()  # fmt: skip

    def _after_fork(self) -> None:
        """Start empty: the parent's lock may have been held by a thread that is gone."""
        self._lock = threading.Lock()
        self._entries = OrderedDict()
        self._bytes = 0
        self._changes += 1
        self._subscribed = False
        self._pid = None

    def _listen(self) -> None:
        pid = os.getpid()
        while self._pid == pid:
            pubsub = None
            try:
                client = redis.Redis.from_url(
                    self.location,
                    socket_connect_timeout=0.5,
                    socket_timeout=5,
                    socket_keepalive=True,
                    client_name=self.client_name,
                )
                pubsub = client.pubsub()
                pubsub.subscribe(self.channel)
                connected_at, pinged, watched = time.monotonic(), 0.0, _UNREAD
                while self._pid == pid:
                    now = time.monotonic()
                    if now - pinged >= self.PING_EVERY:
                        if now - max(self._heard_at, connected_at) >= self.SILENT_AFTER:
                            raise TimeoutError("no answer to pings")  # connect again
                        pubsub.ping()
                        pinged = now
                        if self.watched:
                            value = client.get(self.watched)
                            if watched is not _UNREAD and value != watched:
                                self.drop()
                            watched = value
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None:
                        self._heard(message)
            except Exception as error:  # noqa: BLE001 - whatever it was, start over
                metrics.cache_error("listen")
                now = time.monotonic()
                if now - self._warned_at >= WARN_EVERY:
                    self._warned_at = now
                    logger.warning(
                        "Redis channel %s lost (%s); cached pages come from Redis until it"
                        " is back", self.channel, type(error).__name__,
                    )  # fmt: skip
            finally:
                self._subscribed = False
                self.drop()
                if pubsub is not None:
                    with contextlib.suppress(Exception):  # closing a dead connection
                        pubsub.close()
            time.sleep(self.RECONNECT_AFTER)

    def _heard(self, message) -> None:
        self._heard_at = time.monotonic()
        kind = message["type"]
        if kind == "subscribe":
            self.drop()  # whatever was announced before now was missed
            self._subscribed = True
        elif kind == "message":
            kind, *rest = message["data"].decode().split("\n")
            if kind == "*":
                self.drop()
            elif kind == "keys":
                self.drop(rest)
            elif kind == "call" and rest and self.on_call is not None:
                # In a thread of its own: the listener must go on hearing invalidations.
                threading.Thread(
                    target=self._call, args=(rest[0],), name="qa-portal-broadcast", daemon=True
                ).start()

    def _call(self, word: str) -> None:
        try:
            self.on_call(word)
        except Exception:
            logger.exception("Broadcast %r failed in this process", word)


_UNREAD = object()
_local_copies: dict = {}
_local_copies_lock = threading.Lock()


def _reset_after_fork() -> None:
    global _local_copies_lock
    _local_copies_lock = threading.Lock()
    for copies in _local_copies.values():
        copies._after_fork()


os.register_at_fork(after_in_child=_reset_after_fork)
