"""Reports in the admin (questions.admin.moderation): hiding a reported Q&A, restoring it,
dismissing a report."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from questions import services
from questions.models import Question, QuestionEvent, Report
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    ReplyFactory,
    answered_question,
)

pytestmark = pytest.mark.django_db
ACTION = "_selected_action"


class TestReportsAndHiding:
    @pytest.fixture(autouse=True)
    def _cache(self):
        cache.clear()

    def test_hidden_qa_is_a_404_everywhere_and_can_be_restored(self, client, staff):
        """Hiding from a report: the page, the lists, similar Q&A and suggestions lose it;
        it stays in the database; restoring brings it back."""
        department = DepartmentFactory()
        topic = FAQTopicFactory(department=department)
        doctor = DoctorFactory(department=department)
        hidden = AnsweredQuestionFactory(
            department=department, topics=[topic], title="Unique hidden title words"
        )
        ReplyFactory(question=hidden, doctor=doctor)
        neighbour = answered_question(department=department, topics=[topic])
        services.report_question(question=hidden, reason="personal_data")
        client.post(
            reverse("admin:questions_report_changelist"),
            {"action": "hide_question", ACTION: [Report.objects.get().pk]},
        )
        hidden.refresh_from_db()
        assert hidden.is_hidden
        assert Report.objects.get().status == "hidden"
        client.logout()
        assert client.get(hidden.get_absolute_url()).status_code == 404
        for url in ("/", department.get_absolute_url(), topic.get_absolute_url(),
                    doctor.get_absolute_url(), neighbour.get_absolute_url(),
                    reverse("questions:ask-suggestions") + "?q=unique+hidden+title"):  # fmt: skip
            assert "Unique hidden title words" not in client.get(url).content.decode(), url
        client.force_login(hidden.author)
        assert client.get(hidden.get_absolute_url()).status_code == 404
        client.force_login(staff)
        assert client.get(hidden.get_absolute_url()).status_code == 200
        client.post(
            reverse("admin:questions_question_changelist"),
            {"action": "restore", ACTION: [hidden.pk]},
        )
        client.logout()
        assert client.get(hidden.get_absolute_url()).status_code == 200
        actions = list(
            QuestionEvent.objects.filter(question=hidden).values_list("action", flat=True)
        )
        assert actions[:2] == ["restored", "hidden"]

    def test_dismiss_keeps_the_qa(self, client, staff):
        question = answered_question()
        report = services.report_question(question=question, reason="spam")
        client.post(
            reverse("admin:questions_report_changelist"), {"action": "dismiss", ACTION: [report.pk]}
        )
        report.refresh_from_db()
        assert report.status == "dismissed"
        assert Question.objects.public().filter(pk=question.pk).exists()
