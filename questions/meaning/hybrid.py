"""Meaning put to use: the Q&A nearest in meaning to a text within a set of questions,
fused with word search by rank, and the hints patients, doctors and staff are shown."""

from collections import Counter
from dataclasses import dataclass

from machinery.paginators import in_order
from questions.models import Question

from . import encoder
from .nearest import nearest, nearest_many
from .vectors import text_of

# Cosine similarities of this encoder: below MIN_SCORE a Q&A is about something else; a
# Q&A more than SPREAD below the closest one is a weaker match than the words give.
MIN_SCORE = 0.2
SPREAD = 0.15
CANDIDATES = 200  # nearest read before the filters (department, topic, public) apply
RRF_K = 60  # the usual constant of reciprocal rank fusion
MIN_TYPED = 4  # characters typed before meaning is asked (a few letters mean little)
DUPLICATE_SCORE = 0.6  # closer than this, two questions usually ask the same


def nearest_ids(text: str, *, within, limit: int = 50) -> list[int]:
    """Ids of the questions of `within` (a queryset) nearest in meaning to the text,
    closest first; none when the encoder is not available here."""
    return [pk for pk, _score in nearest_scored(text, within=within, limit=limit)]


def nearest_scored(text: str, *, within, limit: int = 50) -> list[tuple[int, float]]:
    """nearest_ids with the cosine similarity of each."""
    text = " ".join((text or "").split())
    if not text or not encoder.available():
        return []
    found = nearest(encoder.encode([text])[0], limit=CANDIDATES, min_score=MIN_SCORE)
    if not found:
        return []
    floor = found[0][1] - SPREAD
    candidates = [(pk, score) for pk, score in found if score >= floor]
    allowed = set(within.filter(pk__in=[pk for pk, _s in candidates]).values_list("pk", flat=True))
    return [(pk, score) for pk, score in candidates if pk in allowed][:limit]


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
    # Meaning first: ties go to it (a few typed letters match many titles by substring).
    ids = fuse(by_meaning, [question.pk for question in by_words], limit=limit)
    return in_order(Question.objects.public().with_department(), ids, known=by_words)


def answered_like_question(question, *, limit: int = 5) -> list[Question]:
    """Answered Q&A nearest in meaning to a question a doctor is answering (in any
    language), with their departments: to cite, or to see it is a duplicate."""
    within = Question.objects.public().exclude(pk=question.pk)
    ids = nearest_ids(text_of(question), within=within, limit=limit)
    return in_order(Question.objects.public().with_department(), ids)


@dataclass(frozen=True)
class StaffHints:
    duplicates: list  # answered Q&A that may already answer it, closest first
    departments: list  # (department, how many of the nearest Q&A it answered), most first


def staff_hints(question, *, nearest_count: int = 10) -> StaffHints:
    """For triage and the question admin: the answered Q&A so close in meaning that they
    may already answer it, and the departments that answered the nearest."""
    within = Question.objects.public().exclude(pk=question.pk)
    scored = nearest_scored(text_of(question), within=within, limit=nearest_count)
    rows = {
        row.pk: row for row in within.with_department().filter(pk__in=[pk for pk, _s in scored])
    }
    duplicates = [rows[pk] for pk, score in scored if score >= DUPLICATE_SCORE and pk in rows]
    counted = Counter(rows[pk].department for pk, _score in scored if pk in rows)
    counted.pop(None, None)
    return StaffHints(duplicates[:3], counted.most_common(3))


def likely_departments(questions, *, nearest_count: int = 10) -> dict:
    """For the triage list, a page of questions at once: {question id: the department that
    answered most of the answered Q&A nearest in meaning to it}, in one encoding, one
    search and one query whatever the page's length (empty without the encoder)."""
    questions = list(questions)
    if not questions or not encoder.available():
        return {}
    texts = [" ".join(text_of(question).split()) or " " for question in questions]
    found = nearest_many(encoder.encode(texts), limit=nearest_count + 1, min_score=MIN_SCORE)
    ids = {pk for near in found for pk, _score in near}
    departments = {
        row.pk: row.department
        for row in Question.objects.public().with_department().filter(pk__in=ids)
        if row.department is not None
    }
    likely = {}
    for question, near in zip(questions, found, strict=True):
        counted = Counter(
            departments[pk] for pk, _score in near if pk != question.pk and pk in departments
        )
        if counted:
            likely[question.pk] = counted.most_common(1)[0][0]
    return likely
