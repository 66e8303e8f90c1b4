"""The FAQ topics' admin (questions.admin.topics): merging topics."""

import pytest
from django.urls import reverse

from questions.models import FAQTopic, Question, QuestionEvent, TopicRedirect
from tests.factories import AnsweredQuestionFactory, FAQTopicFactory

pytestmark = pytest.mark.django_db
ACTION = "_selected_action"


class TestTopics:
    def test_merge_moves_questions_and_redirects_old_address(self, client, staff):
        """Merging moves the source's questions to the target (no duplicates), deletes the
        source, and its old URL — and URLs merged into it before — redirect permanently."""
        keep = FAQTopicFactory(name="Sleep", slug="sleep")
        old = FAQTopicFactory(name="Sleeping", slug="sleeping")
        both = AnsweredQuestionFactory(topics=[keep, old])
        only_old = AnsweredQuestionFactory(topics=[old])
        TopicRedirect.objects.create(old_slug="insomnia-old", topic=old)
        response = client.post(
            reverse("admin:questions_faqtopic_changelist"),
            {"action": "merge", ACTION: [keep.pk, old.pk], "apply": "1", "target": keep.pk},
        )
        assert response.status_code == 302
        assert not FAQTopic.objects.filter(pk=old.pk).exists()
        assert set(Question.objects.with_topic(keep)) == {both, only_old}
        for old_url in ("/topics/sleeping/", "/topics/insomnia-old/"):
            moved = client.get(old_url)
            assert moved.status_code == 301 and moved["Location"] == "/topics/sleep/"
        assert QuestionEvent.objects.filter(question=only_old, action="merged").exists()
        assert client.get("/topics/never-existed/").status_code == 404

    def test_merge_needs_a_choice_page(self, client, staff):
        first, second = FAQTopicFactory(), FAQTopicFactory()
        response = client.post(
            reverse("admin:questions_faqtopic_changelist"),
            {"action": "merge", ACTION: [first.pk, second.pk]},
        )
        assert response.status_code == 200
        assert "Keep this topic" in response.content.decode()
        assert FAQTopic.objects.count() == 2
