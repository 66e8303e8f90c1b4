"""Hints for PostgreSQL's planner where its estimates for text matches go wrong."""

from contextlib import contextmanager, nullcontext

from django.db import connections, transaction

from .terms import CJK


def planned_for(text: str, using: str = "default"):
    """How to read "more like this" for a text: through the index when it has Chinese in
    it (its pieces are rarer than the planner thinks), as PostgreSQL plans it otherwise
    (for common English words the early-stopping scan is the cheaper one: forcing the
    index made them slower)."""
    return through_the_index(using) if CJK.search(text or "") else nullcontext()


@contextmanager
def through_the_index(using: str = "default"):
    """Inside this block PostgreSQL finds text matches through the GIN index.

    For "up to N questions matching any of these words" it otherwise plans a sequential
    scan that stops at the Nth match: cheap when matches are spread through the table,
    but when they sit at its far end (rows rewritten by an UPDATE move there) it reads all
    of it, which for a Chinese question's Similar Q&A is most of a large archive. The index
    reads only the matching ids. One SET LOCAL, in a transaction that ends with the block (or,
    inside a caller's transaction, undone when the block ends)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block  # then SET LOCAL would outlive the block
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            yield
        finally:
            if nested:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
