"""Asking, editing and withdrawing a question, and stopping reply e-mails
(questions.services.asking)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from questions import services
from questions.models import CrisisTerm, Question
from tests.factories import DepartmentFactory, QuestionFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask(author, **overrides):
    values = {
        "author": author,
        "title": "Hands twitch when I fall asleep",
        "body": "After I fall asleep my hands and feet twitch. I do not feel any pain.",
        "nickname": "ALEX",
        "age_range": "20~29",
        "gender": "female",
        "department": None,
        "submission_token": uuid.uuid4(),
    }
    values.update(overrides)
    return services.ask_question(**values)


class TestAsk:
    def test_with_department_waits_for_its_doctors(self):
        """A question with a department is open for that department's doctors."""
        department = DepartmentFactory()
        asked = ask(UserFactory(), department=department)
        assert asked.created
        assert asked.question.status == Question.Status.OPEN
        assert asked.question.department == department
        assert not asked.question.is_priority

    def test_without_department_goes_to_triage(self):
        """ "Not sure" sends the question to staff triage."""
        assert ask(UserFactory()).question.status == Question.Status.TRIAGE

    @pytest.mark.parametrize(
        ("title", "body", "term"),
        [
            ("Sudden chest pain at night", "It hurts when I breathe in.", "chest pain"),
            ("Thinking about things lately", "Sometimes I want to KILL MYSELF.", "kill myself"),
            ("最近心情很差怎麼辦呢", "我有時候想自殺,不知道該怎麼辦才好,很痛苦。", "自殺"),
        ],
    )  # fmt: skip
    def test_crisis_terms_mark_priority(self, title, body, term):
        """Crisis words in English or Chinese, in title or body, mark the question priority."""
        asked = ask(UserFactory(), title=title, body=body)
        assert asked.question.is_priority
        assert term in asked.crisis_terms

    def test_staff_can_extend_the_crisis_list(self):
        """A term staff add is detected from then on."""
        CrisisTerm.objects.create(term="anaphylaxis")
        asked = ask(UserFactory(), body="My son has anaphylaxis after eating peanuts, what now?")
        assert asked.question.is_priority
        CrisisTerm.objects.filter(term="anaphylaxis").update(is_active=False)
        assert not ask(
            UserFactory(), body="My son had anaphylaxis last year, is it ok?"
        ).question.is_priority

    def test_same_form_submitted_twice_creates_one_question(self):
        """A double submit (same token) returns the first question and creates no other."""
        author, token = UserFactory(), uuid.uuid4()
        first = ask(author, submission_token=token)
        second = ask(author, submission_token=token, title="Something else entirely")
        assert not second.created
        assert second.question == first.question
        assert Question.objects.filter(author=author).count() == 1

    def test_daily_limit(self, settings):
        """At most QUESTIONS_PER_DAY questions in 24 hours; the error says when they can ask
        again; a day later they can."""
        settings.QUESTIONS_PER_DAY = 3
        author = UserFactory()
        start = timezone.now()
        for hour in range(3):
            ask(author, now=start + timedelta(hours=hour))
        with pytest.raises(services.DailyLimitReached) as limit:
            ask(author, now=start + timedelta(hours=5))
        assert limit.value.retry_at == start + timedelta(hours=24)
        assert Question.objects.filter(author=author).count() == 3
        assert ask(author, now=start + timedelta(hours=24, seconds=1)).created

    def test_daily_limit_is_per_account(self, settings):
        """One patient's questions do not count against another's."""
        settings.QUESTIONS_PER_DAY = 1
        ask(UserFactory())
        assert ask(UserFactory()).created


class TestEditAndWithdraw:
    def test_edit_while_waiting(self):
        """The author edits a waiting question; choosing no department sends it to triage."""
        question = QuestionFactory(status="open")
        services.edit_question(
            question=question, author=question.author, title="A better title here",
            body=question.body, nickname="New nick", age_range="30~39", gender="male",
            department=None,
        )  # fmt: skip
        question.refresh_from_db()
        assert question.title == "A better title here"
        assert question.nickname == "New nick"
        assert question.status == Question.Status.TRIAGE

    def test_no_edit_or_withdraw_after_a_reply(self):
        """Once a doctor has replied, the author can neither edit nor withdraw."""
        question = QuestionFactory(status="open")
        ReplyFactory(question=question)
        with pytest.raises(services.QuestionError):
            services.withdraw_question(question=question, author=question.author)
        question.refresh_from_db()
        assert question.status == Question.Status.OPEN

    def test_withdraw(self):
        question = QuestionFactory(status="triage")
        services.withdraw_question(question=question, author=question.author)
        question.refresh_from_db()
        assert question.status == Question.Status.WITHDRAWN

    def test_only_the_author(self):
        """Another patient cannot withdraw someone else's question."""
        question = QuestionFactory(status="open")
        with pytest.raises(Question.DoesNotExist):
            services.withdraw_question(question=question, author=UserFactory())


def test_stop_reply_emails():
    user = UserFactory()
    services.stop_reply_emails(user=user)
    user.refresh_from_db()
    assert not user.email_on_reply
