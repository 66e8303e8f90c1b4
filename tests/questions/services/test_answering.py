"""Claims, drafts, publishing, editing, referring, declining and agreeing, through the
service functions the dashboard calls."""

import email.policy
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from questions import services
from questions.models import Question, Referral, Reply, ReplyAgreement
from tests.factories import (
    DepartmentFactory,
    DoctorFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return QuestionFactory(status="open")


@pytest.fixture
def doctor(question):
    return DoctorFactory(department=question.department)


@pytest.fixture
def colleague(question):
    return DoctorFactory(department=question.department)


class TestClaims:
    def test_claim_reserves_for_claim_minutes(self, question, doctor, settings):
        settings.CLAIM_MINUTES = 30
        now = timezone.now()
        services.claim_question(doctor=doctor, question=question, now=now)
        question.refresh_from_db()
        assert question.claimed_by == doctor
        assert question.claimed_until == now + timedelta(minutes=30)
        assert question.claim_holder(now) == doctor

    def test_second_doctor_sees_who_holds_it(self, question, doctor, colleague):
        services.claim_question(doctor=doctor, question=question)
        with pytest.raises(services.ClaimedByAnother) as error:
            services.claim_question(doctor=colleague, question=question)
        assert error.value.doctor == doctor
        assert doctor.name in str(error.value)

    def test_expired_claim_is_free_again(self, question, doctor, colleague, settings):
        long_ago = timezone.now() - timedelta(minutes=settings.CLAIM_MINUTES + 1)
        services.claim_question(doctor=doctor, question=question, now=long_ago)
        services.claim_question(doctor=colleague, question=question)
        question.refresh_from_db()
        assert question.claimed_by == colleague

    def test_release(self, question, doctor, colleague):
        services.claim_question(doctor=doctor, question=question)
        services.release_claim(doctor=colleague, question=question)  # not theirs: no effect
        question.refresh_from_db()
        assert question.claimed_by == doctor
        services.release_claim(doctor=doctor, question=question)
        services.claim_question(doctor=colleague, question=question)

    def test_claim_blocks_patient_edits(self, question, doctor):
        """Once claimed, the patient can no longer edit or withdraw."""
        services.claim_question(doctor=doctor, question=question)
        question.refresh_from_db()
        assert not question.can_be_changed_by_author
        with pytest.raises(services.QuestionError):
            services.withdraw_question(question=question, author=question.author)

    def test_other_department_cannot_claim(self, question):
        with pytest.raises(services.QuestionError):
            services.claim_question(doctor=DoctorFactory(), question=question)

    def test_inactive_doctor_cannot_claim(self, question, doctor):
        doctor.user.is_active = False
        doctor.user.save()
        with pytest.raises(services.QuestionError):
            services.claim_question(doctor=doctor, question=question)


class TestReplying:
    def test_draft_then_publish(
        self, question, doctor, mailoutbox, django_capture_on_commit_callbacks
    ):
        """A draft stays private; publishing makes the question answered and public, frees
        the claim and e-mails the patient."""
        services.claim_question(doctor=doctor, question=question)
        draft = services.save_draft(doctor=doctor, question=question, body="First thoughts here.")
        assert not draft.is_published
        assert not Question.objects.public().exists()
        assert not question.replies.published().exists()
        with django_capture_on_commit_callbacks(execute=True):
            reply = services.publish_reply(doctor=doctor, question=question, body="Final text.")
        assert reply.pk == draft.pk and reply.is_published
        question.refresh_from_db()
        assert question.status == Question.Status.ANSWERED
        assert question.answered_at == reply.published_at
        assert question.claimed_by is None
        assert len(mailoutbox) == 1

    def test_cannot_publish_while_another_holds_the_claim(self, question, doctor, colleague):
        services.claim_question(doctor=doctor, question=question)
        with pytest.raises(services.ClaimedByAnother):
            services.publish_reply(doctor=colleague, question=question, body="Mine first!")
        with pytest.raises(services.ClaimedByAnother):
            services.save_draft(doctor=colleague, question=question, body="Draft")
        assert not Reply.objects.exists()

    def test_publish_after_claim_expired(self, question, doctor, colleague, settings):
        long_ago = timezone.now() - timedelta(minutes=settings.CLAIM_MINUTES + 1)
        services.claim_question(doctor=doctor, question=question, now=long_ago)
        services.publish_reply(doctor=colleague, question=question, body="Here is my answer.")
        assert question.replies.get().doctor == colleague

    def test_second_opinion_from_any_department(self):
        """An answered question can get one more reply from each other doctor."""
        reply = ReplyFactory()
        other = DoctorFactory()
        services.publish_reply(doctor=other, question=reply.question, body="I would add this.")
        assert reply.question.replies.published().count() == 2
        with pytest.raises(services.QuestionError):
            services.publish_reply(doctor=other, question=reply.question, body="Again")

    def test_edit_own_reply_only(self):
        """A doctor edits their own published reply, which records when; never another's."""
        reply = ReplyFactory()
        edited = services.edit_reply(doctor=reply.doctor, reply=reply, body="Corrected text.")
        assert edited.body == "Corrected text." and edited.edited_at is not None
        with pytest.raises(Reply.DoesNotExist):
            services.edit_reply(doctor=DoctorFactory(), reply=reply, body="Hijack")
        reply.refresh_from_db()
        assert reply.body == "Corrected text."


class TestReferAndDecline:
    def test_refer_moves_question_with_a_note(self, question, doctor):
        psychiatry = DoctorFactory(department=DepartmentFactory(name="Psychiatry")).department
        services.claim_question(doctor=doctor, question=question)
        services.refer_question(
            doctor=doctor, question=question, department=psychiatry, note="Sounds like anxiety."
        )
        question.refresh_from_db()
        assert question.department == psychiatry
        assert question.status == Question.Status.OPEN
        assert question.claimed_by is None
        referral = Referral.objects.get()
        assert referral.to_department == psychiatry
        assert referral.note == "Sounds like anxiety."

    def test_refer_only_to_a_department_with_a_doctor_accepting_questions(self, question, doctor):
        """The rule the referral form offers is the service's own: a question sent where no
        doctor accepts questions would wait for nobody."""
        paused = DoctorFactory(accepting_questions=False).department
        with pytest.raises(services.QuestionError, match="accepting questions"):
            services.refer_question(doctor=doctor, question=question, department=paused, note="")
        question.refresh_from_db()
        assert question.department == doctor.department
        assert not Referral.objects.exists()

    def test_refer_only_own_department(self, question):
        with pytest.raises(services.QuestionError):
            services.refer_question(
                doctor=DoctorFactory(), question=question, department=DepartmentFactory(), note=""
            )

    def test_decline_by_doctor_of_department(
        self, question, doctor, mailoutbox, django_capture_on_commit_callbacks
    ):
        with pytest.raises(services.QuestionError):
            services.decline_question(question=question, reason="No", doctor=DoctorFactory())
        with django_capture_on_commit_callbacks(execute=True):
            services.decline_question(question=question, reason="Call 119.", doctor=doctor)
        question.refresh_from_db()
        assert question.status == Question.Status.DECLINED
        assert "Call 119." in mailoutbox[0].body


class TestAgree:
    def test_agree_toggles_and_not_on_own_reply(self):
        reply = ReplyFactory()
        other = DoctorFactory()
        assert services.agree_with_reply(doctor=other, reply=reply) is True
        assert ReplyAgreement.objects.count() == 1
        assert services.agree_with_reply(doctor=other, reply=reply) is False
        assert ReplyAgreement.objects.count() == 0
        with pytest.raises(services.QuestionError):
            services.agree_with_reply(doctor=reply.doctor, reply=reply)

    def test_agree_count_on_public_page(self, client):
        reply = ReplyFactory()
        for _ in range(2):
            services.agree_with_reply(doctor=DoctorFactory(), reply=reply)
        page = client.get(reply.question.get_absolute_url()).content.decode()
        assert "2 doctors agree" in page


class TestReplyAndDecline:
    def test_publish_reply_makes_question_public_and_emails_patient(
        self, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        """The first reply answers the question, dates it, and e-mails the patient a link
        and a one-click unsubscribe, without the question's body."""
        settings.BASE_URL = "https://qa.example.org"
        question = QuestionFactory(status="open", body="Private details of my symptoms here.")
        doctor = DoctorFactory(department=question.department)
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_reply(doctor=doctor, question=question, body="Rest well.")
        question.refresh_from_db()
        assert question.status == Question.Status.ANSWERED
        assert question.answered_at is not None
        assert len(mailoutbox) == 1
        mail = mailoutbox[0]
        assert mail.to == [question.author.email]
        assert f"https://qa.example.org{question.get_absolute_url()}" in mail.body
        assert "Private details" not in mail.body
        assert mail.extra_headers["List-Unsubscribe"].startswith("<https://qa.example.org/my/")
        assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # As sent over SMTP, the header is one line with the plain URL, not encoded words.
        raw = mail.message(policy=email.policy.SMTP).as_string()
        assert "List-Unsubscribe: <https://qa.example.org/my/unsubscribe/" in raw

    def test_second_opinion_keeps_first_answer_date(self, django_capture_on_commit_callbacks):
        """A second doctor's reply keeps the question answered at its first date."""
        question = QuestionFactory(status="open")
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_reply(
                doctor=DoctorFactory(department=question.department), question=question, body="A"
            )
        question.refresh_from_db()
        answered_at = question.answered_at
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_reply(doctor=DoctorFactory(), question=question, body="B")
        question.refresh_from_db()
        assert question.answered_at == answered_at
        assert question.replies.count() == 2

    def test_one_reply_per_doctor(self):
        reply = ReplyFactory(question=QuestionFactory(status="open"))
        with pytest.raises(services.QuestionError):
            services.publish_reply(doctor=reply.doctor, question=reply.question, body="again")

    def test_no_reply_to_withdrawn_question(self):
        question = QuestionFactory(status="withdrawn")
        with pytest.raises(services.QuestionError):
            services.publish_reply(doctor=DoctorFactory(), question=question, body="x")

    def test_decline_with_reason_emails_patient(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        """Declining needs a reason; the patient is e-mailed with it."""
        question = QuestionFactory(status="open")
        with pytest.raises(services.QuestionError):
            services.decline_question(question=question, reason="   ")
        with django_capture_on_commit_callbacks(execute=True):
            services.decline_question(question=question, reason="Please see a doctor today.")
        question.refresh_from_db()
        assert question.status == Question.Status.DECLINED
        assert question.decline_reason == "Please see a doctor today."
        assert len(mailoutbox) == 1
        assert "Please see a doctor today." in mailoutbox[0].body

    def test_no_email_when_patient_opted_out_or_left(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        """No e-mail to a patient who stopped them, nor for a question whose author is gone."""
        opted_out = QuestionFactory(status="open", author=UserFactory(email_on_reply=False))
        gone = QuestionFactory(status="open")
        gone.author.delete()
        gone.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.decline_question(question=opted_out, reason="Not medical.")
            services.decline_question(question=gone, reason="Not medical.")
        assert mailoutbox == []


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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_doctors_claiming_at_once_exactly_one_wins():
    """Two doctors on two real database connections claim the same question at the same
    moment: exactly one claim succeeds."""
    question = QuestionFactory(status="open")
    doctors = [DoctorFactory(department=question.department) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def claim(doctor):
        try:
            barrier.wait()
            services.claim_question(doctor=doctor, question=question)
            outcomes.append(doctor.pk)
        except services.ClaimedByAnother:
            outcomes.append(None)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(doctor,)) for doctor in doctors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [pk for pk in outcomes if pk is not None]
    assert len(winners) == 1
    question.refresh_from_db()
    assert question.claimed_by_id == winners[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_doctors_publishing_at_once_give_one_first_answer():
    """Two doctors publishing on an unclaimed question at the same moment: the question is
    answered once, with one answered date, and both replies exist (second opinion)."""
    question = QuestionFactory(status="open")
    doctors = [DoctorFactory(department=question.department) for _ in range(2)]
    barrier = threading.Barrier(2)

    def publish(doctor):
        try:
            barrier.wait()
            services.publish_reply(doctor=doctor, question=question, body="Answer text.")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(doctor,)) for doctor in doctors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    question.refresh_from_db()
    replies = list(question.replies.published().order_by("published_at"))
    assert len(replies) == 2
    assert question.answered_at == replies[0].published_at
