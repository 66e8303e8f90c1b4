"""Values kept in the cache for a minute and recomputed by one request at a time
(stale-while-revalidate), for totals that cost more to count than a page costs to show."""

import time

from django.core.cache import cache

FRESH_SECONDS = 60
# How long a value past its minute is still served while one request computes the next.
STALE_SECONDS = 3600


def fresh_or_recent(key: str, compute):
    """The value under `key` if computed within the last minute. Past that, one request at
    a time computes it again (and waits for it) while the others are given the previous
    value, so that readers arriving meanwhile do not all compute it too. With nothing kept
    yet (a new deploy, a flushed cache) every reader computes it. If computing fails, the
    others keep the previous value until the lock's minute is over."""
    key = f"total:{key}"  # (value, computed at), never a plain value under the same key
    lock = f"{key}:computing"
    entry = cache.get(key)
    if entry is not None:
        if time.time() - entry[1] < FRESH_SECONDS:
            return entry[0]
        if not cache.add(lock, 1, FRESH_SECONDS):
            return entry[0]  # another request is computing it
    value = compute()
    cache.set(key, (value, time.time()), STALE_SECONDS)
    if entry is not None:
        cache.delete(lock)
    return value
