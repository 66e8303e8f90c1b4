"""What patients and readers do: ask, edit or withdraw a question before a doctor takes it
up, stop e-mails, report a public Q&A, say a reply answered their question too, and thank
the doctor who answered theirs."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from questions import doctor_emails
from questions.changes import question_changed
from questions.meaning.crisis import examples_like
from questions.models import (
    BannedPhrase,
    CrisisTerm,
    Question,
    QuestionEvent,
    Reply,
    ReplyHelped,
    ReplyThanks,
    Report,
)
from specialists.models import Department, Doctor

from .audit import record
from .errors import DailyLimitReached, QuestionError

DAY = timedelta(hours=24)


def _refuse_past_the_daily_limit(author, now) -> None:
    """Raise DailyLimitReached when the author asked QUESTIONS_PER_DAY questions and
    follow-ups in the last 24 hours (call with the author's row locked)."""
    since = now - DAY
    asked = [
        *Question.objects.filter(author=author, asked_at__gt=since).values_list(
            "asked_at", flat=True
        ),
        *Reply.objects.filter(question__author=author, follow_up_asked_at__gt=since).values_list(
            "follow_up_asked_at", flat=True
        ),
    ]
    if len(asked) >= settings.QUESTIONS_PER_DAY:
        raise DailyLimitReached(retry_at=min(asked) + DAY)


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
    language: str = "",
    now: datetime | None = None,
) -> Asked:
    """A patient asks a question. With a department it waits for that department's doctors
    (open); without one, for staff triage. The same form submitted twice (same token) gives
    back the first question; more than QUESTIONS_PER_DAY in 24 hours raises
    DailyLimitReached. A question that mentions a possible emergency is marked priority."""
    now = now or timezone.now()
    # Before the lock: encoding takes a few milliseconds (a second when first loaded).
    crisis_by_meaning = examples_like(title, body)
    with transaction.atomic():
        # Serialise one author's submissions, so the token and the daily count are exact.
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        existing = Question.objects.filter(author=author, submission_token=submission_token)
        if (question := existing.first()) is not None:
            return Asked(question, created=False, crisis_terms=[])
        _refuse_past_the_daily_limit(author, now)
        crisis_terms = CrisisTerm.objects.found_in(title, body) + crisis_by_meaning
        # Spam or abuse: held for staff in triage, not sent to the doctors' queue.
        banned = BannedPhrase.objects.found_in(title, body, nickname)
        held = ", ".join(banned)[:200]
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
                    status=Question.Status.OPEN
                    if department and not held
                    else Question.Status.TRIAGE,
                    held_reason=held,
                    is_priority=bool(crisis_terms),
                    submission_token=submission_token,
                    language=language,
                    asked_at=now,
                )
        except IntegrityError:
            # The same token won a race on a database that does not lock rows (SQLite).
            question = existing.get()
            return Asked(question, created=False, crisis_terms=[])
        record(question, QuestionEvent.Action.ASKED, author)
        if held:
            record(question, QuestionEvent.Action.HELD, None, held)
        question_changed(question.pk, text=True)
        doctor_emails.tell_department_on_commit(question)
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
    crisis_by_meaning = examples_like(title, body)
    with transaction.atomic():
        locked = _lock_for_author(question, author)
        locked.title, locked.body, locked.nickname = title, body, nickname
        locked.age_range, locked.gender, locked.department = age_range, gender, department
        locked.status = Question.Status.OPEN if department else Question.Status.TRIAGE
        locked.is_priority = (
            locked.is_priority
            or bool(CrisisTerm.objects.found_in(title, body))
            or bool(crisis_by_meaning)
        )
        locked.save()
        record(locked, QuestionEvent.Action.EDITED, author)
        question_changed(locked.pk, text=True)
    return locked


def withdraw_question(*, question: Question, author) -> Question:
    """The author withdraws their question while no doctor has replied to it."""
    with transaction.atomic():
        locked = _lock_for_author(question, author)
        locked.status = Question.Status.WITHDRAWN
        locked.save(update_fields=["status"])
        record(locked, QuestionEvent.Action.WITHDRAWN, author)
        question_changed(locked.pk)
    return locked


