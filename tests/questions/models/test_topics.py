"""FAQ topics (questions.models.topics)."""

import pytest

from questions.models import FAQTopic
from tests.factories import AnsweredQuestionFactory, DepartmentFactory, FAQTopicFactory

pytestmark = pytest.mark.django_db


def test_related_topics_own_first_then_featured_of_department():
    """Related FAQ: the question's own topics, then its department's featured topics."""
    department = DepartmentFactory()
    featured_b = FAQTopicFactory(department=department, is_featured=True, position=2)
    featured_a = FAQTopicFactory(department=department, is_featured=True, position=1)
    FAQTopicFactory(department=department, is_featured=False)
    FAQTopicFactory(is_featured=True)  # another department
    own = FAQTopicFactory(department=DepartmentFactory(), position=9)
    question = AnsweredQuestionFactory(department=department, topics=[own, featured_b])
    related = list(FAQTopic.objects.related_to(question))
    assert related == [featured_b, own, featured_a]
