"""One vector per public Q&A, kept in the database: made (or removed) by a task after
every change to a question (questions.changes), and all at once by
`manage.py embed_questions`."""

import hashlib

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from questions.models import Question, QuestionVector

from . import encoder

VERSION_KEY = "meaning-version"  # moves whenever vectors are written or removed
TEXT_CHARACTERS = 300  # of the question's body, after its headline and title


def text_of(question: Question) -> str:
    """What a Q&A is about: its headline, its title and the start of the question."""
    parts = (question.headline, question.title, question.body[:TEXT_CHARACTERS])
    return "\n".join(part for part in parts if part)


def _digest(text: str) -> bytes:
    return hashlib.sha256(f"{encoder.MODEL}\n{text}".encode()).digest()[:16]


def embed(ids) -> int:
    """Give these questions the vectors they should have: a public Q&A one made from its
    current text (made again only when the text or the model changed), any other none.
    Returns how many were made."""
    ids = list(ids)
    questions = list(
        Question.objects.filter(pk__in=list(ids)).only(
            "pk", "status", "is_hidden", "headline", "title", "body"
        )
    )
    public = [question for question in questions if question.is_public]
    public_ids = {question.pk for question in public}
    removed, _kinds = QuestionVector.objects.filter(
        question_id__in=[pk for pk in ids if pk not in public_ids]
    ).delete()
    made = 0
    if public and encoder.available():
        texts = {question.pk: text_of(question) for question in public}
        kept = dict(
            QuestionVector.objects.filter(
                question_id__in=public_ids, model=encoder.MODEL
            ).values_list("question_id", "digest")
        )
        stale = [pk for pk, text in texts.items() if bytes(kept.get(pk, b"")) != _digest(text)]
        if stale:
            vectors = encoder.encode([texts[pk] for pk in stale])
            now = timezone.now()
            QuestionVector.objects.bulk_create(
                [
                    QuestionVector(
                        question_id=pk,
                        model=encoder.MODEL,
                        digest=_digest(texts[pk]),
                        vector=QuestionVector.pack(vector),
                        made_at=now,
                    )
                    for pk, vector in zip(stale, vectors, strict=True)
                ],
                update_conflicts=True,
                unique_fields=["question"],
                update_fields=["model", "digest", "vector", "made_at"],
            )
            made = len(stale)
    if made or removed:
        changed()
    return made


def changed() -> None:
    """Tell every process that the vectors changed (their copies are read again)."""
    if cache.add(VERSION_KEY, 1, timeout=None):
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # gone between the two calls
        cache.add(VERSION_KEY, 1, timeout=None)


@task()
def embed_questions(*, question_ids: list[int]) -> int:
    """embed() as a task: run by the database worker in production, after the change that
    asked for it has committed."""
    return embed(question_ids)
