"""Counts gathered in a worker's memory and written in one batch.

A counter that is not worth a database write per event (page views) adds events up per
key in this process and hands them to its `write` function once `every()` events have
gathered, when the process exits, and when asked (`flush`). A worker killed hard loses
at most that many events.
"""

import atexit
import logging
import threading
from collections import Counter
from collections.abc import Callable

logger = logging.getLogger(__name__)


class BatchedCounter:
    def __init__(self, write: Callable[[dict], None], every: Callable[[], int]):
        self.write = write  # {key: count} -> None, one batch
        self.every = every  # read at each event, so that settings changed in tests apply
        self._pending: Counter = Counter()
        self._lock = threading.Lock()
        self._total = 0  # sum of _pending, kept rather than summed on every event
        atexit.register(self._flush_at_exit)

    def record(self, key) -> None:
        with self._lock:
            self._pending[key] += 1
            self._total += 1
            due = self._total >= self.every()
        if due:
            self.flush()

    def pending(self, key) -> int:
        """Events for this key counted here but not written yet."""
        with self._lock:
            return self._pending.get(key, 0)

    def flush(self) -> int:
        """Write the gathered events in one batch; returns how many were written."""
        batch = self._take()
        if batch:
            self.write(batch)
        return sum(batch.values())

    def discard(self) -> None:
        """Forget the events gathered here without writing them (tests)."""
        self._take()

    def _take(self) -> dict:
        with self._lock:
            batch = dict(self._pending)
            self._pending.clear()
            self._total = 0
        return batch

    def _flush_at_exit(self) -> None:
        try:
            self.flush()
        except Exception:  # the database may already be gone at exit
            logger.warning("Could not write the last counts at exit", exc_info=True)
