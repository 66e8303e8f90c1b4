"""The doctors' dashboard through the test client: who may open what, and the daily work."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questions import services
from questions.models import Question, Reply
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    QuestionFactory,
    ReplyFactory,
)

pytestmark = pytest.mark.django_db


class TestQueue:
    def test_the_dashboard_nav_marks_the_page_it_is_on(self, client):
        """Screen readers hear which of the dashboard's links is the current page."""
        import re

        client.force_login(DoctorFactory().user)
        pages = {
            reverse("questions:dashboard"): "Queue",
            reverse("questions:dashboard") + "?mine=1": "Claimed by me",
            reverse("questions:dashboard") + "?scope=all": "All departments",
            reverse("questions:dashboard-me"): "My replies",
        }
        for url, label in pages.items():
            text = client.get(url).content.decode()
            current = re.findall(r'aria-current="page">([^<]+)</a>', text)
            assert current == [label], url

    def test_priority_first_then_oldest_with_patient_and_claims(
        self, client, django_assert_num_queries
    ):
        """The queue lists the department's open questions, priority first then oldest,
        with the wait, age range, gender and who holds a claim; nothing else."""
        department = DepartmentFactory()
        doctor = DoctorFactory(department=department)
        colleague = DoctorFactory(department=department, name="Jiang Junyi")
        now = timezone.now()
        old = QuestionFactory(department=department, asked_at=now - timedelta(days=3))
        new = QuestionFactory(department=department, asked_at=now - timedelta(hours=2))
        urgent = QuestionFactory(department=department, is_priority=True, asked_at=now)
        services.claim_question(doctor=colleague, question=new)
        QuestionFactory(status="open", title="Another department question")
        AnsweredQuestionFactory(department=department, title="Already answered question")
        client.force_login(doctor.user)
        with django_assert_num_queries(7):  # with the follow-ups waiting
            response = client.get(reverse("questions:dashboard"))
        assert list(response.context["questions"]) == [urgent, old, new]
        text = response.content.decode()
        assert "Priority" in text and "3\xa0days" in text
        assert "20~29, female" in text
        assert "Dr. Jiang Junyi" in text and "Being answered" in text
        assert "Another department question" not in text
        assert "Already answered question" not in text

    def test_a_row_opens_the_question_to_read_without_reserving_it(self, client):
        department = DepartmentFactory()
        doctor = DoctorFactory(department=department)
        question = QuestionFactory(department=department, title="Numb fingers every morning")
        client.force_login(doctor.user)
        text = client.get(reverse("questions:dashboard")).content.decode()
        url = reverse("questions:dashboard-question", args=[question.pk])
        assert f'<a href="{url}">Numb fingers every morning</a>' in text
        page = client.get(url).content.decode()
        question.refresh_from_db()
        assert question.claimed_by is None  # reading reserves nothing
        assert "20~29 year old female" in page and question.body in page
        assert "Reserve it while I write" in page
        client.post(reverse("questions:dashboard-claim", args=[question.pk]))
        question.refresh_from_db()
        assert question.claimed_by == doctor

    def test_referred_questions_say_from_where_with_the_note_and_their_own_wait(
        self, client, django_assert_num_queries
    ):
        neurology, cardiology = DepartmentFactory(name="Neurology"), DepartmentFactory()
        referrer = DoctorFactory(department=cardiology)
        neurologist = DoctorFactory(department=neurology)
        referred = QuestionFactory(
            department=cardiology, asked_at=timezone.now() - timedelta(days=4)
        )
        services.refer_question(
            doctor=referrer, question=referred, department=neurology,
            note="Sounds like a nerve problem, not the heart.",
        )  # fmt: skip
        QuestionFactory(department=neurology)
        client.force_login(neurologist.user)
        with django_assert_num_queries(7):
            text = client.get(reverse("questions:dashboard")).content.decode()
        assert text.count("Referred from") == 1
        assert f"Referred from {cardiology.name}" in text
        assert "Sounds like a nerve problem, not the heart." in text
        assert "since the referral" in text and "4\xa0days" not in text

    def test_all_departments_is_read_only_and_mine_filters(self, client):
        department = DepartmentFactory()
        doctor = DoctorFactory(department=department)
        mine = QuestionFactory(department=department)
        services.claim_question(doctor=doctor, question=mine)
        QuestionFactory(department=department)
        elsewhere = QuestionFactory(title="Question in another department")
        client.force_login(doctor.user)
        everything = client.get(reverse("questions:dashboard"), {"scope": "all"})
        assert elsewhere in everything.context["questions"]
        assert "Other department" in everything.content.decode()
        assert reverse("questions:dashboard-claim", args=[elsewhere.pk]) not in (
            everything.content.decode()
        )
        claimed = client.get(reverse("questions:dashboard"), {"mine": "1"})
        assert list(claimed.context["questions"]) == [mine]


