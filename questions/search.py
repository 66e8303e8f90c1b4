"""Turning what a person typed into terms to look for in the archive.

The suggestions on the ask page use simple matching that works on every database; the
full-text search of the discovery issue builds on the same terms.
"""

import hashlib
import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q

MAX_TERMS = 6
MAX_INPUT = 200
STOP_WORDS = {
    "and", "the", "for", "with", "have", "has", "had", "was", "are", "been", "this", "that",
    "what", "when", "why", "how", "can", "does", "should", "from", "into", "about", "after",
    "before", "very", "my", "your", "you", "not", "any", "all", "but", "its", "it's", "our",
    "doctor", "hello", "please", "thank", "thanks",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def terms(text: str) -> list[str]:
    """Up to six distinct terms: words of three letters or more that are not stop words,
    and two-character pieces of Chinese text (which has no spaces between words)."""
    text = (text or "")[:MAX_INPUT].casefold()
    found: list[str] = []
    for run in CJK.findall(text):
        pieces = [run] if len(run) <= 2 else [run[i : i + 2] for i in range(len(run) - 1)]
        found.extend(pieces)
    for word in WORD.findall(CJK.sub(" ", text)):
        if len(word) >= 3 and word not in STOP_WORDS:
            # A crude stem, enough for substring matching: "jerks" finds "jerk" and "jerks".
            found.append(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return list(dict.fromkeys(found))[:MAX_TERMS]


def any_word_parts(text: str, *, vendor: str) -> tuple[str, str]:
    """For "more like this" on PostgreSQL: the text's words as a raw English tsquery
    matching any of them, and the pieces of its Chinese text as a raw 'simple' one; empty
    strings elsewhere or for a text without them."""
    if vendor != "postgresql":
        return "", ""
    found = terms(text)
    # terms() keeps letters only, so the raw tsquery syntax cannot be broken by input.
    words = " | ".join(word for word in found if not CJK.search(word))
    pieces = " | ".join(piece for piece in found if CJK.search(piece))
    return words, pieces


def word_query(words: str, pieces: str):
    """The tsquery of any_word_parts (None when both are empty)."""
    queries = []
    if words:
        queries.append(SearchQuery(words, search_type="raw", config="english"))
    if pieces:  # Chinese: the two-character pieces the search vectors hold
        queries.append(SearchQuery(pieces, search_type="raw", config="simple"))
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else queries[0] | queries[1]


def any_word_query(text: str, *, vendor: str):
    """A tsquery matching any of the text's words (and pieces of its Chinese text), for
    "more like this" on PostgreSQL; None elsewhere, or when the text has no terms."""
    return word_query(*any_word_parts(text, vendor=vendor))


# Full-text search. On PostgreSQL each question keeps a search vector (headline and title
# weighted A, the question B, its published replies C) behind a GIN index; queries use
# web-search syntax. Chinese has no spaces for the English parser to split, so the vectors
# also hold the two-character pieces of Chinese text and a Chinese word is looked up as the
# phrase of its pieces; a one-character Chinese term is matched as a substring (pg_trgm
# indexes behind title and headline). On SQLite the same page works with plain substring
# matching.

CJK_CLASS = "[\u3400-\u9fff\uf900-\ufaff]"


def _bigrams_sql(column: str) -> str:
    """SQL for the two-character pieces of a text's Chinese runs, space-separated and in
    order ("失眠好幾個月" -> "失眠 眠好 好幾 幾個 個月"; a one-character run stays whole).
    Indexed with the 'simple' configuration they let the GIN index find Chinese words,
    which have no spaces for a parser to split on: a query is the phrase of its pieces."""
    return (
        "(SELECT coalesce(string_agg(substr(run.parts[1], piece, 2), ' '"
        " ORDER BY run.n, piece), '')"
        f" FROM regexp_matches(coalesce({column}, ''), '{CJK_CLASS}+', 'g')"
        " WITH ORDINALITY AS run(parts, n),"
        " generate_series(1, greatest(char_length(run.parts[1]) - 1, 1)) AS piece)"
    )


_HEADLINE_TITLE = "coalesce(q.headline, '') || ' ' || q.title"
_REPLIES = (
    "(SELECT string_agg(r.body, ' ') FROM questions_reply AS r"
    " WHERE r.question_id = q.id AND r.published_at IS NOT NULL)"
)
VECTOR_SQL = f"""
UPDATE questions_question AS q SET search_vector =
    setweight(to_tsvector('english', {_HEADLINE_TITLE}), 'A')
    || setweight(to_tsvector('simple', {_bigrams_sql(_HEADLINE_TITLE)}), 'A')
    || setweight(to_tsvector('english', q.body), 'B')
    || setweight(to_tsvector('simple', {_bigrams_sql("q.body")}), 'B')
    || setweight(to_tsvector('english', coalesce({_REPLIES}, '')), 'C')
    || setweight(to_tsvector('simple', {_bigrams_sql(_REPLIES)}), 'C')
"""


def planned_for(text: str, using: str = "default"):
    """How to read "more like this" for a text: through the index when it has Chinese in
    it (its pieces are rarer than the planner thinks), as PostgreSQL plans it otherwise
    (for common English words the early-stopping scan is the cheaper one: forcing the
    index made their p95 50 ms instead of 15)."""
    return through_the_index(using) if CJK.search(text or "") else nullcontext()


@contextmanager
def through_the_index(using: str = "default"):
    """Inside this block PostgreSQL finds text matches through the GIN index.

    For "up to N questions matching any of these words" it otherwise plans a sequential
    scan that stops at the Nth match: cheap when matches are spread through the table,
    but when they sit at its far end (rows rewritten by an UPDATE move there) it reads all
    of it: 550 ms for a Chinese question's Similar Q&A on a million rows. The index reads
    only the matching ids. One SET LOCAL, in a transaction that ends with the block (or,
    inside a caller's transaction, undone when the block ends)."""
    from django.db import connections, transaction

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


def refresh_search_vectors(*, ids=None, connection=None) -> None:
    """Recompute the search vectors of some questions (all when ids is None). Raw SQL, so
    that migrations can call it too. Nothing to do on databases other than PostgreSQL."""
    from django.db import connection as default_connection

    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(VECTOR_SQL)
        else:
            cursor.execute(VECTOR_SQL + " WHERE q.id = ANY(%s)", [list(ids)])


POOL = 1000  # the most recent matches that PostgreSQL search ranks
TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
MAX_QUERY = 200


@dataclass
class ParsedQuery:
    """A query in the syntax people type into web search: words, "quoted phrases",
    -excluded words and OR between alternatives."""

    text: str
    groups: list[list[str]] = field(default_factory=list)  # OR of AND-groups
    excluded: list[str] = field(default_factory=list)

    @property
    def positive_terms(self) -> list[str]:
        return list(dict.fromkeys(term for group in self.groups for term in group))

    @property
    def is_empty(self) -> bool:
        return not self.positive_terms

    @property
    def has_cjk(self) -> bool:
        return any(CJK.search(term) for term in self.positive_terms)


def parse_query(text: str) -> ParsedQuery:
    text = " ".join((text or "").replace("\x00", " ").split())[:MAX_QUERY]
    parsed = ParsedQuery(text=text)
    group: list[str] = []
    for match in TOKEN.finditer(text):
        negative = match.group(1) or match.group(3)
        phrase = match.group(2)
        word = match.group(4)
        if phrase is None and word.lower() == "or":
            if group:
                parsed.groups.append(group)
            group = []
            continue
        term = " ".join((phrase if phrase is not None else word).split())
        term = term.strip(".,;:!?()[]{}'\"`*+").casefold()
        if not term or not any(ch.isalnum() for ch in term):
            continue
        if negative:
            parsed.excluded.append(term)
        else:
            group.append(term)
    if group:
        parsed.groups.append(group)
    return parsed


def _contains(term: str):
    return (
        Q(title__icontains=term)
        | Q(headline__icontains=term)
        | Q(body__icontains=term)
        | Q(replies__body__icontains=term, replies__published_at__isnull=False)
    )


def _term_query(term: str):
    """A term's tsquery: each Chinese run as the phrase of its two-character pieces (see
    _bigrams_sql), the other words as English words. None for a one-character Chinese run,
    which the pieces cannot find."""
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
    from .models import Question

    if parsed.is_empty:
        return queryset.none()

    def matching(term):
        # Each term is checked with EXISTS on the same table, so that replies do not
        # multiply rows.
        inner = Question.objects.filter(pk=OuterRef("pk")).filter(_contains(term))
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
    score = sum(
        (
            models.Case(
                models.When(Q(title__icontains=term) | Q(headline__icontains=term), then=1),
                default=0,
            )
            for term in parsed.positive_terms
        ),
        start=models.Value(0),
    )
    return queryset.annotate(rank=score).order_by("-rank", "-answered_at", "-pk")


def highlight(text: str, terms: list[str], *, length: int = 240) -> str:
    """An excerpt of the text around the first term found, escaped, with the terms marked.
    Safe to show: everything but the <mark> elements is escaped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = " ".join((text or "").split())
    lowered = text.casefold()
    stems = [term[:-1] if len(term) > 4 and term.endswith("s") else term for term in terms]
    stems = [stem for stem in stems if stem]
    positions = [lowered.find(stem) for stem in stems if lowered.find(stem) >= 0]
    start = max(0, min(positions) - length // 3) if positions else 0
    if start > 0:  # begin at a word, not inside one
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < min(positions) else start
    excerpt = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    if not stems:
        return escape(prefix + excerpt + suffix)
    # Mark words that start with a term ("jerk" in "jerks", not "sleep" in "asleep");
    # Chinese has no word boundaries, so its terms are marked wherever they occur.
    alternatives = [
        re.escape(stem) if CJK.search(stem) else r"(?<!\w)" + re.escape(stem)
        for stem in sorted(stems, key=len, reverse=True)
    ]
    pattern = re.compile("|".join(alternatives), re.I)
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(excerpt[last:]))
    return mark_safe(escape(prefix) + "".join(pieces) + escape(suffix))  # noqa: S308


def too_common(parsed: ParsedQuery, *, vendor: str) -> list[str]:
    """The query's words that English full text does not index ("during", "about"): a
    query of nothing else finds nothing, and no spelling is wrong. Signs that are no word
    at all ("½", "→") are not among them: the plain parser finds no word in those either.
    One query, no table."""
    if vendor != "postgresql" or parsed.is_empty:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t FROM unnest(%s::text[]) WITH ORDINALITY AS terms(t, n)"
            " WHERE numnode(plainto_tsquery('english', t)) = 0"
            " AND numnode(plainto_tsquery('simple', t)) > 0 ORDER BY n",
            [parsed.positive_terms],
        )
        return [row[0] for row in cursor.fetchall()]


def did_you_mean(parsed: ParsedQuery, *, vendor: str, keep=()) -> str | None:
    """For a query that found nothing on PostgreSQL: the same query with each unknown word
    replaced by the closest word of the archive's titles (pg_trgm word similarity). Words
    in `keep` (too common to be indexed) are left as they are: a trigram look-up of a
    common word reads thousands of titles."""
    if vendor != "postgresql" or parsed.is_empty or parsed.has_cjk:
        return None
    from django.db import connection, transaction

    corrected, changed = [], False
    with transaction.atomic(), connection.cursor() as cursor:
        # Looser than pg_trgm's default 0.6, so one or two wrong letters still match.
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)")
        # At most three words are looked up: two queries each, whatever the query's length.
        looked_up = 0
        for term in parsed.positive_terms:
            if looked_up >= 3 or " " in term or len(term) < 3 or term in keep:
                corrected.append(term)
                continue
            looked_up += 1
            cursor.execute(
                """
                SELECT word FROM (
                    SELECT lower(unnest(regexp_split_to_array(
                        headline || ' ' || title, '[^[:alnum:]]+'))) AS word
                    FROM questions_question
                    WHERE status = 'answered' AND NOT is_hidden
                        AND (%(term)s <%% title OR %(term)s <%% headline)
                    LIMIT 200
                ) AS title_words
                UNION ALL
                SELECT lower(unnest(regexp_split_to_array(name, '[^[:alnum:]]+')))
                FROM questions_faqtopic WHERE %(term)s <%% name
                ORDER BY 1
                """,
                {"term": term},
            )
            words = [row[0] for row in cursor.fetchall() if len(row[0]) >= 3]
            # Never a word full text does not index ("during"): it would find nothing; nor
            # another word of the same title that is nothing like the term.
            cursor.execute(
                "SELECT w FROM unnest(%(words)s::text[]) AS w"
                " WHERE numnode(plainto_tsquery('english', w)) > 0"
                " AND similarity(w, %(term)s) >= 0.3"
                " ORDER BY similarity(w, %(term)s) DESC, w LIMIT 1",
                {"words": words, "term": term},
            )
            row = cursor.fetchone()
            if row and row[0] != term:
                corrected.append(row[0])
                changed = True
            else:
                corrected.append(term)
    return " ".join(corrected) if changed else None


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
    from .models import Question
    from .totals import CachedCountPaginator, RankedIdsPaginator

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
            paginator = CachedCountPaginator(found, page_size, count_key="search-count:" + key)
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
