"""`manage.py flush_view_counts` reaches the running workers: it runs in a process of its
own, whose counter is empty, so it asks them over Redis to write theirs."""

import io
import time

import pytest
from django.core.management import call_command

from questions.archive import viewcounts
from tests.factories import answered_question
from tests.machinery.test_redis_cache import copies, redis_is_up  # noqa: F401 - a fixture


def run_command() -> str:
    out = io.StringIO()
    call_command("flush_view_counts", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_without_redis_it_writes_this_process_views_and_says_why_no_more(settings):
    """Without a shared cache no channel reaches other processes: the command writes
    what this process gathered and says when workers write theirs."""
    settings.VIEW_COUNT_FLUSH_EVERY = 100
    question = answered_question()
    viewcounts.record_view(question.pk)
    output = run_command()
    question.refresh_from_db()
    assert question.view_count == 1
    assert "REDIS_URL is not set" in output and "every 100 views" in output


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379 (CI starts it)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("copies")  # Redis as the page cache, this worker listening
def test_a_worker_writes_its_views_when_the_command_asks(settings):
    """A worker's views, gathered in its memory, are written by the worker's own listener
    when another process runs the command (here the worker is this process, whose
    counter the command's own flush is kept from reaching)."""
    settings.VIEW_COUNT_FLUSH_EVERY = 100
    question = answered_question()
    viewcounts.record_view(question.pk)
    viewcounts.record_view(question.pk)

    assert viewcounts.ask_workers_to_flush() >= 1  # what the command does from elsewhere
    deadline = time.monotonic() + 5
    while question.view_count != 2:  # written by the worker's own thread, a moment later
        assert time.monotonic() < deadline, "the worker did not write its views"
        time.sleep(0.01)
        question.refresh_from_db()
    assert viewcounts.pending(question.pk) == 0
    assert "Asked 1 running worker to write their views." in run_command()
