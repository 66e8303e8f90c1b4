"""Counts gathered in memory and written in batches (machinery.counters)."""

from machinery.counters import BatchedCounter


def test_events_are_written_once_enough_have_gathered():
    written = []
    counter = BatchedCounter(write=written.append, every=lambda: 3)
    counter.record("a")
    counter.record("b")
    assert written == [] and counter.pending("a") == 1
    counter.record("a")
    assert written == [{"a": 2, "b": 1}]
    assert counter.pending("a") == 0


def test_flush_writes_what_is_pending_and_discard_forgets_it():
    written = []
    counter = BatchedCounter(write=written.append, every=lambda: 100)
    assert counter.flush() == 0 and written == []  # nothing to write: no empty batch
    counter.record(7)
    counter.record(7)
    assert counter.flush() == 2 and written == [{7: 2}]
    counter.record(8)
    counter.discard()
    assert counter.flush() == 0 and written == [{7: 2}]
