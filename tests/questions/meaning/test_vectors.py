"""The vectors of meaning: one per public Q&A, made after a change by a task, again only
when the text or the model changed; the encoder's files checked against their hashes."""

import io
import os
import subprocess
import sys

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from questions import services
from questions.meaning import encoder, vectors
from questions.models import QuestionVector
from tests.factories import DoctorFactory, QuestionFactory, answered_question

pytestmark = pytest.mark.django_db


def test_publishing_a_reply_gives_the_qa_its_vector(django_capture_on_commit_callbacks):
    question = QuestionFactory(status="open", title="Heartburn every night after dinner")
    doctor = DoctorFactory(department=question.department)
    assert not QuestionVector.objects.filter(question=question).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_reply(doctor=doctor, question=question, body="Eat earlier, sleep upright.")
    stored = QuestionVector.objects.get(question=question)
    assert stored.model == encoder.MODEL
    vector = QuestionVector.unpack(stored.vector)
    assert vector.shape == (encoder.DIMENSIONS,)
    expected = encoder.encode([vectors.text_of(question)])[0]
    assert float(vector @ expected) > 0.99  # float16 keeps it


def test_a_vector_is_made_again_only_when_the_text_changed():
    question = answered_question(title="Knee hurts going down stairs")
    assert vectors.embed([question.pk]) == 1
    assert vectors.embed([question.pk]) == 0  # the same text: kept
    question.headline = "Knee Pain on Stairs: What It Means"
    question.save()
    assert vectors.embed([question.pk]) == 1


def test_a_question_that_is_not_public_has_no_vector():
    question = answered_question()
    vectors.embed([question.pk])
    question.is_hidden = True
    question.save()
    vectors.embed([question.pk])
    assert not QuestionVector.objects.filter(question=question).exists()
    waiting = QuestionFactory(status="open")
    assert vectors.embed([waiting.pk]) == 0


def test_the_command_embeds_the_archive_and_can_run_again():
    first, second = answered_question(), answered_question()
    out = io.StringIO()
    call_command("embed_questions", stdout=out, stderr=io.StringIO())
    assert "2 vectors made" in out.getvalue()
    assert set(QuestionVector.objects.values_list("question_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    out = io.StringIO()
    call_command("embed_questions", stdout=out, stderr=io.StringIO())
    assert "0 vectors made; 2 were current" in out.getvalue()


def test_an_older_qa_gains_a_newer_one_among_its_similar():
    """A new answer joins the Similar Q&A of the older ones it is nearest, without waiting
    for them to change, ahead of what they kept that is further away."""
    reflux = answered_question(title="Heartburn every night after dinner when I lie down")
    knee = answered_question(title="My knee hurts when I walk down the stairs")
    vectors.embed([reflux.pk, knee.pk])
    newer = answered_question(title="Burning in my chest after I eat, worse lying in bed")
    vectors.embed([newer.pk])
    assert vectors.similar_ids(newer.pk)[0] == reflux.pk
    assert vectors.similar_ids(reflux.pk)[0] == newer.pk


def test_a_kept_similar_qa_without_a_vector_drops_out_when_the_list_changes():
    reflux = answered_question(title="Heartburn every night after dinner when I lie down")
    gone = answered_question(title="Acid coming up my throat at night after meals")
    vectors.embed([reflux.pk, gone.pk])
    assert gone.pk in vectors.similar_ids(reflux.pk)
    gone.is_hidden = True
    gone.save()
    vectors.embed([gone.pk])
    newer = answered_question(title="Burning in my chest after I eat, worse lying in bed")
    vectors.embed([newer.pk])
    assert gone.pk not in vectors.similar_ids(reflux.pk)
    assert newer.pk in vectors.similar_ids(reflux.pk)


def test_encoder_files_that_do_not_match_their_hashes_are_refused(monkeypatch, caplog):
    monkeypatch.setattr(encoder, "_model", None)
    monkeypatch.setattr(encoder, "_failed", False)
    monkeypatch.setitem(encoder.RESOURCE_HASHES, "sp.model", "0" * 64)
    assert not encoder.available()
    assert "does not match its pinned hash" in caplog.text
    with pytest.raises(encoder.EncoderUnavailable):
        encoder.encode(["text"])


def test_vectors_are_normalised_and_pack_to_float16():
    found = encoder.encode(["Leg jerks at night", "夜間腿部抽動", ""])
    assert found.shape == (3, encoder.DIMENSIONS) and found.dtype == np.float32
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)
    assert len(QuestionVector.pack(found[0])) == 2 * encoder.DIMENSIONS


def test_suggestions_while_asking_find_answers_by_meaning(client, demo):
    response = client.get(reverse("questions:ask-suggestions"), {"q": "my elbows itch and peel"})
    titles = [question["title"] for question in response.json()["questions"]]
    assert "手肘內側一直癢，還會脫皮" in titles
    assert len(titles) <= 5


def test_many_questions_are_embedded_a_chunk_at_a_time(monkeypatch):
    """A long list of ids is read and written in chunks (PostgreSQL takes at most 65,535
    parameters a query)."""
    monkeypatch.setattr(vectors, "CHUNK", 2)
    questions = [answered_question() for _ in range(5)]
    assert vectors.embed([question.pk for question in questions]) == 5
    assert QuestionVector.objects.count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_command_embeds_with_several_processes():
    """--processes splits the archive between processes, each with its own connection. Run
    as the command runs: a process of its own (the test runner's has threads, which a fork
    does not take along safely)."""
    questions = [answered_question() for _ in range(3)]
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "embed_questions", "--processes", "2"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 vectors made" in done.stdout
    assert set(QuestionVector.objects.values_list("question_id", flat=True)) == {
        question.pk for question in questions
    }
