"""The benchmark's data generator (PostgreSQL only: it writes with COPY)."""

import pytest
from django.core.management import call_command

from questions.meaning import encoder
from questions.models import Question, QuestionVector, Reply

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_generates_answered_questions_with_replies_search_and_meaning_vectors(capsys):
    before = Question.objects.count()
    call_command("generate_archive", questions=300)
    out = capsys.readouterr().out
    assert "Generated 300 answered questions" in out
    generated = Question.objects.public().exclude(pk__lte=before)
    assert generated.count() >= 300
    assert Reply.objects.filter(question__in=generated).count() >= 300
    assert not generated.filter(search_vector__isnull=True).exists()
    assert "different texts of meaning" in out
    # Each different text encoded once, its vector written for every question asking it.
    vectors = QuestionVector.objects.filter(question__in=generated, model=encoder.MODEL)
    assert vectors.count() == generated.count()
    by_text = {}
    for question in generated.select_related("vector"):
        by_text.setdefault((question.title, question.body), set()).add(
            bytes(question.vector.vector)
        )
    assert all(len(stored) == 1 for stored in by_text.values())
