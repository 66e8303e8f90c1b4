"""Question pages cached whole for anonymous readers (machinery.pagecache): the addresses
served from the cache, and what a hit counts."""

import re

from machinery import pagecache

from . import viewcounts

KIND = "question"

cache_question_page = pagecache.cacheable_page


class CachedQuestionPageMiddleware(pagecache.CachedPageMiddleware):
    """First in MIDDLEWARE: an anonymous reader's question page from the cache."""

    kind = KIND
    path = re.compile(r"^/questions/(\d{1,18})/([^/]{1,200})/$")  # longer: never a page
    view_name = "questions:detail"

    def served_from_cache(self, pk: int) -> None:
        viewcounts.record_view(pk)


def forget_question(pk: int) -> None:
    """This question's page changed (a reply published or edited, staff edited it)."""
    pagecache.forget(KIND, pk)
