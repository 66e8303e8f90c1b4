"""Staff curation (questions.services.curation): duplicates."""

import pytest

from questions import services
from questions.models import QuestionEvent
from tests.factories import QuestionFactory, answered_question

pytestmark = pytest.mark.django_db


def test_duplicate_points_to_the_canonical_qa(client, staff):
    original = answered_question(headline="Sleep Jerks Explained")
    duplicate = answered_question()
    with pytest.raises(services.QuestionError):
        services.mark_duplicate(question=duplicate, original=QuestionFactory(), actor=staff)
    services.mark_duplicate(question=duplicate, original=original, actor=staff)
    text = client.get(duplicate.get_absolute_url()).content.decode()
    assert "This question has already been answered here:" in text
    assert original.get_absolute_url() in text
    assert QuestionEvent.objects.filter(question=duplicate, action="duplicate").exists()
