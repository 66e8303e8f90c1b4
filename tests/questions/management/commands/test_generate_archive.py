"""The benchmark's data generator (PostgreSQL only: it writes with COPY)."""

import pytest
from django.core.management import call_command

from questions.models import Question, Reply

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_generates_answered_questions_with_replies_and_search_vectors(capsys):
    before = Question.objects.count()
    call_command("generate_archive", questions=300)
    out = capsys.readouterr().out
    assert "Generated 300 answered questions" in out
    generated = Question.objects.public().exclude(pk__lte=before)
    assert generated.count() >= 300
    assert Reply.objects.filter(question__in=generated).count() >= 300
    assert not generated.filter(search_vector__isnull=True).exists()
