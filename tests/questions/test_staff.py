"""Staff work: FAQ topics, triage, reports and hiding, duplicates, the audit trail and the
backlog page."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from questions import services
from questions.admin.backlog import backlog_rows
from questions.models import FAQTopic, Question, QuestionEvent, Report, TopicRedirect
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
    answered_question,
)

pytestmark = pytest.mark.django_db
ACTION = "_selected_action"


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


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


class TestReportsAndHiding:
    @pytest.fixture(autouse=True)
    def _cache(self):
        cache.clear()

    def test_anonymous_reader_reports(self, client):
        question = answered_question()
        url = reverse("questions:report", args=[question.pk])
        assert "Report this Q&A" in client.get(question.get_absolute_url()).content.decode()
        missing = client.post(url, {"text": "no reason"})
        assert "Choose what is wrong." in missing.content.decode()
        response = client.post(url, {"reason": "personal_data", "text": "Shows a phone number"})
        assert response.status_code == 200
        report = Report.objects.get()
        assert report.reporter is None and report.status == "open"

    def test_reports_are_rate_limited(self, client, settings):
        settings.REPORTS_PER_HOUR = 2
        question = answered_question()
        url = reverse("questions:report", args=[question.pk])
        for _ in range(2):
            client.post(url, {"reason": "spam"})
        assert client.post(url, {"reason": "spam"}).status_code == 429
        assert Report.objects.count() == 2

    def test_only_public_questions_can_be_reported(self, client):
        question = QuestionFactory()
        assert client.get(reverse("questions:report", args=[question.pk])).status_code == 404

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


def test_audit_trail_covers_the_workflow_without_text(
    client, staff, django_capture_on_commit_callbacks
):
    """Ask, claim-free publish, edit, refer and staff edits each leave a line with who and
    when; no line holds the question's or the reply's text."""
    department = DepartmentFactory()
    doctor = DoctorFactory(department=department)
    referred = QuestionFactory(department=department, body="SECRET-BODY symptoms text here")
    services.refer_question(
        doctor=doctor, question=referred, department=DepartmentFactory(), note="See them"
    )
    question = QuestionFactory(department=department, body="SECRET-BODY other symptoms here")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.publish_reply(doctor=doctor, question=question, body="SECRET-REPLY")
    services.edit_reply(doctor=doctor, reply=reply, body="SECRET-REPLY corrected")
    services.record_staff_edit(question=question, actor=staff, fields=["headline", "more_info"])
    events = QuestionEvent.objects.all()
    assert {event.action for event in events} >= {"referred", "published", "reply_edited",
                                                  "edited"}  # fmt: skip
    assert all(event.actor is not None for event in events)
    assert not any("SECRET" in event.detail for event in events)
    page = client.get(reverse("admin:questions_question_change", args=[question.pk]))
    text = page.content.decode()
    assert "Audit trail" in text and "reply published" in text and "staff: headline" in text


class TestBacklog:
    def test_figures_against_a_known_data_set(self, client, staff, django_assert_num_queries):
        """Waiting count and oldest wait, median time to first reply over 30 days, and the
        weekly counts of the chart."""
        neurology = DepartmentFactory(name="Neurology")
        DepartmentFactory(name="Quiet department")
        now = timezone.now()
        QuestionFactory(department=neurology, asked_at=now - timedelta(days=5))
        QuestionFactory(department=neurology, asked_at=now - timedelta(days=1))
        QuestionFactory(department=None, status="triage", asked_at=now - timedelta(hours=3))
        for hours in (2, 4, 9):
            AnsweredQuestionFactory(
                department=neurology,
                asked_at=now - timedelta(hours=hours + 1),
                answered_at=now - timedelta(hours=1),
            )
        AnsweredQuestionFactory(
            department=neurology,
            asked_at=now - timedelta(days=60),
            answered_at=now - timedelta(days=40),
        )
        rows = {row.name: row for row in backlog_rows(now)}
        row = rows["Neurology"]
        assert row.open_count == 2
        assert row.oldest == now - timedelta(days=5)
        assert row.median_hours == 4.0
        assert sum(row.asked) == 6 and sum(row.answered) == 4  # all within 12 weeks
        assert rows["Quiet department"].open_count == 0
        assert rows["Quiet department"].median_hours is None
        assert rows["Triage (no department)"].open_count == 1
        with django_assert_num_queries(7):
            response = client.get(reverse("staff-backlog"))
        text = response.content.decode()
        assert "<svg" in text and "Neurology" in text and "4.0 h" in text

    def test_staff_only(self, client):
        assert client.get(reverse("staff-backlog")).status_code == 302
        client.force_login(DoctorFactory().user)
        assert client.get(reverse("staff-backlog")).status_code == 302


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
