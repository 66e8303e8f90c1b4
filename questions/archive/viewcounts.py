"""Question page views, counted without a database write per view: each worker adds them
up (machinery.counters) and writes them in one UPDATE every VIEW_COUNT_FLUSH_EVERY views,
when it exits, and when `manage.py flush_view_counts` asks every worker to."""

from django.conf import settings
from django.db import models

from machinery.counters import BatchedCounter
from questions.models import Question


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
