"""The answered counts on the home, department and topic pages (questions.archive.totals)."""

import pytest
from django.core.cache import cache

from questions.archive import totals
from questions.models import Question
from tests.factories import AnsweredQuestionFactory, DepartmentFactory, FAQTopicFactory


@pytest.mark.django_db
def test_department_and_topic_counts_count_public_questions_only():
    """The counts on the home, department and topic pages: answered questions that are not
    hidden, every department and topic listed, those with none at zero."""
    cache.delete_many(["total:answered-by-department", "total:answered-by-topic"])
    busy, empty = DepartmentFactory(name="Busy"), DepartmentFactory(name="Empty")
    topic, unused = FAQTopicFactory(department=busy), FAQTopicFactory(department=busy)
    shown = AnsweredQuestionFactory.create_batch(3, department=busy)
    for question in shown:
        question.topics.add(topic)
    Question.objects.filter(pk=shown[0].pk).update(is_hidden=True)
    counts = {d.name: d.answered_count for d in totals.department_counts()}
    assert counts[busy.name] == 2 and counts[empty.name] == 0
    topics = {t.pk: t.answered_count for t in totals.topic_counts()}
    assert topics == {**topics, topic.pk: 2, unused.pk: 0}
