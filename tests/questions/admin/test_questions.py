"""The questions' admin (questions.admin.questions): search, tagging, triage, actions and
the history of a staff edit."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from questions.models import Question, QuestionEvent
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    FAQTopicFactory,
    QuestionFactory,
    UserFactory,
    answered_question,
)

pytestmark = pytest.mark.django_db
ACTION = "_selected_action"


class TestTopics:
    def test_bulk_tagging_from_the_list(self, client, staff):
        topic = FAQTopicFactory(name="Tremor")
        questions = AnsweredQuestionFactory.create_batch(3)
        questions[0].topics.add(topic)
        client.post(
            reverse("admin:questions_question_changelist"),
            {"action": "add_topic", ACTION: [q.pk for q in questions], "apply": "1",
             "topic": topic.pk},
        )  # fmt: skip
        for question in questions:
            assert topic in question.topics.all()
        assert QuestionEvent.objects.filter(action="tagged").count() == 2

    def test_tag_from_the_question_page_with_autocomplete(self, client, staff):
        """The question's admin page offers topics through autocomplete and saves them."""
        topic = FAQTopicFactory(name="Tremor")
        question = AnsweredQuestionFactory()
        found = client.get(
            "/admin/autocomplete/",
            {"app_label": "questions", "model_name": "question", "field_name": "topics",
             "term": "Trem"},
        )  # fmt: skip
        assert found.status_code == 200
        assert found.json()["results"] == [{"id": str(topic.pk), "text": "Tremor"}]
        url = reverse("admin:questions_question_change", args=[question.pk])
        form = client.get(url).context["adminform"].form
        data = {
            key: value
            for key, value in form.initial.items()
            if key in form.fields and value is not None and key != "topics"
        }
        data.update({
            "department": question.department_id, "topics": [topic.pk],
            "replies-TOTAL_FORMS": 0, "replies-INITIAL_FORMS": 0,
            "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0, "duplicate_of": "",
        })  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert list(question.topics.all()) == [topic]


class TestTriage:
    def test_assign_department_enters_its_queue(self, client, staff):
        question = QuestionFactory(department=None, status="triage")
        neurology = DepartmentFactory()
        client.post(
            reverse("admin:questions_triagequestion_changelist"),
            {"action": "assign_department", ACTION: [question.pk], "apply": "1",
             "department": neurology.pk},
        )  # fmt: skip
        question.refresh_from_db()
        assert question.department == neurology and question.status == "open"
        assert question in Question.objects.queue().filter(department=neurology)
        event = QuestionEvent.objects.get(question=question, action="assigned")
        assert event.actor == staff and event.detail == neurology.name

    def test_decline_from_triage(
        self, client, staff, mailoutbox, django_capture_on_commit_callbacks
    ):
        question = QuestionFactory(department=None, status="triage")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("admin:questions_triagequestion_changelist"),
                {"action": "decline", ACTION: [question.pk], "apply": "1",
                 "note": "Please see your family doctor."},
            )  # fmt: skip
        question.refresh_from_db()
        assert question.status == "declined"
        assert QuestionEvent.objects.filter(question=question, action="declined", actor=staff)
        assert len(mailoutbox) == 1
        assert question.decline_reason_code == "other"

    def test_decline_from_triage_with_a_preset_reason(self, client, staff):
        """Staff may pick a preset reason (stored as its code, no message needed); "Other"
        without a message is refused and declines nothing."""
        question = QuestionFactory(department=None, status="triage")
        url = reverse("admin:questions_triagequestion_changelist")
        refused = client.post(
            url, {"action": "decline", ACTION: [question.pk], "apply": "1", "reason": "other"}
        )
        assert "Explain the reason to the patient." in refused.content.decode()
        question.refresh_from_db()
        assert question.status == "triage"
        client.post(
            url,
            {"action": "decline", ACTION: [question.pk], "apply": "1", "reason": "not_medical"},
        )
        question.refresh_from_db()
        assert question.status == "declined"
        assert (question.decline_reason_code, question.decline_reason) == ("not_medical", "")

    def test_triage_list_shows_only_triage(self, client, staff):
        waiting = QuestionFactory(department=None, status="triage", title="Which department now")
        QuestionFactory(title="Already has a department")
        text = client.get(reverse("admin:questions_triagequestion_changelist")).content.decode()
        assert "Which department now" in text and "Already has a department" not in text
        assert waiting


def test_admin_history_never_holds_the_body(client, staff):
    """Editing a question's body in the admin: Django's own history names the field, not
    the text, and the audit trail says which fields staff changed."""
    from django.contrib.admin.models import LogEntry

    question = AnsweredQuestionFactory()
    url = reverse("admin:questions_question_change", args=[question.pk])
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key in form.fields and value is not None and key != "topics"
    }
    data.update({
        "department": question.department_id, "duplicate_of": "",
        "body": "PRIVATE-DETAIL the patient wrote this and staff removed a phone number.",
        "replies-TOTAL_FORMS": 0, "replies-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0,
    })  # fmt: skip
    assert client.post(url, data).status_code == 302
    entry = LogEntry.objects.get()
    assert "PRIVATE-DETAIL" not in entry.change_message + entry.object_repr
    assert QuestionEvent.objects.get(question=question).detail == "staff: body"


def test_admin_search_and_autocomplete(client):
    """Staff find questions by title and departments through autocomplete."""
    question = AnsweredQuestionFactory(title="Twitching eyelid for two weeks")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/questions/question/", {"q": "eyelid"})
    assert str(question) in response.content.decode()
    change = client.get(f"/admin/questions/question/{question.pk}/change/")
    assert change.status_code == 200
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "questions",
            "model_name": "question",
            "field_name": "department",
            "term": question.department.name[:5],
        },
    )
    assert autocomplete.status_code == 200
    assert question.department.name in autocomplete.content.decode()


def test_admin_actions_need_change_permission(client):
    """A staff member who may only view questions cannot hide one through an action."""
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_question"))
    question = answered_question()
    client.force_login(viewer)
    client.post(
        reverse("admin:questions_question_changelist"),
        {"action": "hide", "_selected_action": [question.pk]},
    )
    question.refresh_from_db()
    assert not question.is_hidden
