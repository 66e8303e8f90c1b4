"""Asking again: within QA_PORTAL_FOLLOW_UP_DAYS of a reply its patient may ask one
follow-up on it, held for the doctor who replied, then the department's; answered, it
shows under the reply, in the structured data and in the API."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questions import services
from questions.models import QuestionEvent, Reply
from tests.factories import AnsweredQuestionFactory, DoctorFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db

FOLLOW_UP = "The diary shows the headaches come after screen work. Should I see an eye doctor?"
ANSWER = "Yes: an eye examination is a good next step, and take a break every hour."


@pytest.fixture
def answered():
    patient = UserFactory()
    question = AnsweredQuestionFactory(author=patient, title="Headaches every morning")
    doctor = DoctorFactory(department=question.department, name="Lin Mei")
    reply = ReplyFactory(question=question, doctor=doctor, body="Keep a headache diary." * 3)
    colleague = DoctorFactory(department=question.department, name="Chen Wei")
    return question, patient, reply, doctor, colleague


def ask(client, patient, reply, text=FOLLOW_UP):
    client.force_login(patient)
    return client.post(reverse("questions:follow-up", args=[reply.pk]), {"body": text})


def test_the_whole_follow_up(client, answered, mailoutbox, django_capture_on_commit_callbacks):
    question, patient, reply, doctor, colleague = answered
    client.force_login(patient)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Ask a follow-up on this reply" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, patient, reply)
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.follow_up == FOLLOW_UP and reply.follow_up_waits
    assert [message.to for message in mailoutbox] == [[doctor.user.email]]
    assert "follow-up" in mailoutbox[0].subject and FOLLOW_UP not in mailoutbox[0].body
    # The patient sees it waiting; the public does not, yet.
    assert "Waiting for the doctor's answer." in client.get(question.get_absolute_url()).text
    mine = client.get(reverse("questions:my-questions")).text
    assert "Answered; your follow-up is waiting for the doctor" in mine
    client.logout()
    assert FOLLOW_UP not in client.get(question.get_absolute_url()).text
    # The queue lists it; a colleague must wait while it is held for the doctor who replied.
    client.force_login(colleague.user)
    queue = client.get(reverse("questions:dashboard")).content.decode()
    assert "1 follow-up waiting" in queue and "held for Dr. Lin Mei" in queue
    url = reverse("questions:dashboard-follow-up", args=[reply.pk])
    refused = client.post(url, {"body": ANSWER})
    assert "Dr. Lin Mei is working on this question." in refused.text
    assert ANSWER in refused.text  # the text kept
    # The doctor who replied answers; it is public under the reply, signed and dated.
    client.force_login(doctor.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": ANSWER})
    assert response.status_code == 302
    assert mailoutbox[-1].to == [patient.email]
    client.logout()
    public = client.get(question.get_absolute_url()).text
    assert FOLLOW_UP in public and ANSWER in public and "Dr. Lin Mei answered" in public
    assert public.index(reply.body[:20]) < public.index(FOLLOW_UP) < public.index(ANSWER)
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', public, re.S)[1]
    )
    comments = data["mainEntity"]["acceptedAnswer"]["comment"]
    assert [comment["text"] for comment in comments] == [FOLLOW_UP, ANSWER]
    api = client.get(reverse("questions:api-detail", args=[question.pk])).json()
    assert api["replies"][0]["follow_up"]["answer"] == ANSWER
    actions = set(QuestionEvent.objects.filter(question=question).values_list("action", flat=True))
    assert {"follow_up", "follow_up_answered"} <= actions
    # One follow-up per reply.
    again = ask(client, patient, reply, "And one more question about the diary.")
    assert "You have already asked a follow-up on this reply." in again.text


def test_after_the_hold_a_colleague_answers_and_exactly_one_wins(answered):
    question, patient, reply, doctor, colleague = answered
    services.ask_follow_up(author=patient, reply=reply, body=FOLLOW_UP)
    Reply.objects.filter(pk=reply.pk).update(
        follow_up_held_until=timezone.now() - timedelta(minutes=1)
    )
    services.answer_follow_up(doctor=colleague, reply=reply, body=ANSWER)
    with pytest.raises(services.QuestionError, match="no longer waiting"):
        services.answer_follow_up(doctor=doctor, reply=reply, body="A second answer, too late.")
    reply.refresh_from_db()
    assert reply.follow_up_answer == ANSWER and reply.follow_up_answered_by == colleague


def test_the_rules_of_asking_hold(client, answered, settings):
    question, patient, reply, _doctor, _colleague = answered
    # Too late: more than FOLLOW_UP_DAYS after the reply.
    Reply.objects.filter(pk=reply.pk).update(
        published_at=timezone.now() - timedelta(days=settings.FOLLOW_UP_DAYS + 1)
    )
    late = ask(client, patient, reply)
    assert "within 30 days of a reply" in late.text and FOLLOW_UP in late.text
    Reply.objects.filter(pk=reply.pk).update(published_at=timezone.now())
    # The daily limit counts follow-ups as questions.
    settings.QUESTIONS_PER_DAY = 0
    limited = ask(client, patient, reply)
    assert "You can ask 0 questions in 24 hours." in limited.text
    settings.QUESTIONS_PER_DAY = 3
    # Bad input: next to the field, the text kept.
    short = ask(client, patient, reply, "Why?")
    assert "Write at least 10 characters (it has 4)." in short.text
    # Hidden meanwhile: a clear refusal, the text kept.
    question.is_hidden = True
    question.save()
    hidden = ask(client, patient, reply)
    assert "This reply can no longer take a follow-up." in hidden.text and FOLLOW_UP in hidden.text
    reply.refresh_from_db()
    assert not reply.follow_up_asked_at


def test_a_follow_up_that_reads_as_an_emergency_shows_the_help(client, answered):
    question, patient, reply, _doctor, _colleague = answered
    response = ask(client, patient, reply, "Now I have sudden chest pain and my left arm is numb.")
    assert response.status_code == 200
    assert 'id="emergency-help"' in response.text
    question.refresh_from_db()
    assert question.is_priority


def test_only_the_asker_asks_and_only_the_department_answers(client, answered):
    question, patient, reply, _doctor, _colleague = answered
    url = reverse("questions:follow-up", args=[reply.pk])
    for user in (UserFactory(), reply.doctor.user):
        client.force_login(user)
        assert client.post(url, {"body": FOLLOW_UP}).status_code == 404
    services.ask_follow_up(author=patient, reply=reply, body=FOLLOW_UP)
    client.force_login(DoctorFactory().user)  # another department
    answer = reverse("questions:dashboard-follow-up", args=[reply.pk])
    assert client.post(answer, {"body": ANSWER}).status_code == 404


def test_a_crisis_follow_up_goes_to_the_whole_department_at_once(
    client, answered, mailoutbox, django_capture_on_commit_callbacks
):
    question, patient, reply, doctor, colleague = answered
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, patient, reply, "Now I have sudden chest pain and my left arm is numb.")
    reply.refresh_from_db()
    assert reply.follow_up_held_until <= timezone.now()  # not held: anyone may answer
    told = sorted(message.to[0] for message in mailoutbox)
    assert told == sorted([doctor.user.email, colleague.user.email])
    assert any("follow-up that may describe an emergency" in m.body for m in mailoutbox)


def test_a_follow_up_on_a_reply_whose_doctor_left_is_the_departments_at_once(client, answered):
    question, patient, reply, doctor, colleague = answered
    doctor.user.is_active = False
    doctor.user.save()
    ask(client, patient, reply)
    reply.refresh_from_db()
    assert reply.follow_up_held_until <= timezone.now()
    services.answer_follow_up(doctor=colleague, reply=reply, body=ANSWER)


def test_an_unconfirmed_address_cannot_ask_a_follow_up(client, answered):
    question, patient, reply, _doctor, _colleague = answered
    patient.email_verified_at = None
    patient.save()
    response = ask(client, patient, reply)
    assert response.status_code == 302 and response["Location"] == reverse("questions:ask")
    reply.refresh_from_db()
    assert reply.follow_up_asked_at is None
