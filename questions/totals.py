"""Totals over the whole archive, kept in the cache for a minute: counting a department's
100,000 answers costs more than showing 20 of them."""

import time

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.functional import cached_property

from specialists.models import Department

from . import pagecache
from .models import FAQTopic, TaggedQuestion, answered_counts_by_department, public_question

COUNT_SECONDS = 60
# How long a total past its minute is still served while one request computes the next.
STALE_SECONDS = 3600


def fresh_or_recent(key: str, compute):
    """The value under `key` if computed within the last minute. Past that, one request at
    a time computes it again (and waits for it) while the others are given the previous
    value: over a million Q&A a count takes up to half a second, and every reader arriving
    meanwhile would otherwise compute it too (a pile-up once a minute). With nothing kept
    yet (a new deploy, a flushed cache) every reader computes it. If computing fails, the
    others keep the previous value until the lock's minute is over."""
    key = f"total:{key}"  # not the plain values that earlier versions kept under `key`
    lock = f"{key}:computing"
    entry = cache.get(key)  # (value, computed at)
    if entry is not None:
        if time.time() - entry[1] < COUNT_SECONDS:
            return entry[0]
        if not cache.add(lock, 1, COUNT_SECONDS):
            return entry[0]  # another request is computing it
    value = compute()
    cache.set(key, (value, time.time()), STALE_SECONDS)
    if entry is not None:
        cache.delete(lock)
    return value


def department_counts() -> list:
    """Every department in order, with ``answered_count``. Only the counts are kept (by
    department id): names and addresses are read afresh, so a renamed or removed
    department shows at once."""
    counts = fresh_or_recent("answered-by-department", answered_counts_by_department)
    return _with_counts(Department.objects.order_by("position", "name"), counts)


def topic_counts() -> list:
    """FAQ topics in department order, with ``answered_count`` (counts kept, as above)."""
    counts = fresh_or_recent("answered-by-topic", _answered_counts_by_topic)
    topics = FAQTopic.objects.with_department().order_by(
        "department__position", "department__name", "position", "name"
    )
    return _with_counts(topics, counts)


def _with_counts(rows, counts: dict) -> list:
    """The rows, each with ``answered_count`` from counts by id (0 when absent)."""
    rows = list(rows)
    for row in rows:
        row.answered_count = counts.get(row.pk, 0)
    return rows


def _answered_counts_by_topic() -> dict:
    # The topic links joined to the public questions' index (440 ms over a million Q&A),
    # not every topic joined to every link and question (1.4 s).
    return dict(
        TaggedQuestion.objects.filter(public_question("content_object__"))
        .order_by()
        .values("tag_id")
        .annotate(count=Count("pk"))
        .values_list("tag_id", "count")
    )


def in_order(rows, ids: list) -> list:
    """The rows of `rows` with these ids, in the ids' order (one query; none for no ids);
    ids no longer among `rows` (a Q&A hidden meanwhile) are left out."""
    if not ids:
        return []
    by_pk = {row.pk: row for row in rows.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from the cache, and whose pages are a deferred join:
    the page's ids from the covering index alone (cheap even at page 500), then only those
    rows. The ids are kept for a minute under the page generation, which moves when a
    question is first answered, hidden, restored or retagged: a list changes at once for
    those, and within the minute for a doctor's second opinion (their own page)."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return fresh_or_recent(self.count_key, self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = cache.get_or_set(
            f"{self.count_key}:ids:{number}:{pagecache.generation()}",
            lambda: list(
                self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page]
            ),
            COUNT_SECONDS,
        )
        related = self.object_list.query.select_related
        # Public rows only, as for search: a Q&A hidden since the ids were kept drops out.
        rows = self.object_list.model.objects.public().select_related(
            *(related if isinstance(related, dict) else [])
        )
        return self._get_page(in_order(rows, ids), number, self)


class RankedIdsPaginator(Paginator):
    """Pages of a ranked search: the ranked ids of the matches (at most `limit`) are
    computed in one query and kept in the cache for a minute, so the total is their number
    and any page costs only its own rows. Rows are read through `rows` (public questions),
    so a Q&A hidden meanwhile drops out of the page at once."""

    def __init__(self, ranked, rows, per_page, *, cache_key: str, limit: int, **kwargs):
        ids = cache.get_or_set(
            cache_key, lambda: list(ranked.values_list("pk", flat=True)[:limit]), COUNT_SECONDS
        )
        super().__init__(ids, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        page = super().page(number)
        page.object_list = in_order(self.rows, list(page.object_list))
        return page
