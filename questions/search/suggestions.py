"""When a search found nothing on PostgreSQL: which words are too common to be indexed,
and the closest words of the archive for the others ("Did you mean")."""

import re

from django.db import connections, router, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat

from questions.models import FAQTopic, Question

from .parsing import ParsedQuery

MAX_TITLES = 25  # about 200 words: enough to find the closest, cheap to compare
NOT_ALNUM = re.compile(r"[\W_]+")


def too_common(parsed: ParsedQuery, *, vendor: str) -> list[str]:
    """The query's words that English full text does not index ("during", "about"): a
    query of nothing else finds nothing, and no spelling is wrong. Signs that are no word
    at all ("½", "→") are not among them: the plain parser finds no word in those either.
    One query, no table."""
    if vendor != "postgresql" or parsed.is_empty:
        return []
    with connections[router.db_for_read(Question)].cursor() as cursor:
        cursor.execute(
            "SELECT t FROM unnest(%s::text[]) WITH ORDINALITY AS terms(t, n)"
            " WHERE numnode(plainto_tsquery('english', t)) = 0"
            " AND numnode(plainto_tsquery('simple', t)) > 0 ORDER BY n",
            [parsed.positive_terms],
        )
        return [row[0] for row in cursor.fetchall()]


def _title_words_like(term: str, using: str) -> list[str]:
    """Words of the public questions' titles and headlines, and of the FAQ topics' names,
    in which the term is close to a word (pg_trgm word similarity, through the trigram
    indexes; at most MAX_TITLES titles): the words of three letters or more."""
    similar = Q(title__trigram_word_similar=term) | Q(headline__trigram_word_similar=term)
    titles = (
        Question.objects.using(using)
        .public()
        .filter(similar)
        .annotate(text=Concat("headline", Value(" "), "title"))
        .order_by()
        .values_list("text", flat=True)[:MAX_TITLES]
    )
    names = (
        FAQTopic.objects.using(using)
        .filter(name_en__trigram_word_similar=term)
        .order_by()
        .values_list("name_en", flat=True)
    )
    texts = titles.union(names, all=True).order_by()  # one query
    return [word for text in texts for word in NOT_ALNUM.split(text.lower()) if len(word) >= 3]


def did_you_mean(parsed: ParsedQuery, *, vendor: str, keep=()) -> str | None:
    """For a query that found nothing on PostgreSQL: the same query with each unknown word
    replaced by the closest word of the archive's titles (pg_trgm word similarity). Words
    in `keep` (too common to be indexed) are left as they are: a trigram look-up of a
    common word reads thousands of titles."""
    if vendor != "postgresql" or parsed.is_empty or parsed.has_cjk:
        return None
    corrected, changed = [], False
    using = router.db_for_read(Question)  # a replica's transaction and settings, if one
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        # Looser than pg_trgm's default 0.6, so one or two wrong letters still match.
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)")
        # At most three words are looked up: two queries each, whatever the query's length.
        looked_up = 0
        for term in parsed.positive_terms:
            if looked_up >= 3 or " " in term or len(term) < 3 or term in keep:
                corrected.append(term)
                continue
            looked_up += 1
            words = _title_words_like(term, using)
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