class TestReplying:
    def test_claim_preview_publish(self, client, mailoutbox, django_capture_on_commit_callbacks):
        """Reply claims the question; a second doctor then sees who holds it; preview shows
        the reply as the page will; publish makes the question public and tells the patient."""
        question = QuestionFactory(status="open")
        doctor = DoctorFactory(department=question.department, name="Yeh Po-Shou")
        colleague = DoctorFactory(department=question.department)
        client.force_login(doctor.user)
        response = client.post(reverse("questions:dashboard-claim", args=[question.pk]))
        page_url = reverse("questions:dashboard-question", args=[question.pk])
        assert response["Location"] == page_url

        client.force_login(colleague.user)
        text = client.get(page_url).content.decode()
        assert "Dr. Yeh Po-Shou is answering this question" in text
        refused = client.post(reverse("questions:dashboard-claim", args=[question.pk]), follow=True)
        assert "Dr. Yeh Po-Shou is working on this question." in refused.content.decode()

        client.force_login(doctor.user)
        body = "Tiredness can cause this.\n\nTake a warm bath before bed."
        preview = client.post(page_url, {"body": body, "action": "preview"})
        text = preview.content.decode()
        assert "Preview: how the public page will show your reply" in text
        assert "Dr. Yeh Po-Shou reply" in text and "<p>Take a warm bath before bed.</p>" in text
        assert not Question.objects.public().exists()
        with django_capture_on_commit_callbacks(execute=True):
            published = client.post(page_url, {"body": body, "action": "publish"})
        question.refresh_from_db()
        assert question.status == "answered"
        assert published["Location"].startswith(question.get_absolute_url())
        assert len(mailoutbox) == 1
        public = client.get(question.get_absolute_url()).content.decode()
        assert "Take a warm bath before bed." in public

    def test_draft_is_kept_and_private(self, client):
        question = QuestionFactory(status="open")
        doctor = DoctorFactory(department=question.department)
        client.force_login(doctor.user)
        url = reverse("questions:dashboard-question", args=[question.pk])
        client.post(url, {"body": "Half-written draft of my reply.", "action": "draft"})
        assert "Half-written draft" in client.get(url).content.decode()
        client.force_login(question.author)
        assert "Half-written draft" not in client.get(question.get_absolute_url()).content.decode()

    def test_bad_reply_keeps_text(self, client):
        question = QuestionFactory(status="open")
        doctor = DoctorFactory(department=question.department)
        client.force_login(doctor.user)
        url = reverse("questions:dashboard-question", args=[question.pk])
        response = client.post(url, {"body": "Too short", "action": "publish"})
        assert response.status_code == 200
        text = response.content.decode()
        assert "Write at least 20 characters" in text and "Too short" in text
        assert not Reply.objects.filter(question=question).exists()

    def test_edit_published_reply_shows_edited(self, client):
        reply = ReplyFactory()
        client.force_login(reply.doctor.user)
        url = reverse("questions:dashboard-reply-edit", args=[reply.pk])
        client.post(url, {"body": "A corrected and complete reply text."})
        page = client.get(reply.question.get_absolute_url()).content.decode()
        assert "A corrected and complete reply text." in page
        assert "(edited" in page
        # Opening the reply page of a question already answered by me leads to the edit page.
        response = client.get(reverse("questions:dashboard-question", args=[reply.question.pk]))
        assert response["Location"] == url

    def test_referrals_go_only_to_departments_with_a_doctor_accepting_questions(self, client):
        """A department none of whose doctors accept questions (or whose only doctor's
        account is closed) is not offered: the question would wait there for nobody."""
        department = DepartmentFactory()
        doctor = DoctorFactory(department=department)
        taking = DoctorFactory(department=DepartmentFactory(name="Cardiology")).department
        paused = DoctorFactory(accepting_questions=False).department
        closed = DoctorFactory(user__is_active=False).department
        empty = DepartmentFactory(name="No doctors yet")
        question = QuestionFactory(department=department)
        client.force_login(doctor.user)
        page = client.get(reverse("questions:dashboard-question", args=[question.pk]))
        offered = set(page.context["refer_form"].fields["department"].queryset)
        assert offered == {taking}
        assert not {department, paused, closed, empty} & offered
        refused = client.post(
            reverse("questions:dashboard-refer", args=[question.pk]),
            {"department": paused.pk, "note": ""},
        )
        assert "Choose a department from the list." in refused.content.decode()
        question.refresh_from_db()
        assert question.department == department

    def test_refer_and_decline_forms(self, client, mailoutbox, django_capture_on_commit_callbacks):
        department = DepartmentFactory()
        psychiatry = DepartmentFactory(name="Psychiatry")
        psychiatrist = DoctorFactory(department=psychiatry)
        doctor = DoctorFactory(department=department)
        client.force_login(doctor.user)
        referred = QuestionFactory(department=department)
        client.post(
            reverse("questions:dashboard-refer", args=[referred.pk]),
            {"department": psychiatry.pk, "note": "Anxiety, I think."},
        )
        referred.refresh_from_db()
        assert referred.department == psychiatry
        client.force_login(psychiatrist.user)
        page = client.get(reverse("questions:dashboard-question", args=[referred.pk]))
        assert "Anxiety, I think." in page.content.decode()

        client.force_login(doctor.user)
        declined = QuestionFactory(department=department)
        url = reverse("questions:dashboard-decline", args=[declined.pk])
        missing = client.post(url, {"reason": "other", "note": ""})
        assert "Explain the reason to the patient." in missing.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"reason": "prescription", "note": "See your family doctor."})
        declined.refresh_from_db()
        assert declined.status == "declined"
        assert declined.decline_reason_code == "prescription"
        assert declined.decline_reason == "See your family doctor."
        assert declined.decline_reason_text.startswith("We cannot prescribe")
        assert declined.decline_reason_text.endswith("See your family doctor.")
        assert "We cannot prescribe" in mailoutbox[0].body