def withdraw_waiting_questions(*, author) -> int:
    """The author's account is being deleted: the questions still waiting are withdrawn,
    since nobody would read a reply, each with its line in the audit trail. Returns how
    many."""
    with transaction.atomic():
        waiting = list(
            Question.objects.select_for_update()
            .filter(author=author, status__in=[Question.Status.OPEN, Question.Status.TRIAGE])
            .values_list("pk", flat=True)
        )
        if not waiting:
            return 0
        Question.objects.filter(pk__in=waiting).update(
            status=Question.Status.WITHDRAWN, claimed_by=None, claimed_until=None
        )
        QuestionEvent.objects.bulk_create(
            QuestionEvent(
                question_id=pk,
                action=QuestionEvent.Action.WITHDRAWN,
                actor=author,
                detail="account deleted",
            )
            for pk in waiting
        )
        question_changed(*waiting)
    return len(waiting)


def _lock_for_author(question: Question, author) -> Question:
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.author_id != author.pk:
        raise Question.DoesNotExist
    if not locked.can_be_changed_by_author or locked.replies.exists():
        raise QuestionError(_("A doctor has already taken up this question."))
    return locked


def stop_reply_emails(*, user) -> None:
    """The patient asked for no more e-mails about their questions."""
    get_user_model().objects.filter(pk=user.pk).update(email_on_reply=False)


def report_question(*, question: Question, reason: str, text: str = "", reporter=None) -> Report:
    """A reader reports a public Q&A for staff to review."""
    if not question.is_public:
        raise QuestionError(_("Only a public Q&A can be reported."))
    return Report.objects.create(
        question=question,
        reason=reason,
        text=text.strip(),
        reporter=reporter if reporter is not None and reporter.is_authenticated else None,
    )


def mark_helped(*, reply: Reply, browser: str) -> bool:
    """A reader (logged in or not) says a public reply answered their question too: counted
    once per browser (`browser`: the hash of its token). Returns whether it counted now."""
    with transaction.atomic():
        if not reply.is_published or not reply.question.is_public:
            raise QuestionError(_("Only a published reply of a public Q&A can be marked."))
        _mark, created = ReplyHelped.objects.get_or_create(reply=reply, browser=browser)
        if created:
            Reply.objects.filter(pk=reply.pk).update(helped_count=F("helped_count") + 1)
            question_changed(reply.question_id)  # the page shows the new count
    return created


def thank_doctor(*, reply: Reply, author, note: str) -> ReplyThanks:
    """The patient who asked thanks the doctor for a published reply, with a short note
    only that doctor sees; thanking again replaces the note."""
    with transaction.atomic():
        if not reply.is_published or reply.question.author_id != author.pk:
            raise QuestionError(_("Only the patient who asked can thank the doctor."))
        thanks, _created = ReplyThanks.objects.update_or_create(
            reply=reply, defaults={"note": note.strip()}
        )
    return thanks


