"""Filtering and ranking public questions for a parsed query: PostgreSQL full text (the
Chinese terms as phrases of their pieces, see questions.search.vectors), or substring
matching elsewhere."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q

from questions.models import Question, title_word_score

from .parsing import ParsedQuery
from .terms import CJK, WORD

POOL = 1000  # the most recent matches that PostgreSQL search ranks


def containing(term: str):
    """Questions whose title, headline, question, a published reply or one of their FAQ
    topics' names (in any language) holds the term."""
    return (
        Q(title__icontains=term)
        | Q(headline__icontains=term)
        | Q(body__icontains=term)
        | Q(replies__body__icontains=term, replies__published_at__isnull=False)
        | Q(tagged_topics__tag__name_en__icontains=term)
        | Q(tagged_topics__tag__name_zh_hant__icontains=term)
    )


def _term_query(term: str):
    """A term's tsquery: each Chinese run as the phrase of its two-character pieces (see
    questions.search.vectors), the other words as English words. None for a one-character
    Chinese run, which the pieces cannot find."""
    parts = []
    for run in CJK.findall(term):
        if len(run) < 2:
            return None
        pieces = [run[i : i + 2] for i in range(len(run) - 1)]
        # Only CJK characters: the raw tsquery syntax cannot be broken by them.
        parts.append(SearchQuery(" <-> ".join(pieces), search_type="raw", config="simple"))
    rest = " ".join(WORD.findall(CJK.sub(" ", term)))
    if rest:
        parts.append(SearchQuery(rest, search_type="phrase", config="english"))
    query = parts[0]
    for part in parts[1:]:
        query &= part
    return query


def _query_with_chinese(parsed: ParsedQuery):
    """The whole query as one tsquery when every term can be looked up in the index; None
    when one cannot (then the terms are matched as substrings, reading every row)."""
    groups = []
    for group in parsed.groups:
        terms_ = [_term_query(term) for term in group]
        if any(term is None for term in terms_):
            return None
        query = terms_[0]
        for term in terms_[1:]:
            query &= term
        groups.append(query)
    query = groups[0]
    for group in groups[1:]:
        query |= group
    for term in parsed.excluded:
        excluded = _term_query(term)
        if excluded is None:
            return None
        query &= ~excluded
    return query


def search(queryset, parsed: ParsedQuery, *, vendor: str):
    """Filter and rank public questions for a parsed query."""
    if parsed.is_empty:
        return queryset.none()

    def matching(term):
        # Each term is checked with EXISTS on the same table, so that replies do not
        # multiply rows.
        inner = Question.objects.filter(pk=OuterRef("pk")).filter(containing(term))
        return Exists(inner)

    query = None
    if vendor == "postgresql":
        if not parsed.has_cjk:
            query = SearchQuery(parsed.text, search_type="websearch", config="english")
        else:
            query = _query_with_chinese(parsed)
    if query is not None:
        # Ranking every match of a common word costs a pass over tens of thousands of rows:
        # rank the POOL most recent matches instead (a bounded cost at any archive size).
        pool = (
            queryset.filter(search_vector=query).order_by("-answered_at", "-pk").values("pk")[:POOL]
        )
        return (
            queryset.filter(pk__in=pool)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-answered_at", "-pk")
        )
    condition = Q()
    for group in parsed.groups:
        both = Q()
        for term in group:
            both &= Q(matching(term))
        condition |= both
    queryset = queryset.filter(condition)
    for term in parsed.excluded:
        queryset = queryset.exclude(matching(term))
    # Rank: questions whose title or headline holds a term first, then the newest.
    score = title_word_score(parsed.positive_terms)
    return queryset.annotate(rank=score).order_by("-rank", "-answered_at", "-pk")
