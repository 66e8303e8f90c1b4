"""E-mails to doctors (questions.doctor_emails): a priority question at once to its
department's doctors, the rest in digests each doctor chooses, nothing sent twice, and a
one-click way out of each kind."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from questions import doctor_emails, services
from questions.models import DoctorNotice
from specialists.models import Digest
from tests.factories import DepartmentFactory, DoctorFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cardiology():
    return DepartmentFactory(name="Cardiology")


def ask(department, title="Chest pain when I climb the stairs", **fields):
    patient = UserFactory()
    return services.ask_question(
        author=patient, title=title, nickname="Lin", age_range="40~49", gender="female",
        department=department, submission_token=uuid.uuid4(),
        body=fields.pop("body", "I get chest pain and my left arm goes numb when I walk."),
    ).question  # fmt: skip


def test_a_priority_question_emails_every_doctor_of_its_department_at_once(
    cardiology, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = DoctorFactory(department=cardiology), DoctorFactory(department=cardiology)
    DoctorFactory(department=cardiology, accepting_questions=False)
    DoctorFactory(department=cardiology, email_priority=False)
    DoctorFactory()  # another department
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(cardiology)
    assert question.is_priority
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [first.user.email, second.user.email]
    )
    message = mailoutbox[0]
    assert "A priority question waits in Cardiology" in message.subject
    assert "Chest pain when I climb the stairs" in message.body
    assert question.body not in message.body  # never the patient's text
    assert reverse("questions:dashboard-question", args=[question.pk]) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The task run again (a retry) tells nobody twice.
    assert doctor_emails.send_priority_emails.call(question_id=question.pk) == 0
    assert len(mailoutbox) == 2


def test_a_question_that_is_not_priority_waits_for_the_digest(
    cardiology, mailoutbox, django_capture_on_commit_callbacks
):
    DoctorFactory(department=cardiology)
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(cardiology, title="Mild palpitations after coffee", body="x" * 40)
    assert not question.is_priority
    assert mailoutbox == []


def test_a_priority_question_assigned_in_triage_or_referred_tells_the_department(
    cardiology, mailoutbox, django_capture_on_commit_callbacks, django_user_model
):
    neurology = DepartmentFactory(name="Neurology")
    cardiologist = DoctorFactory(department=cardiology)
    neurologist = DoctorFactory(department=neurology)
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(None)
    assert mailoutbox == []  # triage has no doctors
    staff = django_user_model.objects.create_superuser("boss@example.org", "pw-123456789012")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_department(question=question, department=cardiology, actor=staff)
    assert [message.to[0] for message in mailoutbox] == [cardiologist.user.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.refer_question(
            doctor=cardiologist, question=question, department=neurology, note="A nerve?"
        )
    assert [message.to[0] for message in mailoutbox[1:]] == [neurologist.user.email]


def test_digests_list_what_waits_oldest_first_and_never_twice(cardiology, mailoutbox):
    doctor = DoctorFactory(department=cardiology, email_digest=Digest.HOURLY)
    DoctorFactory(department=cardiology, email_digest=Digest.NONE)
    now = timezone.now()
    older = QuestionFactory(department=cardiology, title="Swollen ankles in the evening",
                            asked_at=now - timedelta(days=2))  # fmt: skip
    newer = QuestionFactory(department=cardiology, title="Racing heart at night",
                            asked_at=now - timedelta(hours=3))  # fmt: skip
    QuestionFactory(title="A question of another department")
    assert doctor_emails.send_digests(now=now) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [doctor.user.email]
    assert "2 new questions wait in Cardiology" in message.subject
    body = message.body
    assert body.index(older.title) < body.index(newer.title)
    assert "another department" not in body and older.body not in body
    # Run again at once, or within the hour: nothing new, nothing sent.
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert doctor_emails.send_digests(now=now + timedelta(minutes=30)) == 0
    # An hour later with a new question: one digest, listing all three, one marked new.
    QuestionFactory(department=cardiology, title="Short of breath lying flat")
    assert doctor_emails.send_digests(now=now + timedelta(minutes=58)) == 1
    body = mailoutbox[1].body
    assert "1 new question waits in Cardiology" in mailoutbox[1].subject
    assert "[new] Short of breath lying flat" in body
    assert "[new] Racing heart at night" not in body and "Racing heart at night" in body
    # An hour on with nothing new: nothing sent.
    assert doctor_emails.send_digests(now=now + timedelta(hours=3)) == 0
    assert DoctorNotice.objects.filter(doctor=doctor, kind="digest").count() == 3


def test_a_daily_digest_waits_a_day_and_skips_what_the_priority_email_told(
    cardiology, mailoutbox, django_capture_on_commit_callbacks
):
    doctor = DoctorFactory(department=cardiology)  # daily, and priority e-mails: the defaults
    with django_capture_on_commit_callbacks(execute=True):
        ask(cardiology)  # priority: e-mailed at once
    assert len(mailoutbox) == 1
    now = timezone.now()
    assert doctor_emails.send_digests(now=now) == 0  # nothing new to this doctor
    QuestionFactory(department=cardiology, title="Ankles swell after long flights")
    assert doctor_emails.send_digests(now=now) == 1
    assert doctor_emails.send_digests(now=now + timedelta(hours=12)) == 0
    QuestionFactory(department=cardiology, title="Cold hands and feet in winter")
    assert doctor_emails.send_digests(now=now + timedelta(hours=12)) == 0
    assert doctor_emails.send_digests(now=now + timedelta(hours=24)) == 1
    assert all(message.to == [doctor.user.email] for message in mailoutbox)


def test_one_click_stops_one_kind_of_email(client, cardiology):
    doctor = DoctorFactory(department=cardiology)
    for kind, field, stopped in (
        ("priority", "email_priority", False),
        ("digest", "email_digest", Digest.NONE),
    ):
        url = reverse(
            "questions:doctor-unsubscribe",
            kwargs={"token": doctor_emails.unsubscribe_token(doctor, kind)},
        )
        assert client.get(url).status_code == 200  # a confirmation; nothing changes
        doctor.refresh_from_db()
        assert getattr(doctor, field) != stopped
        assert client.post(url).status_code == 200
        doctor.refresh_from_db()
        assert getattr(doctor, field) == stopped
    forged = reverse("questions:doctor-unsubscribe", kwargs={"token": "forged"})
    assert client.get(forged).status_code == 404


def test_the_settings_page_chooses_what_is_emailed(client, cardiology):
    doctor = DoctorFactory(department=cardiology)
    client.force_login(doctor.user)
    url = reverse("questions:dashboard-settings")
    text = client.get(url).content.decode()
    assert 'aria-current="page">E-mail settings</a>' in text
    assert "Every hour" in text or "every hour" in text
    response = client.post(url, {"email_digest": "hourly"})  # priority box left unticked
    assert response.status_code == 302
    doctor.refresh_from_db()
    assert (doctor.email_priority, doctor.email_digest) == (False, Digest.HOURLY)
    response = client.post(url, {"email_digest": "weekly", "email_priority": "on"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    doctor.refresh_from_db()
    assert (doctor.email_priority, doctor.email_digest) == (False, Digest.HOURLY)


def test_one_click_works_for_mail_clients_that_post_without_a_cookie(cardiology):
    """RFC 8058: the mail client POSTs to the link itself, with no CSRF cookie."""
    from django.test import Client

    doctor = DoctorFactory(department=cardiology)
    url = reverse(
        "questions:doctor-unsubscribe",
        kwargs={"token": doctor_emails.unsubscribe_token(doctor, "conversation")},
    )
    client = Client(enforce_csrf_checks=True)
    assert "when a patient answers you" in client.get(url).content.decode()
    assert client.post(url).status_code == 200
    doctor.refresh_from_db()
    assert doctor.email_conversation is False


def test_a_refused_address_does_not_keep_the_others_from_being_told(
    cardiology, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    first = DoctorFactory(department=cardiology, name="Aaron First")
    second = DoctorFactory(department=cardiology, name="Zoe Second")
    original = doctor_emails._send

    def refusing(doctor, *args, **kwargs):
        if doctor.pk == first.pk:
            raise OSError("550 mailbox unavailable")
        return original(doctor, *args, **kwargs)

    monkeypatch.setattr(doctor_emails, "_send", refusing)
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(cardiology)
    assert [message.to for message in mailoutbox] == [[second.user.email]]
    # The refused one is not recorded as told: a later run tries again.
    assert not DoctorNotice.objects.filter(doctor=first, question=question).exists()
    monkeypatch.setattr(doctor_emails, "_send", original)
    assert doctor_emails.send_priority_emails.call(question_id=question.pk) == 1
    assert doctor_emails.send_digests() == 0  # nothing new to either doctor
    assert DoctorNotice.objects.filter(doctor=first, question=question).exists()


def test_a_digest_before_the_priority_email_does_not_stop_it(
    cardiology, mailoutbox, django_capture_on_commit_callbacks
):
    """A doctor told of the question by a digest (the task queue behind) and of another
    priority question before still gets this one's priority e-mail."""
    doctor = DoctorFactory(department=cardiology)
    with django_capture_on_commit_callbacks(execute=True):
        ask(cardiology, title="Chest pain on the stairs, first question")
    question = ask(cardiology)  # its priority task not run yet
    DoctorNotice.objects.create(doctor=doctor, question=question, kind="digest")
    assert doctor_emails.send_priority_emails.call(question_id=question.pk) == 1


def test_new_questions_lead_a_long_digest(cardiology, mailoutbox, monkeypatch):
    monkeypatch.setattr(doctor_emails, "DIGEST_ROWS", 2)
    DoctorFactory(department=cardiology, email_digest=Digest.HOURLY)
    now = timezone.now()
    for days in (5, 4, 3):
        QuestionFactory(department=cardiology, title=f"Old question {days}",
                        asked_at=now - timedelta(days=days))  # fmt: skip
    assert doctor_emails.send_digests(now=now) == 1
    QuestionFactory(department=cardiology, title="A brand new question")
    assert doctor_emails.send_digests(now=now + timedelta(hours=1)) == 1
    body = mailoutbox[-1].body
    assert "[new] A brand new question" in body and "and 2 more in the queue." in body
