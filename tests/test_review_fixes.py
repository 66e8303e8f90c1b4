"""Regressions found in review: each test pins one fixed defect."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from machinery.ratelimit import client_ip
from questions import services
from questions.models import Question, Reply
from tests.factories import (
    DepartmentFactory,
    DoctorFactory,
    QuestionFactory,
    UserFactory,
    answered_question,
)

pytestmark = pytest.mark.django_db


def test_signup_next_cannot_send_people_to_another_site(client):
    response = client.post(
        reverse("signup") + "?next=https://evil.example/",
        {"email": "new@example.org", "password1": "correct horse battery",
         "password2": "correct horse battery"},
    )  # fmt: skip
    assert response["Location"] == reverse("questions:ask")


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


def test_claim_checks_the_department_in_the_update():
    """A question referred elsewhere meanwhile cannot be claimed from a stale copy."""
    question = QuestionFactory(status="open")
    doctor = DoctorFactory(department=question.department)
    stale = Question.objects.get(pk=question.pk)
    Question.objects.filter(pk=question.pk).update(department=DepartmentFactory())
    with pytest.raises(services.QuestionError):
        services.claim_question(doctor=doctor, question=stale)
    question.refresh_from_db()
    assert question.claimed_by is None


def test_refer_respects_another_doctors_claim():
    question = QuestionFactory(status="open")
    holder = DoctorFactory(department=question.department)
    colleague = DoctorFactory(department=question.department)
    services.claim_question(doctor=holder, question=question)
    with pytest.raises(services.ClaimedByAnother):
        services.refer_question(
            doctor=colleague, question=question, department=DepartmentFactory(), note=""
        )


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


def test_client_ip_behind_trusted_proxies(rf, settings):
    """Behind one proxy the client is the last X-Forwarded-For entry; what the client sent
    itself stands further left and is ignored."""
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"


def test_lockout_page_says_minutes(client, settings):
    UserFactory(email="alex@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(reverse("login"), {"username": "alex@example.org", "password": "x"})
    assert "Try again in 15 minutes" in response.content.decode()


def test_emails_use_the_language_the_patient_asked_in(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    """The e-mail is rendered in the language the question was asked in."""
    from django.utils import translation

    from questions import notifications

    languages = []
    original = notifications.render_to_string

    def recording(*args, **kwargs):
        languages.append(translation.get_language())
        return original(*args, **kwargs)

    monkeypatch.setattr(notifications, "render_to_string", recording)
    question = QuestionFactory(status="open", language="zh-hant")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_question(question=question, reason="Not medical.")
    assert languages == ["zh-hant", "zh-hant"]
    assert len(mailoutbox) == 1
