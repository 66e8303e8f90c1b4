"""The search page's work: words and meaning, fused into one ranking kept for a minute,
paginated, and "Did you mean" when the words found nothing on PostgreSQL."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from machinery.freshness import FRESH_SECONDS
from machinery.paginators import RankedIdsPaginator
from questions.meaning.hybrid import fuse, nearest_ids
from questions.models import Question

from .highlight import highlight
from .parsing import MAX_QUERY, ParsedQuery, parse_query
from .ranking import POOL, containing, search
from .suggestions import did_you_mean, too_common


@dataclass
class SearchResult:
    typed: str  # what the reader typed, trimmed, to show back in the box
    parsed: ParsedQuery  # what was searched by words: the typed query, or its correction
    page: object
    suggestion: str | None
    capped: bool
    too_common: list[str]  # when every word was too common to be indexed


def run(text: str, *, department=None, topic=None, page_number=None, page_size=20):
    """Filter, rank and paginate the public Q&A for what the reader typed. Word search
    (full text on PostgreSQL, substrings elsewhere) and the nearest in meaning (in any
    language) are fused by rank; a "quoted phrase" asks for words only, and -excluded
    words leave out the Q&A by meaning that hold them too."""
    vendor = connection.vendor
    typed = parse_query(text)
    questions = Question.objects.latest_answered()
    if department is not None:
        questions = questions.filter(department=department)
    if topic is not None:
        questions = questions.filter(topics=topic)

    def ranked(query: ParsedQuery, key_suffix: str = "") -> tuple[int, list[int]]:
        """(how many the words found, at most POOL; the fused ranking), kept a minute."""
        key = f"{query.text}|{typed.text}|{department and department.pk}|{topic and topic.pk}"
        key = "search-ranked:v2:" + hashlib.sha256(key.encode()).hexdigest() + key_suffix

        def compute():
            found = search(questions, query, vendor=vendor)
            words = list(found.values_list("pk", flat=True)[:POOL])
            if typed.is_empty or typed.quoted:
                return len(words), words
            within = questions
            for term in typed.excluded:
                within = within.exclude(containing(term))
            meaning = nearest_ids(typed.meaning_text, within=within)
            return len(words), fuse(words, meaning, limit=POOL)

        return cache.get_or_set(key, compute, FRESH_SECONDS)

    parsed = typed
    found, ids = ranked(typed)
    suggestion, common = None, []
    if not typed.is_empty and found == 0:
        common = too_common(typed, vendor=vendor)
        if len(common) < len(typed.positive_terms):
            suggestion = did_you_mean(typed, vendor=vendor, keep=common)
        if suggestion:
            parsed = parse_query(suggestion)
            found, ids = ranked(parsed, ":suggestion")
    page = RankedIdsPaginator(ids, questions, page_size).get_page(page_number)
    for question in page.object_list:
        question.excerpt = highlight(question.body, parsed.positive_terms)
        question.title_marked = highlight(question.display_title, parsed.positive_terms, length=500)
    return SearchResult(
        typed=(text or "")[:MAX_QUERY].replace("\x00", ""),
        parsed=parsed,
        page=page,
        suggestion=suggestion,
        capped=found >= POOL,
        too_common=common if len(common) == len(typed.positive_terms) else [],
    )
