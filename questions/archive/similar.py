"""Similar Q&A: the other public questions most like one question, at a bounded cost
whatever the archive's size: those nearest in meaning, in any language (kept with the
question's vector, questions.meaning.vectors), fused with those sharing its words and
topics."""

from django.contrib.postgres.search import SearchRank
from django.db import connection, models, router
from django.db.models import Q, Subquery

from machinery.paginators import in_order
from machinery.precompiled import Precompiled
from questions.meaning.hybrid import fuse
from questions.meaning.vectors import similar_ids
from questions.models import Question, Reply, TaggedQuestion
from questions.search.planner import planned_for
from questions.search.terms import any_word_parts, word_query


def similar_list(question, *, for_page: bool = False, limit: int = 4) -> list:
    """The Similar Q&A of a question page: the nearest in meaning kept with its vector,
    fused by rank with those sharing its words and topics (similar_to); with for_page,
    with their departments and published replies, as the page shows them."""
    by_words = _similar_by_words(question, for_page=for_page)
    by_meaning = [pk for pk in similar_ids(question.pk) if pk != question.pk]
    if not by_meaning:
        return by_words
    ids = fuse(by_meaning, [found.pk for found in by_words], limit=limit)
    public = Question.objects.public()
    return in_order(_for_page(public) if for_page else public, ids, known=by_words)


def _similar_by_words(question, *, for_page: bool) -> list:
    """similar_to(question) as a list, read the way the question page reads them. The
    text query's SQL is compiled once per connection (building and compiling it takes
    longer than PostgreSQL takes to run it)."""
    words, pieces = _title_word_parts(question)
    with planned_for(question.title, using=router.db_for_read(Question)):
        if words or pieces:
            shape = tuple(value for value in (words, pieces) if value)
            return _similar_by_text[bool(words), bool(pieces), for_page](question.pk, *shape)
        found = similar_to(question)
        return list(_for_page(found) if for_page else found)


def similar_to(question, *, limit: int = 4, candidates: int = 200):
    """Other public questions like this one, at a bounded cost whatever the archive's
    size. On PostgreSQL: up to `candidates` questions sharing any of its words (from the
    GIN index, unsorted) and the latest sharing one of its FAQ topics, ranked by text
    similarity with a bonus for those latest sharing a topic.
    Elsewhere, or for a title with no usable words: the latest questions sharing a
    topic or the department, those sharing a topic first."""
    words, pieces = _title_word_parts(question)
    if words or pieces:
        return similar_by_text(question.pk, words, pieces, limit=limit,
                                    candidates=candidates)  # fmt: skip
    public = Question.objects.public().exclude(pk=question.pk)
    topic_ids = TaggedQuestion.objects.filter(content_object=question).values("tag_id")
    shares_topic = models.Exists(
        TaggedQuestion.objects.filter(content_object=models.OuterRef("pk"), tag_id__in=topic_ids)
    )
    latest = public.order_by("-answered_at", "-pk").values("pk")
    sharing = TaggedQuestion.objects.filter(tag_id__in=topic_ids).values("content_object_id")
    pool = Q(pk__in=latest.filter(pk__in=sharing)[:candidates])
    if question.department_id:
        pool |= Q(pk__in=latest.filter(department_id=question.department_id)[:candidates])
    return (
        Question.objects.filter(pool)
        .annotate(shares_topic=shares_topic)
        .order_by("-shares_topic", "-answered_at", "-pk")[:limit]
    )


def _title_word_parts(question) -> tuple[str, str]:
    """any_word_parts of the question's headline and title."""
    return any_word_parts(f"{question.display_title} {question.title}", vendor=connection.vendor)


def similar_by_text(pk: int, words: str, pieces: str, *, limit=4, candidates=200):
    """similar_to on PostgreSQL, for a question's id and any_word_parts of its title."""
    text_query = word_query(words, pieces)
    public = Question.objects.public().exclude(pk=pk)
    # The newest questions of each of the question's first three topics, read from the
    # (tag, question) index one topic at a time: for "any of its topics" PostgreSQL
    # walked the whole index backwards, filtering, twice.
    topics = TaggedQuestion.objects.filter(content_object_id=pk).order_by("tag_id")
    per_topic = [
        TaggedQuestion.objects.filter(tag_id=Subquery(topics.values("tag_id")[k : k + 1]))
        .order_by("-content_object_id")
        .values_list("content_object_id", flat=True)[: candidates // 4]
        for k in range(3)
    ]
    topic_pool = per_topic[0].union(*per_topic[1:])
    text_pool = (public.filter(search_vector=text_query).order_by().values_list("pk", flat=True))[
        :candidates
    ]
    # One list of ids: an OR of two IN (subquery) makes PostgreSQL scan the table.
    pool = text_pool.union(*per_topic)
    return (
        public.filter(pk__in=pool)
        .annotate(
            score=models.functions.Coalesce(SearchRank(models.F("search_vector"), text_query), 0.0)
            # The bonus goes to the topic pool (the newest questions sharing a
            # topic): a few ids hashed once. An EXISTS per candidate let PostgreSQL
            # hash every question of the topics instead.
            + models.Case(models.When(pk__in=topic_pool, then=0.1), default=0.0)
        )
        .order_by("-score", "-answered_at", "-pk")[:limit]
    )


def _for_page(questions):
    return questions.with_department().prefetch_related(
        models.Prefetch("replies", queryset=Reply.objects.published().with_doctor())
    )


def _similar_builder(words: bool, pieces: bool, for_page: bool):
    def build(pk, *parts):
        parts = iter(parts)
        found = similar_by_text(pk, next(parts) if words else "", next(parts) if pieces else "")
        return _for_page(found) if for_page else found

    return Precompiled(build)


# One compiled query per shape: English words, Chinese pieces or both; for the page or not.
_similar_by_text = {
    (words, pieces, for_page): _similar_builder(words, pieces, for_page)
    for words in (True, False)
    for pieces in (True, False)
    for for_page in (True, False)
    if words or pieces
}
