"""Question page views, counted without a database write per view: each worker adds them
up (machinery.counters) and writes them in one UPDATE every VIEW_COUNT_FLUSH_EVERY views,
when it exits, and when `manage.py flush_view_counts` asks every worker to (through the
page cache's Redis channel, machinery.pagecache.broadcast)."""

from django.conf import settings
from django.db import connection, models

from machinery import pagecache
from machinery.counters import BatchedCounter
from questions.models import Question

FLUSH_WORD = "flush-view-counts"


def _write(batch: dict) -> None:
    Question.objects.filter(pk__in=batch).update(
        view_count=models.F("view_count")
        + models.Case(
            *(models.When(pk=pk, then=models.Value(count)) for pk, count in batch.items()),
            default=models.Value(0),
        )
    )


views = BatchedCounter(write=_write, every=lambda: settings.VIEW_COUNT_FLUSH_EVERY)
record_view = views.record
pending = views.pending  # views of a question counted here but not written yet
flush = views.flush
discard = views.discard


def _flush_when_asked() -> None:
    """In a thread started for the broadcast: its database connection is its own."""
    try:
        flush()
    finally:
        connection.close()


pagecache.on_broadcast(FLUSH_WORD, _flush_when_asked)


def ask_workers_to_flush() -> int | None:
    """Ask every running worker to write the views it has gathered now. Returns how many
    workers heard it, or None without Redis (no channel reaches them)."""
    return pagecache.broadcast(FLUSH_WORD)