def add_information(*, question: Question, author, answer: str) -> Question:
    """The patient answers a doctor's request for more information: the answer is added
    to the question (its text stays as first asked), the question returns to that doctor
    for CLARIFIED_HOLD_HOURS, then to the department, and the doctor is told at once.
    Accepted after the request's time ran out too, while the question still waits. Crisis
    words (or meaning) in the answer mark the question priority, as when asking; the
    returned question's `crisis_terms` say which."""
    answer = answer.strip()
    crisis_terms = CrisisTerm.objects.found_in(answer) + examples_like("", answer)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        now = timezone.now()
        if locked.author_id != author.pk:
            raise QuestionError(_("Only the patient who asked can add information."))
        if locked.status != Question.Status.OPEN:
            raise QuestionError(
                _("The question is no longer waiting for a doctor, so nothing can be added.")
            )
        if not locked.needs_information:
            raise QuestionError(_("No doctor is waiting for more information on this question."))
        entries = [dict(entry) for entry in locked.added_information]
        entries[-1].update(answer=answer, answered_at=now.isoformat())
        locked.added_information = entries
        locked.information_asked_at = None
        doctor_id = entries[-1].get("doctor_id")
        holder = locked.claim_holder(now)
        returned = bool(
            doctor_id
            and (holder is None or holder.pk == doctor_id)
            and Doctor.objects.filter(
                pk=doctor_id, department_id=locked.department_id, user__is_active=True
            ).exists()
        )
        if returned:  # back to the doctor who asked, for a while
            locked.claimed_by_id = doctor_id
            locked.claimed_until = now + timedelta(hours=settings.CLARIFIED_HOLD_HOURS)
        elif holder is None:  # the doctor left or moved: the department's again
            locked.claimed_by, locked.claimed_until = None, None
        # else a colleague holds it now (the request ran out): theirs, with the answer
        locked.is_priority = locked.is_priority or bool(crisis_terms)
        locked.save(
            update_fields=["added_information", "information_asked_at", "claimed_by",
                           "claimed_until", "is_priority"]
        )  # fmt: skip
        locked.crisis_terms = crisis_terms  # for the page after: the emergency help first
        record(locked, QuestionEvent.Action.INFO_ADDED, author)
        question_changed(locked.pk, text=True)
        doctor_emails.tell_doctor_on_commit(locked, doctor_id if returned else None)
    return locked


@dataclass(frozen=True)
class FollowedUp:
    reply: Reply
    crisis_terms: list[str]


def ask_follow_up(*, author, reply: Reply, body: str, now: datetime | None = None) -> FollowedUp:
    """The patient who asked asks one follow-up on a reply, within FOLLOW_UP_DAYS of it.
    It counts towards the daily limit as a question, and crisis words (or meaning) mark the
    question priority as when asking. It is held for the doctor who replied for
    FOLLOW_UP_HOLD_HOURS, who is told at once, then any doctor of the department may
    answer it."""
    now = now or timezone.now()
    body = body.strip()
    crisis_terms = CrisisTerm.objects.found_in(body) + examples_like("", body)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        locked = Reply.objects.select_for_update().select_related("question").get(pk=reply.pk)
        question = locked.question
        if question.author_id != author.pk:
            raise QuestionError(_("Only the patient who asked can ask a follow-up."))
        if not question.is_public or locked.published_at is None:
            raise QuestionError(_("This reply can no longer take a follow-up."))
        if locked.follow_up_asked_at is not None:
            raise QuestionError(_("You have already asked a follow-up on this reply."))
        if now > locked.published_at + timedelta(days=settings.FOLLOW_UP_DAYS):
            raise QuestionError(
                _("Follow-ups can be asked within %(days)s days of a reply: ask a new question.")
                % {"days": settings.FOLLOW_UP_DAYS}
            )
        _refuse_past_the_daily_limit(author, now)
        locked.follow_up, locked.follow_up_asked_at = body, now
        replier_answers = Doctor.objects.filter(
            pk=locked.doctor_id, user__is_active=True, accepting_questions=True,
            department_id=question.department_id,
        ).exists()  # fmt: skip
        # Held for the doctor who replied, unless they left, moved or take no questions:
        # then (and for a crisis) it is the department's at once.
        held = replier_answers and not crisis_terms
        locked.follow_up_held_until = (
            now + timedelta(hours=settings.FOLLOW_UP_HOLD_HOURS) if held else now
        )
        locked.save(update_fields=["follow_up", "follow_up_asked_at", "follow_up_held_until"])
        if crisis_terms and not question.is_priority:
            Question.objects.filter(pk=question.pk).update(is_priority=True)
        record(question, QuestionEvent.Action.FOLLOW_UP, author)
        question_changed(question.pk)
        if crisis_terms:  # every doctor of the department, at once, as for a question
            doctor_emails.tell_department_of_follow_up_on_commit(locked)
        else:
            doctor_emails.tell_doctor_of_follow_up_on_commit(locked)
    return FollowedUp(locked, crisis_terms)
