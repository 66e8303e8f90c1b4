"""Asking back: a doctor holding a question asks its patient for more information; the
patient answers on the question's own page, the answer is added under the question (its
text kept), and the question returns to the same doctor, then to the department."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questions import notifications, services
from questions.models import Question, QuestionEvent
from tests.factories import DoctorFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUEST = "Do the headaches wake you up at night, and do you take any painkillers?"
ANSWER = "Yes, twice a week around 4 am. I take paracetamol most days."


@pytest.fixture
def asked():
    patient = UserFactory()
    question = QuestionFactory(author=patient, status="open", title="Headaches every morning")
    doctor = DoctorFactory(department=question.department, name="Lin Mei")
    colleague = DoctorFactory(department=question.department)
    return question, patient, doctor, colleague


def ask_back(client, doctor, question, text=REQUEST):
    client.force_login(doctor.user)
    return client.post(
        reverse("questions:dashboard-ask-information", args=[question.pk]), {"request": text}
    )


def test_the_whole_exchange(client, asked, mailoutbox, django_capture_on_commit_callbacks):
    question, patient, doctor, colleague = asked
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_back(client, doctor, question)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.needs_information and question.claim_holder() == doctor
    assert question.claimed_until > timezone.now() + timedelta(days=6)
    assert [message.to for message in mailoutbox] == [[patient.email]]
    assert "needs more information" in mailoutbox[0].subject
    assert question.body not in mailoutbox[0].body
    # A colleague cannot reply meanwhile.
    with pytest.raises(services.QuestionError):
        services.publish_reply(doctor=colleague, question=question, body="x" * 40)
    # The patient sees the request on My questions and on the page, and answers there.
    client.force_login(patient)
    mine = client.get(reverse("questions:my-questions")).content.decode()
    assert "The doctor needs more information from you" in mine
    page = client.get(question.get_absolute_url()).content.decode()
    assert REQUEST in page and "Dr. Lin Mei asked:" in page and "Add my answer" in page
    url = reverse("questions:add-information", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": ANSWER})
    assert response.status_code == 302
    question.refresh_from_db()
    assert not question.needs_information
    assert question.body != ANSWER and question.information_added[0]["answer"] == ANSWER
    assert question.claim_holder() == doctor  # back to the doctor who asked, for a while
    assert question.claimed_until < timezone.now() + timedelta(hours=25)
    assert mailoutbox[-1].to == [doctor.user.email]
    assert "answered your request" in mailoutbox[-1].subject
    actions = list(QuestionEvent.objects.filter(question=question).values_list("action", flat=True))
    assert "info_asked" in actions and "info_added" in actions
    # The doctor reads it; once replied, it is public under the question.
    client.force_login(doctor.user)
    dashboard = client.get(reverse("questions:dashboard")).content.decode()
    assert "The patient added information" in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_reply(doctor=doctor, question=question, body="Keep a headache diary." * 3)
    client.logout()
    public = client.get(question.get_absolute_url()).content.decode()
    assert REQUEST in public and ANSWER in public
    assert "More information from the patient" in public
    data = client.get(reverse("questions:api-detail", args=[question.pk])).json()
    assert [(entry["request"], entry["answer"]) for entry in data["added_information"]] == [
        (REQUEST, ANSWER)
    ]


def test_bad_input_is_refused_next_to_the_field_with_the_text_kept(client, asked):
    question, patient, doctor, _colleague = asked
    response = ask_back(client, doctor, question, text="why?")
    assert "Write at least 10 characters (it has 4)." in response.content.decode()
    question.refresh_from_db()
    assert not question.needs_information
    ask_back(client, doctor, question)
    client.force_login(patient)
    url = reverse("questions:add-information", args=[question.pk])
    for typed, error in (
        ("x" * 2001, "Keep it to 2000 characters (it has 2001)."),
        ("Twice a week\u200b at night", "Remove the invisible formatting characters"),
        ("   ", "Write your answer."),
    ):
        text = client.post(url, {"answer": typed}).content.decode()
        assert error in text, typed
        if typed.strip():
            assert typed[:50] in text
    question.refresh_from_db()
    assert question.needs_information


def test_an_answer_after_the_doctor_declined_keeps_the_text_and_says_why(client, asked):
    question, patient, doctor, _colleague = asked
    ask_back(client, doctor, question)
    services.decline_question(question=question, doctor=doctor, code="not_medical")
    client.force_login(patient)
    response = client.post(
        reverse("questions:add-information", args=[question.pk]), {"answer": ANSWER}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "no longer waiting for a doctor" in text and ANSWER in text
    question.refresh_from_db()
    assert question.status == "declined" and question.information_added == []


def test_an_answer_after_the_request_ran_out_is_still_taken(client, asked, settings):
    """Past CLARIFICATION_DAYS the hold lapses (the department may answer or decline),
    but the patient's late answer still counts while the question waits."""
    question, patient, doctor, colleague = asked
    ask_back(client, doctor, question)
    Question.objects.filter(pk=question.pk).update(
        claimed_until=timezone.now() - timedelta(minutes=1)
    )
    question.refresh_from_db()
    assert question.claim_holder() is None  # the department's again
    services.claim_question(doctor=colleague, question=question)
    client.force_login(patient)
    client.post(reverse("questions:add-information", args=[question.pk]), {"answer": ANSWER})
    question.refresh_from_db()
    assert question.information_added[0]["answer"] == ANSWER


