"""Small things a patient, doctor or staff member notices (issue 18's loose ends): the
"Verified" mark on the doctor's profile and in its ProfilePage data, the report form with
no pre-chosen reason, share links on public pages only, the admin finding a question by
its number."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import AnsweredQuestionFactory, DoctorFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ld_json(text: str) -> list:
    return [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', text, re.S
    )]  # fmt: skip


def test_the_verified_mark_shows_on_the_profile_and_in_its_data(client):
    doctor = DoctorFactory(is_verified=True)
    text = client.get(doctor.get_absolute_url()).content.decode()
    assert 'class="badge badge--verified"' in text
    profile = next(data for data in _ld_json(text) if data.get("@type") == "ProfilePage")
    assert profile["mainEntity"]["hasCredential"]["credentialCategory"] == "license"
    unverified = DoctorFactory(is_verified=False)
    text = client.get(unverified.get_absolute_url()).content.decode()
    assert "badge--verified" not in text and "hasCredential" not in text


def test_the_report_form_has_no_preselected_reason(client):
    question = AnsweredQuestionFactory()
    text = client.get(reverse("questions:report", args=[question.pk])).content.decode()
    assert "---------" not in text and " checked" not in text
    refused = client.post(reverse("questions:report", args=[question.pk]), {"text": "x"})
    assert "Choose what is wrong." in refused.content.decode()


def test_share_links_only_on_public_pages(client):
    public = AnsweredQuestionFactory()
    assert "share__link" in client.get(public.get_absolute_url()).content.decode()
    patient = UserFactory()
    waiting = QuestionFactory(author=patient, status="open")
    client.force_login(patient)
    text = client.get(waiting.get_absolute_url()).content.decode()
    assert "share__link" not in text


def test_the_admin_finds_a_question_by_its_number(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    wanted = AnsweredQuestionFactory(title="Tingling fingers in the cold")
    AnsweredQuestionFactory(title="Something else entirely")
    url = reverse("admin:questions_question_changelist")
    found = client.get(url, {"q": f"#{wanted.pk}"}).context["cl"].result_list
    assert list(found) == [wanted]
    assert wanted in client.get(url, {"q": str(wanted.pk)}).context["cl"].result_list


def test_a_search_that_finds_nothing_says_what_to_try_and_offers_to_ask(client, settings):
    """Never a dead end: tips, the FAQ topics closest to the words, and the ask page with
    the words as the title; the topic filter is part of the form."""
    from tests.factories import FAQTopicFactory

    FAQTopicFactory(name="Zzyzx syndrome", slug="zzyzx")
    response = client.get(reverse("questions:search"), {"q": "zzyzx qqwwee"})
    text = response.content.decode()
    assert "Nothing found. What to try:" in text
    assert 'href="/topics/zzyzx/">Zzyzx syndrome</a>' in text
    assert 'href="/ask/?title=zzyzx+qqwwee"' in text
    assert '<select id="search-topic" name="topic">' in text
    patient = UserFactory()
    client.force_login(patient)
    ask = client.get("/ask/", {"title": "zzyzx qqwwee"}).content.decode()
    assert 'value="zzyzx qqwwee"' in ask


def test_a_bot_that_fills_the_hidden_field_gets_an_ordinary_page_and_saves_nothing(client):
    """Sign-up, ask and report carry a field people never see (out of sight, out of the
    tab order, hidden from screen readers); filled in, nothing is saved."""
    from qa_portal.models import User
    from questions.models import Question, Report
    from tests.factories import DepartmentFactory

    signup = client.get(reverse("signup")).content.decode()
    assert '<div class="trap" aria-hidden="true">' in signup and 'tabindex="-1"' in signup
    users = User.objects.count()
    response = client.post(reverse("signup"), {
        "email": "bot@example.org", "password1": "a-long-test-password",
        "password2": "a-long-test-password", "website": "http://spam.example",
    })  # fmt: skip
    assert response.status_code == 302 and User.objects.count() == users
    client.force_login(UserFactory())
    department = DepartmentFactory()
    response = client.post(reverse("questions:ask"), {
        "department": department.pk, "title": "Cheap pills online now", "body": "x" * 40,
        "nickname": "Bot", "age_range": "20~29", "gender": "female", "consent": "on",
        "submission_token": "8b0c7e0a-4b8e-4b7e-9a53-6f1d7c2b9a11", "website": "spam",
    })  # fmt: skip
    assert response.status_code == 302 and not Question.objects.exists()
    public = AnsweredQuestionFactory()
    response = client.post(
        reverse("questions:report", args=[public.pk]), {"reason": "spam", "website": "x"}
    )
    assert response.status_code == 200 and not Report.objects.exists()


def test_a_banned_phrase_holds_the_question_for_staff_instead_of_the_doctors(client):
    """Staff keep a list of spam phrases; a question holding one waits in triage with the
    phrase as the reason, never in the department's queue, until staff send it on."""
    import uuid

    from questions import services
    from questions.models import BannedPhrase, Question
    from tests.factories import DepartmentFactory

    BannedPhrase.objects.create(term="cheap pills")
    department = DepartmentFactory()
    doctor = DoctorFactory(department=department)
    question = services.ask_question(
        author=UserFactory(), title="Where to buy CHEAP PILLS online", body="x" * 40,
        nickname="Bot", age_range="20~29", gender="female", department=department,
        submission_token=uuid.uuid4(),
    ).question  # fmt: skip
    assert question.status == "triage" and question.held_reason == "cheap pills"
    assert question not in Question.objects.queue()
    assert question.events.filter(action="held", detail="cheap pills").exists()
    client.force_login(doctor.user)
    assert "CHEAP PILLS" not in client.get(reverse("questions:dashboard")).content.decode()
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    triage = client.get(reverse("admin:questions_triagequestion_changelist")).content.decode()
    assert "Where to buy CHEAP PILLS online" in triage and "cheap pills" in triage
    services.assign_department(question=question, department=department, actor=staff)
    question.refresh_from_db()
    assert question.status == "open"
