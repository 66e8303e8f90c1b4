"""Totals over the whole archive, kept in the cache for a minute: counting a department's
100,000 answers costs more than showing 20 of them."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.functional import cached_property

from .models import FAQTopic, departments_with_answered_counts, public_question

COUNT_SECONDS = 60


def department_counts() -> list:
    """Departments with their answered counts (one GROUP BY over the archive)."""
    return cache.get_or_set(
        "department-counts", lambda: list(departments_with_answered_counts()), COUNT_SECONDS
    )


def topic_counts() -> list:
    """FAQ topics in department order with their answered counts."""
    return cache.get_or_set("topic-counts", _topic_counts, COUNT_SECONDS)


def _topic_counts() -> list:
    public = public_question("tagged_questions__content_object__")
    return list(
        FAQTopic.objects.with_department()
        .annotate(answered_count=Count("tagged_questions", filter=public))
        .order_by("department__position", "department__name", "position", "name")
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
    rows."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cache.get_or_set(self.count_key, lambda: self.object_list.count(), COUNT_SECONDS)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        related = self.object_list.query.select_related
        rows = self.object_list.model.objects.select_related(
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
