"""PostgreSQL's search vectors: each question keeps one (headline and title weighted A,
the question and the names of its FAQ topics in every language B, its published replies
C) behind a GIN index. Chinese has no spaces for
the English parser to split, so the vectors also hold the two-character pieces of Chinese
text, and a Chinese word is looked up as the phrase of its pieces (see
questions.search.ranking). On SQLite there are no vectors: search matches substrings."""

from django.db import connection as default_connection

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
# A topic's names in every language, so that 濕疹 finds the Q&As of the Eczema topic and
# eczema those of 濕疹.
_TOPICS = (
    "(SELECT string_agg(concat_ws(' ', t.name_en, t.name_zh_hant), ' ')"
    " FROM questions_taggedquestion AS tq JOIN questions_faqtopic AS t ON t.id = tq.tag_id"
    " WHERE tq.content_object_id = q.id)"
)
VECTOR_SQL = f"""
UPDATE questions_question AS q SET search_vector =
    setweight(to_tsvector('english', {_HEADLINE_TITLE}), 'A')
    || setweight(to_tsvector('simple', {_bigrams_sql(_HEADLINE_TITLE)}), 'A')
    || setweight(to_tsvector('english', q.body), 'B')
    || setweight(to_tsvector('simple', {_bigrams_sql("q.body")}), 'B')
    || setweight(to_tsvector('english', coalesce({_TOPICS}, '')), 'B')
    || setweight(to_tsvector('simple', {_bigrams_sql(_TOPICS)}), 'B')
    || setweight(to_tsvector('english', coalesce({_REPLIES}, '')), 'C')
    || setweight(to_tsvector('simple', {_bigrams_sql(_REPLIES)}), 'C')
"""


def refresh_search_vectors(*, ids=None, connection=None) -> None:
    """Recompute the search vectors of some questions (all when ids is None). Raw SQL, so
    that migrations can call it too. Nothing to do on databases other than PostgreSQL."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(VECTOR_SQL)
        else:
            cursor.execute(VECTOR_SQL + " WHERE q.id = ANY(%s)", [list(ids)])


def refresh_topic_vectors(topic_ids, *, connection=None) -> None:
    """Recompute the search vectors of the questions of some FAQ topics (renamed, merged):
    their names are in them."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            VECTOR_SQL + " WHERE q.id IN (SELECT content_object_id FROM questions_taggedquestion"
            " WHERE tag_id = ANY(%s))",
            [list(topic_ids)],
        )