def test_only_the_asker_answers_and_only_a_holder_asks(client, asked):
    question, _patient, doctor, colleague = asked
    services.claim_question(doctor=colleague, question=question)
    ask_back(client, doctor, question)
    shown = client.get(reverse("questions:dashboard-question", args=[question.pk]))
    assert f"Dr. {colleague.name} is working on this question." in shown.content.decode()
    question.refresh_from_db()
    assert not question.needs_information
    services.release_claim(doctor=colleague, question=question)
    ask_back(client, doctor, question)
    client.force_login(UserFactory())
    url = reverse("questions:add-information", args=[question.pk])
    assert client.post(url, {"answer": ANSWER}).status_code == 404


def test_the_patient_is_reminded_once(asked, mailoutbox, client, settings):
    question, patient, doctor, _colleague = asked
    ask_back(client, doctor, question)
    now = timezone.now()
    assert notifications.remind_patients(now=now) == 0
    later = now + timedelta(days=settings.CLARIFICATION_REMIND_DAYS, minutes=1)
    assert notifications.remind_patients(now=later) == 1
    assert notifications.remind_patients(now=later + timedelta(hours=1)) == 0
    assert mailoutbox[-1].to == [patient.email]
    assert "is waiting for your answer" in mailoutbox[-1].subject


def test_an_answer_that_reads_as_an_emergency_shows_the_help(client, asked):
    question, patient, doctor, _colleague = asked
    ask_back(client, doctor, question)
    client.force_login(patient)
    response = client.post(
        reverse("questions:add-information", args=[question.pk]),
        {"answer": "Since this morning I have chest pain and my left arm is numb."},
    )
    assert response.status_code == 200 and 'id="emergency-help"' in response.text
    question.refresh_from_db()
    assert question.is_priority and not question.needs_information


def test_a_referral_closes_the_request_and_the_answer_tells_nobody_wrong(
    client, asked, mailoutbox, django_capture_on_commit_callbacks
):
    """Referred while the patient was asked: the new department is not kept waiting for
    it, and a late answer neither e-mails nor hands the question to the first doctor."""
    from tests.factories import DepartmentFactory

    question, patient, doctor, _colleague = asked
    ask_back(client, doctor, question)
    elsewhere = DepartmentFactory()
    neurologist = DoctorFactory(department=elsewhere)
    services.refer_question(doctor=doctor, question=question, department=elsewhere, note="")
    question.refresh_from_db()
    assert not question.needs_information and question.claim_holder() is None
    services.ask_for_information(doctor=neurologist, question=question, request=REQUEST + "?")
    client.force_login(patient)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("questions:add-information", args=[question.pk]), {"answer": ANSWER})
    question.refresh_from_db()
    assert question.claim_holder() == neurologist
    assert [message.to for message in mailoutbox] == [[neurologist.user.email]]
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Not answered." in page  # the first request, closed by the referral


def test_a_late_answer_leaves_the_question_with_the_colleague_writing(client, asked):
    question, patient, doctor, colleague = asked
    ask_back(client, doctor, question)
    Question.objects.filter(pk=question.pk).update(
        claimed_until=timezone.now() - timedelta(minutes=1)
    )
    services.claim_question(doctor=colleague, question=question)
    client.force_login(patient)
    client.post(reverse("questions:add-information", args=[question.pk]), {"answer": ANSWER})
    question.refresh_from_db()
    assert question.claim_holder() == colleague
    services.publish_reply(doctor=colleague, question=question, body="A careful reply. " * 3)
