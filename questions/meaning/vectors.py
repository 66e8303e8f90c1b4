"""One vector per public Q&A, kept in the database with the ids of its nearest Q&A by
meaning: made (or removed) by a task after a change to a question (questions.changes),
and all at once by `manage.py embed_questions`."""

import hashlib

from django.tasks import task
from django.utils import timezone

from questions.models import Question, QuestionVector

from . import encoder
from .nearest import changed, nearest_many

TEXT_CHARACTERS = 300  # of the question's body, after its headline and title
SIMILAR = 8  # nearest Q&A kept with each vector
SIMILAR_MIN_SCORE = 0.3  # below it a Q&A is about something else
INLINE_SIMILAR = 64  # at most this many made at once find their nearest at once


def text_of(question: Question) -> str:
    """What a Q&A is about: its headline, its title and the start of the question."""
    parts = (question.headline, question.title, question.body[:TEXT_CHARACTERS])
    return "\n".join(part for part in parts if part)


def digest(text: str) -> bytes:
    return hashlib.sha256(f"{encoder.MODEL}\n{text}".encode()).digest()[:16]


CHUNK = 1000  # questions read and written at a time


def embed(ids) -> int:
    """Give these questions the vectors they should have: a public Q&A one made from its
    current text (made again only when the text or the model changed) with its nearest
    Q&A, any other none. Returns how many were made."""
    ids = list(ids)
    if len(ids) > CHUNK:
        return sum(embed(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK))
    questions = list(
        Question.objects.filter(pk__in=ids).only(
            "pk", "status", "is_hidden", "headline", "title", "body"
        )
    )
    public = [question for question in questions if question.is_public]
    public_ids = {question.pk for question in public}
    removed, _kinds = QuestionVector.objects.filter(
        question_id__in=[pk for pk in ids if pk not in public_ids]
    ).delete()
    made = []
    if public and encoder.available():
        texts = {question.pk: text_of(question) for question in public}
        kept = dict(
            QuestionVector.objects.filter(
                question_id__in=public_ids, model=encoder.MODEL
            ).values_list("question_id", "digest")
        )
        made = [pk for pk, text in texts.items() if bytes(kept.get(pk, b"")) != digest(text)]
        if made:
            vectors = encoder.encode([texts[pk] for pk in made])
            now = timezone.now()
            QuestionVector.objects.bulk_create(
                [
                    QuestionVector(
                        question_id=pk,
                        model=encoder.MODEL,
                        digest=digest(texts[pk]),
                        vector=QuestionVector.pack(vector),
                        made_at=now,
                    )
                    for pk, vector in zip(made, vectors, strict=True)
                ],
                update_conflicts=True,
                unique_fields=["question"],
                update_fields=["model", "digest", "vector", "made_at"],
            )
    if made or removed:
        changed()
    if 0 < len(made) <= INLINE_SIMILAR:
        find_similar(made, offer=True)
    return len(made)


def _ranked(scores: dict[int, float]) -> list[int]:
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return [pk for pk, score in ranked if score >= SIMILAR_MIN_SCORE][:SIMILAR]


def find_similar(ids, *, offer: bool = False, threads: int = 1) -> None:
    """Store with each of these vectors the ids of its nearest public Q&A by meaning. With
    `offer`, they also join the Similar Q&A of those nearest, where they are nearer than
    what those keep: an older Q&A gains a new answer without waiting for its own change."""
    stored = list(QuestionVector.objects.filter(question_id__in=list(ids), model=encoder.MODEL))
    if not stored:
        return
    vectors = [QuestionVector.unpack(row.vector) for row in stored]
    found = nearest_many(vectors, limit=SIMILAR + 1, min_score=SIMILAR_MIN_SCORE, threads=threads)
    offers: dict[int, dict[int, float]] = {}
    for row, near in zip(stored, found, strict=True):
        row.similar = [pk for pk, _score in near if pk != row.question_id][:SIMILAR]
        for pk, score in near:
            offers.setdefault(pk, {})[row.question_id] = score  # cosine is symmetric
    QuestionVector.objects.bulk_update(stored, ["similar"])
    if offer:
        for row in stored:
            offers.pop(row.question_id, None)  # found their own just now
        _take_offers(offers)


def _take_offers(offers: dict[int, dict[int, float]]) -> None:
    """Merge into each Q&A's Similar Q&A the nearer of the ones offered (id: score),
    scoring what it keeps from the vectors; a kept id without a vector (hidden since)
    drops out."""
    if not offers:
        return
    rows = list(
        QuestionVector.objects.filter(question_id__in=list(offers), model=encoder.MODEL).only(
            "question_id", "vector", "similar"
        )
    )
    kept_ids = {pk for row in rows for pk in row.similar}
    kept = {
        pk: QuestionVector.unpack(data)
        for pk, data in QuestionVector.objects.filter(
            question_id__in=kept_ids, model=encoder.MODEL
        ).values_list("question_id", "vector")
    }
    changed_rows = []
    for row in rows:
        vector = QuestionVector.unpack(row.vector)
        scores = {pk: float(kept[pk] @ vector) for pk in row.similar if pk in kept}
        scores.update(offers[row.question_id])
        scores.pop(row.question_id, None)
        similar = _ranked(scores)
        if similar != row.similar:
            row.similar = similar
            changed_rows.append(row)
    QuestionVector.objects.bulk_update(changed_rows, ["similar"])


def similar_ids(question_id: int) -> list[int]:
    """The nearest Q&A by meaning kept with this question's vector (none without one)."""
    found = (
        QuestionVector.objects.filter(question_id=question_id, model=encoder.MODEL)
        .values_list("similar", flat=True)
        .first()
    )
    return list(found or [])


@task()
def embed_questions(*, question_ids: list[int]) -> int:
    """embed() as a task: run by the database worker in production, after the change that
    asked for it has committed."""
    return embed(question_ids)
