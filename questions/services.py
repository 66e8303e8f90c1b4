"""State changes of questions and replies. Each is one transaction; e-mails are sent after
it commits, through Django's tasks framework."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from specialists.models import Department, Doctor

from . import notifications
from .models import CrisisTerm, Question, Reply

DAY = timedelta(hours=24)


class QuestionError(Exception):
    """A state change that is not allowed now; the message says why, for the person."""


class DailyLimitReached(QuestionError):
    def __init__(self, retry_at: datetime):
        self.retry_at = retry_at
        super().__init__(f"daily question limit reached until {retry_at.isoformat()}")


@dataclass(frozen=True)
class Asked:
    question: Question
    created: bool
    crisis_terms: list[str]


def ask_question(
    *,
    author,
    title: str,
    body: str,
    nickname: str,
    age_range: str,
    gender: str,
    department: Department | None,
    submission_token: uuid.UUID,
    now: datetime | None = None,
) -> Asked:
    """A patient asks a question. With a department it waits for that department's doctors
    (open); without one, for staff triage. The same form submitted twice (same token) gives
    back the first question; more than QUESTIONS_PER_DAY in 24 hours raises
    DailyLimitReached. A question that mentions a possible emergency is marked priority."""
    now = now or timezone.now()
    with transaction.atomic():
        # Serialise one author's submissions, so the token and the daily count are exact.
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        existing = Question.objects.filter(author=author, submission_token=submission_token)
        if (question := existing.first()) is not None:
            return Asked(question, created=False, crisis_terms=[])
        recent = Question.objects.filter(author=author, asked_at__gt=now - DAY)
        if recent.count() >= settings.QUESTIONS_PER_DAY:
            oldest = recent.order_by("asked_at").values_list("asked_at", flat=True).first()
            raise DailyLimitReached(retry_at=oldest + DAY)
        crisis_terms = CrisisTerm.objects.found_in(title, body)
        try:
            with transaction.atomic():
                question = Question.objects.create(
                    author=author,
                    title=title,
                    body=body,
                    nickname=nickname,
                    age_range=age_range,
                    gender=gender,
                    department=department,
                    status=Question.Status.OPEN if department else Question.Status.TRIAGE,
                    is_priority=bool(crisis_terms),
                    submission_token=submission_token,
                    asked_at=now,
                )
        except IntegrityError:
            # The same token won a race on a database that does not lock rows (SQLite).
            question = existing.get()
            return Asked(question, created=False, crisis_terms=[])
    return Asked(question, created=True, crisis_terms=crisis_terms)


def edit_question(
    *,
    question: Question,
    author,
    title: str,
    body: str,
    nickname: str,
    age_range: str,
    gender: str,
    department: Department | None,
) -> Question:
    """The author changes their question while no doctor has replied to it. Moving it to a
    department sends it to that department's doctors; to none, back to staff triage."""
    with transaction.atomic():
        locked = _lock_for_author(question, author)
        locked.title, locked.body, locked.nickname = title, body, nickname
        locked.age_range, locked.gender, locked.department = age_range, gender, department
        locked.status = Question.Status.OPEN if department else Question.Status.TRIAGE
        locked.is_priority = locked.is_priority or bool(CrisisTerm.objects.found_in(title, body))
        locked.save()
    return locked


def withdraw_question(*, question: Question, author) -> Question:
    """The author withdraws their question while no doctor has replied to it."""
    with transaction.atomic():
        locked = _lock_for_author(question, author)
        locked.status = Question.Status.WITHDRAWN
        locked.save(update_fields=["status"])
    return locked


def _lock_for_author(question: Question, author) -> Question:
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.author_id != author.pk:
        raise Question.DoesNotExist
    if not locked.can_be_changed_by_author or locked.replies.exists():
        raise QuestionError(_("A doctor has already taken up this question."))
    return locked


def publish_reply(*, doctor: Doctor, question: Question, body: str) -> Reply:
    """A doctor publishes a reply. The first reply makes the question answered and public,
    and the patient is told by e-mail."""
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status not in (Question.Status.OPEN, Question.Status.ANSWERED):
            raise QuestionError(_("Only an open or answered question can get a reply."))
        if locked.replies.filter(doctor=doctor).exists():
            raise QuestionError(_("You have already replied to this question."))
        now = timezone.now()
        reply = Reply.objects.create(question=locked, doctor=doctor, body=body, published_at=now)
        if locked.status == Question.Status.OPEN:
            locked.status = Question.Status.ANSWERED
            locked.answered_at = now
            locked.save(update_fields=["status", "answered_at"])
        transaction.on_commit(
            lambda: notifications.send_question_email.enqueue(
                question_id=locked.pk, kind=notifications.REPLIED
            )
        )
    return reply


def decline_question(*, question: Question, reason: str) -> Question:
    """A doctor or staff member declines a question that is not suitable, with a reason the
    patient sees; the patient is told by e-mail."""
    reason = reason.strip()
    if not reason:
        raise QuestionError(_("Give the patient a reason."))
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status not in (Question.Status.OPEN, Question.Status.TRIAGE):
            raise QuestionError(_("Only a question waiting for a reply can be declined."))
        locked.status = Question.Status.DECLINED
        locked.decline_reason = reason
        locked.save(update_fields=["status", "decline_reason"])
        transaction.on_commit(
            lambda: notifications.send_question_email.enqueue(
                question_id=locked.pk, kind=notifications.DECLINED
            )
        )
    return locked


def stop_reply_emails(*, user) -> None:
    """The patient asked for no more e-mails about their questions."""
    get_user_model().objects.filter(pk=user.pk).update(email_on_reply=False)
