"""Meaning mixed into word search: the Q&A nearest in meaning to a text, within a set of
questions, and reciprocal rank fusion of several rankings."""

from questions.models import Question

from . import encoder
from .nearest import nearest

# Cosine similarities of this encoder: below MIN_SCORE a Q&A is about something else; a
# Q&A more than SPREAD below the closest one is a weaker match than the words give.
MIN_SCORE = 0.2
SPREAD = 0.15
CANDIDATES = 200  # nearest read before the filters (department, topic, public) apply
RRF_K = 60  # the usual constant of reciprocal rank fusion
MIN_TYPED = 4  # characters typed before meaning is asked (a few letters mean little)


def nearest_ids(text: str, *, within, limit: int = 50) -> list[int]:
    """Ids of the questions of `within` (a queryset) nearest in meaning to the text,
    closest first; none when the encoder is not available here."""
    text = " ".join((text or "").split())
    if not text or not encoder.available():
        return []
    found = nearest(encoder.encode([text])[0], limit=CANDIDATES, min_score=MIN_SCORE)
    if not found:
        return []
    floor = found[0][1] - SPREAD
    candidates = [pk for pk, score in found if score >= floor]
    allowed = set(within.filter(pk__in=candidates).values_list("pk", flat=True))
    return [pk for pk in candidates if pk in allowed][:limit]


def fuse(*rankings: list[int], limit: int | None = None) -> list[int]:
    """One ranking from several (reciprocal rank fusion): an id ranked high by any of
    them comes early, one ranked by several earlier still; ties keep the first ranking's
    order."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (RRF_K + rank)
    fused = sorted(scores, key=lambda pk: -scores[pk])
    return fused if limit is None else fused[:limit]


def answered_like(text: str, *, limit: int = 5) -> list[Question]:
    """Answered Q&A like a question being typed (the ask page's suggestions): those whose
    headline or title hold its words, fused with the nearest in meaning, in any language;
    with their departments."""
    by_words = list(Question.objects.matching(text, limit=limit))
    by_meaning = []
    if len(" ".join((text or "").split())) >= MIN_TYPED:
        by_meaning = nearest_ids(text, within=Question.objects.public(), limit=limit)
    ids = fuse([question.pk for question in by_words], by_meaning, limit=limit)
    found = {question.pk: question for question in by_words}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        found.update(
            (question.pk, question)
            for question in Question.objects.public().with_department().filter(pk__in=missing)
        )
    return [found[pk] for pk in ids if pk in found]
