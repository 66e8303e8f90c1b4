"""Querysets compiled once and run with new values give what the ORM gives."""

import pytest

from machinery.precompiled import Precompiled
from questions.models import Question, Reply
from tests.factories import QuestionFactory, ReplyFactory, answered_question

pytestmark = pytest.mark.django_db


def test_same_rows_as_the_queryset_for_each_value(django_assert_num_queries):
    public = Precompiled(lambda pk: Question.objects.public().with_department().filter(pk=pk))
    first, second = answered_question(), answered_question()
    waiting = QuestionFactory()
    assert public(first.pk) == [first]
    with django_assert_num_queries(1):
        found = public(second.pk)
        assert found[0].department.name == second.department.name  # joined, no query
    assert found == [second]
    assert public(waiting.pk) == []
    assert public(10**9) == []


def test_annotations_and_related_rows_come_back():
    replies = Precompiled(lambda pk: Reply.objects.filter(question_id=pk).for_page())
    question = answered_question()
    ReplyFactory(question=question)
    expected = list(question.replies.for_page())
    got = replies(question.pk)
    assert [reply.pk for reply in got] == [reply.pk for reply in expected]
    assert [reply.agree_count for reply in got] == [reply.agree_count for reply in expected]
    assert got[0].doctor.department.name == expected[0].doctor.department.name
    assert replies(answered_question().pk) != got


def test_a_value_is_swapped_wherever_it_appears_and_one_missing_is_refused():
    twice = Precompiled(lambda pk: Question.objects.filter(pk=pk) | Question.objects.filter(pk=pk))
    first, second = answered_question(), answered_question()
    assert twice(first.pk) == [first] and twice(second.pk) == [second]
    never = Precompiled(lambda pk: Question.objects.all())
    with pytest.raises(ValueError):
        never(1)
    transformed = Precompiled(lambda text: Question.objects.filter(title__icontains=text))
    with pytest.raises(ValueError):  # the parameter is "%text%", not the value given
        transformed("leg")


def test_text_values_are_passed_as_they_are():
    titled = Precompiled(lambda pk, title: Question.objects.filter(pk__gte=pk, title=title))
    question = answered_question(title="Leg jerks at night")
    assert titled(question.pk, "Leg jerks at night") == [question]
    assert titled(question.pk, "Other title") == []


def test_an_id_no_column_can_hold_matches_nothing():
    public = Precompiled(lambda pk: Question.objects.public().filter(pk=pk))
    assert public(10**30) == [] == list(Question.objects.filter(pk=10**30))


@pytest.mark.django_db(transaction=True)
def test_a_finished_thread_leaves_nothing_behind():
    """Compiled queries hold their connection: kept per thread, they go with it (kept per
    connection they kept every thread's connection alive: 175 kB each under runserver)."""
    import gc
    import threading
    import weakref

    from django.db import connections

    compiled = Precompiled(lambda pk: Question.objects.filter(pk=pk))
    kept = []

    def run():
        compiled(1)
        kept.append(weakref.ref(connections["default"]))
        connections["default"].close()

    for _ in range(3):
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    gc.collect()
    assert not [ref for ref in kept if ref() is not None]
