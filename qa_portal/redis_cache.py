"""Django's Redis cache, with two changes.

One redis-py client per connection pool instead of a new one for every cache call:
building a client copies ~170 response callbacks, which cost more than the round trip to
Redis itself on a cached page (measured: 0.28 of 0.62 ms).

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

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

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


class _Publishing(DjangoRedisCache):
    def _publish(self, channel: str, message: str) -> None:
        self._cache.get_client(write=True).publish(channel, message)


class RedisCache(_Publishing):
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

    def publish(self, channel: str, message: str) -> None:
        self._guarded("_publish", None, channel, message)

    def local_copies(self, name: str, max_entries: int):
        """This process's LocalCopies for one kind of value (one per process, shared by
        its threads; None when max_entries is 0)."""
        if max_entries <= 0:
            return None
        channel = f"{self.key_prefix}:{name}:changes"
        key = (self._servers[0], channel)
        copies = _local_copies.get(key)
        if copies is None:
            with _local_copies_lock:
                copies = _local_copies.setdefault(
                    key, LocalCopies(self._servers[0], channel, max_entries)
                )
        return copies


class LocalCopies:
    """Copies of some cached values in this process's memory, dropped whenever any
    process announces a change on a Redis channel.

    Reading a cached page from Redis is a network round trip: on these machines half of a
    cache hit's time. A process keeps the values it fetched, and a thread listens on the
    channel on which every change is announced. Correctness rests on three rules:

    - Copies are used only while the listener is subscribed and has heard from Redis in
      the last SILENT_AFTER seconds (it pings every PING_EVERY). When the connection drops
      or goes quiet every copy is dropped, and values come from Redis again until the
      listener is back: an announcement missed meanwhile cannot leave a stale copy.
    - A copy fetched before an announcement is never kept after it: each announcement
      bumps a counter, and put() keeps a value only if the counter has not moved since
      the caller read it, before fetching.
    - The announcing process drops its own copies at once; the others when Redis delivers
      the message, well under a millisecond on one host: the same as a request that
      arrived that much earlier.
    """

    PING_EVERY = 5.0  # seconds
    SILENT_AFTER = 15.0
    RECONNECT_AFTER = 1.0

    def __init__(self, location: str, channel: str, max_entries: int):
        self.location = location
        self.channel = channel
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict = OrderedDict()  # key -> (value, expires at, epoch s)
        self._changes = 0
        self._subscribed = False
        self._heard_at = 0.0
        self._thread = None
        self._pid = None

    # Reading and keeping copies.

    @property
    def client_name(self) -> str:
        """The listener's name in Redis's CLIENT LIST."""
        return f"{self.channel}:{os.getpid()}"

    def live(self) -> bool:
        if self._pid != os.getpid():  # a new process (forked): start its own listener
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
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key, value, expires_at: float, seen: int) -> None:
        if not self.live():
            return
        with self._lock:
            if self._changes != seen:  # something changed since the value was fetched
                return
            self._entries[key] = (value, expires_at)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def _drop(self, keys=None) -> None:
        with self._lock:
            self._changes += 1
            if keys is None:
                self._entries.clear()
            else:
                for key in keys:
                    self._entries.pop(key, None)

    # Announcing changes: the caller has already changed or deleted the values in Redis.

    def announce(self, cache, keys=None) -> None:
        """Keys changed (all copies when keys is None): drop them here and tell every
        other process."""
        self._drop(keys)
        message = "*" if keys is None else "\n".join(["keys", *keys])
        cache.publish(self.channel, message)

    # The listener.

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._entries.clear()
            self._subscribed = False
            self._thread = threading.Thread(
                target=self._listen, name="qa-portal-local-copies", daemon=True
            )
            self._thread.start()

    def _listen(self) -> None:
        import redis

        pid = os.getpid()
        while self._pid == pid:
            pubsub = None
            try:
                client = redis.Redis.from_url(
                    self.location,
                    socket_connect_timeout=0.5,
                    socket_timeout=5,
                    client_name=self.client_name,
                )
                pubsub = client.pubsub()
                pubsub.subscribe(self.channel)
                pinged = 0.0
                while self._pid == pid:
                    now = time.monotonic()
                    if now - pinged >= self.PING_EVERY:
                        pubsub.ping()
                        pinged = now
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None:
                        self._heard(message)
            except Exception as error:  # noqa: BLE001 - whatever it was, start over
                now = time.monotonic()
                if now - RedisCache._warned_at >= WARN_EVERY:
                    RedisCache._warned_at = now
                    logger.warning(
                        "Redis channel %s lost (%s); cached pages come from Redis until it"
                        " is back", self.channel, type(error).__name__,
                    )  # fmt: skip
            finally:
                self._subscribed = False
                self._drop()
                if pubsub is not None:
                    with contextlib.suppress(Exception):  # closing a dead connection
                        pubsub.close()
            time.sleep(self.RECONNECT_AFTER)

    def _heard(self, message) -> None:
        self._heard_at = time.monotonic()
        kind = message["type"]
        if kind == "subscribe":
            self._drop()  # whatever was announced before now was missed
            self._subscribed = True
        elif kind == "message":
            data = message["data"].decode()
            self._drop(None if data == "*" else data.split("\n")[1:])


_local_copies: dict = {}
_local_copies_lock = threading.Lock()
