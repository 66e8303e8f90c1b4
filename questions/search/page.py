"""The search page's work: filter, rank, paginate with a cached total and, when nothing
matched on PostgreSQL, the results of the closest words ("Did you mean")."""

import hashlib
from dataclasses import dataclass

from django.db import connection

from machinery import pagecache
from machinery.paginators import CachedCountPaginator, RankedIdsPaginator
from questions.models import Question

from .highlight import highlight
from .parsing import MAX_QUERY, ParsedQuery, parse_query
from .ranking import POOL, search
from .suggestions import did_you_mean, too_common


@dataclass
class SearchResult:
    typed: str  # what the reader typed, trimmed, to show back in the box
    parsed: ParsedQuery  # what was searched: the typed query, or its correction
    page: object
    suggestion: str | None
    capped: bool
    too_common: list[str]  # when every word was too common to be indexed


def run(text: str, *, department=None, topic=None, page_number=None, page_size=20):
    """The search page's work: filter, rank, paginate with a cached total and, when nothing
    matched on PostgreSQL, show the results of the closest words ("Did you mean")."""
    vendor = connection.vendor
    parsed = parse_query(text)
    questions = Question.objects.latest_answered()
    if department is not None:
        questions = questions.filter(department=department)
    if topic is not None:
        questions = questions.filter(topics=topic)

    def paginate(query: ParsedQuery, key_suffix: str = ""):
        key = f"{query.text}|{department and department.pk}|{topic and topic.pk}"
        key = hashlib.sha256(key.encode()).hexdigest() + key_suffix
        found = search(questions, query, vendor=vendor)
        if vendor == "postgresql" and not query.is_empty:
            # At most POOL ranked ids: counted and paged in Python, one query a minute.
            paginator = RankedIdsPaginator(
                found, questions, page_size, cache_key="search-ranked:" + key, limit=POOL
            )
        else:
            paginator = CachedCountPaginator(
                found,
                page_size,
                count_key="search-count:" + key,
                rows=Question.objects.public().with_department(),
                version=pagecache.generation(),
            )
        return paginator.get_page(page_number)

    page = paginate(parsed)
    suggestion, common = None, []
    if not parsed.is_empty and page.paginator.count == 0:
        common = too_common(parsed, vendor=vendor)
        if len(common) < len(parsed.positive_terms):
            suggestion = did_you_mean(parsed, vendor=vendor, keep=common)
        if suggestion:
            parsed = parse_query(suggestion)
            page = paginate(parsed, ":suggestion")
    for question in page.object_list:
        question.excerpt = highlight(question.body, parsed.positive_terms)
        question.title_marked = highlight(question.display_title, parsed.positive_terms, length=500)
    return SearchResult(
        typed=(text or "")[:MAX_QUERY].replace("\x00", ""),
        parsed=parsed,
        page=page,
        suggestion=suggestion,
        capped=vendor == "postgresql" and page.paginator.count >= POOL,
        too_common=common if len(common) == len(parsed.positive_terms) else [],
    )