def test_agree_button_for_other_doctors(client):
    reply = ReplyFactory()
    other = DoctorFactory()
    client.force_login(other.user)
    page = client.get(reply.question.get_absolute_url()).content.decode()
    assert reverse("questions:dashboard-agree", args=[reply.pk]) in page
    client.post(reverse("questions:dashboard-agree", args=[reply.pk]))
    assert "1 doctor agrees" in client.get(reply.question.get_absolute_url()).content.decode()
    client.force_login(reply.doctor.user)
    page = client.get(reply.question.get_absolute_url()).content.decode()
    assert reverse("questions:dashboard-agree", args=[reply.pk]) not in page
    assert "Edit your reply" in page


def test_doctor_figures(client, django_assert_num_queries):
    """Replies published, the last 30 days, and the median time from question to reply."""
    doctor = DoctorFactory()
    now = timezone.now()
    for hours in (2, 4, 30):
        question = AnsweredQuestionFactory(asked_at=now - timedelta(hours=hours))
        ReplyFactory(question=question, doctor=doctor, published_at=now)
    old = AnsweredQuestionFactory(asked_at=now - timedelta(days=60))
    ReplyFactory(question=old, doctor=doctor, published_at=now - timedelta(days=59))
    client.force_login(doctor.user)
    with django_assert_num_queries(7):  # with the thanks and "answered too" figures
        response = client.get(reverse("questions:dashboard-me"))
    assert response.context["total"] == 4
    assert len(response.context["recent"]) == 3
    assert response.context["median_hours"] == 4.0


def test_reply_text_is_kept_when_someone_else_claimed_meanwhile(client):
    question = QuestionFactory(status="open")
    doctor = DoctorFactory(department=question.department)
    colleague = DoctorFactory(department=question.department)
    services.claim_question(doctor=colleague, question=question)
    client.force_login(doctor.user)
    response = client.post(
        reverse("questions:dashboard-question", args=[question.pk]),
        {"body": "My long and careful reply to the patient.", "action": "publish"},
    )
    text = response.content.decode()
    assert "My long and careful reply to the patient." in text
    assert f"Dr. {colleague.name} is working on this question." in text


def test_draft_stays_in_the_form_after_a_refer_error(client):
    question = QuestionFactory(status="open")
    doctor = DoctorFactory(department=question.department)
    services.save_draft(doctor=doctor, question=question, body="Draft I do not want to lose.")
    client.force_login(doctor.user)
    response = client.post(reverse("questions:dashboard-refer", args=[question.pk]), {})
    assert "Draft I do not want to lose." in response.content.decode()
    assert Reply.objects.get().body == "Draft I do not want to lose."
