"""Exact results under concurrent requests, on PostgreSQL: each thread has its own
database connection and they start together at a barrier. (The claim and publish races
are in test_answering.py.)"""

import threading
import uuid

import pytest
from django.db import connection

from questions import services
from questions.models import Question, ReplyAgreement
from tests.factories import DepartmentFactory, DoctorFactory, ReplyFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(target, arguments: list) -> list:
    """Run target(argument) in one thread per argument, all released at once; return
    what each returned, or the exception it raised."""
    barrier = threading.Barrier(len(arguments))
    results = [None] * len(arguments)

    def work(index, argument):
        try:
            barrier.wait()
            results[index] = target(argument)
        except Exception as error:  # collected, and checked by the test
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(index, argument))
        for index, argument in enumerate(arguments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_daily_question_limit_holds_when_asking_at_once(settings):
    """Eight questions sent at the same moment by one patient with a limit of three:
    exactly three are saved, the others are refused with DailyLimitReached."""
    settings.QUESTIONS_PER_DAY = 3
    author = UserFactory()
    department = DepartmentFactory()

    def ask(number):
        return services.ask_question(
            author=author,
            title=f"Question number {number} about sleep",
            body="I wake up every night at three and cannot sleep again.",
            nickname="ALEX",
            age_range="20~29",
            gender="female",
            department=department,
            submission_token=uuid.uuid4(),
        )

    results = run_together(ask, list(range(8)))
    saved = [result for result in results if isinstance(result, services.Asked)]
    refused = [result for result in results if isinstance(result, services.DailyLimitReached)]
    assert len(saved) == 3 and len(refused) == 5, results
    assert Question.objects.filter(author=author).count() == 3


def test_the_same_form_sent_twice_at_once_saves_one_question():
    """A double submit (same token) racing with itself: one question, both told saved."""
    author = UserFactory()
    department = DepartmentFactory()
    token = uuid.uuid4()

    def ask(_):
        return services.ask_question(
            author=author,
            title="Twitching eyelid in the evening",
            body="My eyelid twitches every evening.",
            nickname="ALEX",
            age_range="20~29",
            gender="female",
            department=department,
            submission_token=token,
        )

    results = run_together(ask, [1, 2])
    assert all(isinstance(result, services.Asked) for result in results), results
    assert results[0].question.pk == results[1].question.pk
    assert Question.objects.filter(author=author).count() == 1


def test_many_doctors_agreeing_at_once_are_all_counted():
    """Six doctors press "I agree" on one reply at the same moment: six agreements."""
    reply = ReplyFactory()
    doctors = [DoctorFactory() for _ in range(6)]

    results = run_together(
        lambda doctor: services.agree_with_reply(doctor=doctor, reply=reply), doctors
    )
    assert results == [True] * 6
    assert ReplyAgreement.objects.filter(reply=reply).count() == 6


def test_one_doctor_double_clicking_agree_is_never_counted_twice():
    """One doctor's two clicks at the same moment take turns: agree, then take it back,
    exactly as two clicks one after the other (never two rows, never an error)."""
    reply = ReplyFactory()
    doctor = DoctorFactory()

    results = run_together(lambda _: services.agree_with_reply(doctor=doctor, reply=reply), [1, 2])
    assert sorted(results) == [False, True], results
    assert ReplyAgreement.objects.filter(reply=reply).count() == 0
    # A third click agrees again: one agreement.
    assert services.agree_with_reply(doctor=doctor, reply=reply) is True
    assert ReplyAgreement.objects.filter(reply=reply).count() == 1


def test_many_doctors_claiming_at_once_one_wins():
    """Five doctors claim one question at the same moment: one claim, four refusals."""
    department = DepartmentFactory()
    question = Question.objects.create(
        author=UserFactory(),
        title="Numb fingers in the morning",
        body="My fingers are numb every morning.",
        nickname="ALEX",
        age_range="20~29",
        gender="female",
        department=department,
        status=Question.Status.OPEN,
    )
    doctors = [DoctorFactory(department=department) for _ in range(5)]

    results = run_together(
        lambda doctor: services.claim_question(doctor=doctor, question=question), doctors
    )
    refused = [r for r in results if isinstance(r, services.ClaimedByAnother)]
    assert len(refused) == 4, results
    question.refresh_from_db()
    winner = doctors[[i for i, r in enumerate(results) if r is None][0]]
    assert question.claimed_by_id == winner.pk
