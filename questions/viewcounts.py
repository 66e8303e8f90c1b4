"""Question page views, counted without a database write per view.

Each worker process adds views up in memory and writes them in one UPDATE once
VIEW_COUNT_FLUSH_EVERY views have gathered (and when the process exits, and on
`manage.py flush_view_counts`). A worker killed hard loses at most that many views: a page
counter is worth less than a write per page view.
"""

import atexit
import logging
import threading
from collections import Counter

from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)
_pending: Counter = Counter()
_lock = threading.Lock()
_total = 0  # sum of _pending, kept rather than summed on every view


def record_view(question_id: int) -> None:
    global _total
    with _lock:
        _pending[question_id] += 1
        _total += 1
        due = _total >= settings.VIEW_COUNT_FLUSH_EVERY
    if due:
        flush()


def pending(question_id: int) -> int:
    """Views of this question counted here but not written yet."""
    with _lock:
        return _pending.get(question_id, 0)


def flush() -> int:
    """Write the gathered views in one UPDATE; returns how many views were written."""
    from .models import Question

    global _total
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _total = 0
    if not batch:
        return 0
    Question.objects.filter(pk__in=batch).update(
        view_count=models.F("view_count")
        + models.Case(
            *(models.When(pk=pk, then=models.Value(count)) for pk, count in batch.items()),
            default=models.Value(0),
        )
    )
    return sum(batch.values())


def _flush_at_exit():
    try:
        flush()
    except Exception:  # the database may already be gone at exit
        logger.warning("Could not write the last page views at exit", exc_info=True)


atexit.register(_flush_at_exit)


def discard() -> None:
    """Forget the views gathered here without writing them (tests)."""
    global _total
    with _lock:
        _pending.clear()
        _total = 0
