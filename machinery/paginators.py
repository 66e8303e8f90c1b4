"""Paginators whose totals and page ids come from the cache, so that a deep page of a
large list costs what the first page costs."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .freshness import FRESH_SECONDS, fresh_or_recent


def in_order(rows, ids: list, *, known=()) -> list:
    """The rows of `rows` with these ids, in the ids' order; ids no longer among `rows` (a
    row hidden meanwhile) are left out. Rows already read (`known`) are used as they are;
    the others cost one query (none when there are none)."""
    by_pk = {row.pk: row for row in known}
    missing = [pk for pk in ids if pk not in by_pk]
    if missing:
        by_pk.update((row.pk, row) for row in rows.filter(pk__in=missing))
    return [by_pk[pk] for pk in ids if pk in by_pk]


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from the cache (fresh_or_recent), and whose pages are
    a deferred join: the page's ids from the covering index alone (cheap even at page
    500), then only those rows, read through `rows` (so a row that left it since the ids
    were kept drops out). The ids are kept for a minute under `version`: the caller moves
    it when the list changes at once for readers."""

    def __init__(self, *args, count_key: str, rows, version=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        self.rows = rows
        self.version = version

    @cached_property
    def count(self):
        return fresh_or_recent(self.count_key, self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = cache.get_or_set(
            f"{self.count_key}:ids:{number}:{self.version}",
            lambda: list(
                self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page]
            ),
            FRESH_SECONDS,
        )
        return self._get_page(in_order(self.rows, ids), number, self)


class RankedIdsPaginator(Paginator):
    """Pages of a ranking already computed (a list of ids, best first): the total is their
    number and a page costs only its own rows, read through `rows` in the ranking's order,
    so a row that left `rows` since the ranking was made drops out of its page at once."""

    def __init__(self, ids: list, rows, per_page, **kwargs):
        super().__init__(ids, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        page = super().page(number)
        page.object_list = in_order(self.rows, list(page.object_list))
        return page
