"""State changes of questions and replies. Each is one transaction; e-mails are sent after
it commits, through Django's tasks framework."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from specialists.models import Department, Doctor

from . import notifications, pagecache, search
from .models import (
    CrisisTerm,
    FAQTopic,
    Question,
    QuestionEvent,
    Referral,
    Reply,
    ReplyAgreement,
    Report,
    TaggedQuestion,
    TopicRedirect,
)

DAY = timedelta(hours=24)


def _record(question: Question, action: str, actor=None, detail: str = "") -> None:
    """Add a line to the question's audit trail. Never the question's or reply's text."""
    QuestionEvent.objects.create(question=question, action=action, actor=actor, detail=detail[:200])


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
    language: str = "",
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
                    language=language,
                    asked_at=now,
                )
        except IntegrityError:
            # The same token won a race on a database that does not lock rows (SQLite).
            question = existing.get()
            return Asked(question, created=False, crisis_terms=[])
        _record(question, QuestionEvent.Action.ASKED, author)
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
        _record(locked, QuestionEvent.Action.EDITED, author)
    return locked


def withdraw_question(*, question: Question, author) -> Question:
    """The author withdraws their question while no doctor has replied to it."""
    with transaction.atomic():
        locked = _lock_for_author(question, author)
        locked.status = Question.Status.WITHDRAWN
        locked.save(update_fields=["status"])
        _record(locked, QuestionEvent.Action.WITHDRAWN, author)
    return locked


def _lock_for_author(question: Question, author) -> Question:
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.author_id != author.pk:
        raise Question.DoesNotExist
    if not locked.can_be_changed_by_author or locked.replies.exists():
        raise QuestionError(_("A doctor has already taken up this question."))
    return locked


class ClaimedByAnother(QuestionError):
    def __init__(self, doctor: Doctor):
        self.doctor = doctor
        super().__init__(_("Dr. %(name)s is working on this question.") % {"name": doctor.name})


def _check_doctor_may_answer(doctor: Doctor, question: Question) -> None:
    """Open questions are for their department's doctors; an answered question may get a
    second opinion from any doctor."""
    if not doctor.user.is_active:
        raise QuestionError(_("Your doctor account is not active."))
    if question.status == Question.Status.OPEN:
        if question.department_id != doctor.department_id:
            raise QuestionError(_("This question is for another department."))
    elif question.status != Question.Status.ANSWERED:
        raise QuestionError(_("Only an open or answered question can get a reply."))


def claim_question(*, doctor: Doctor, question: Question, now: datetime | None = None) -> None:
    """A doctor takes an open question of their department for CLAIM_MINUTES, so that no
    other doctor publishes a reply meanwhile. Decided by one conditional UPDATE: of two
    doctors claiming at once, exactly one wins; the other gets ClaimedByAnother."""
    now = now or timezone.now()
    _check_doctor_may_answer(doctor, question)
    if question.status != Question.Status.OPEN:
        return  # answered questions take second opinions without a claim
    free_or_mine = Q(claimed_by__isnull=True) | Q(claimed_until__lte=now) | Q(claimed_by=doctor)
    won = (
        Question.objects.filter(
            pk=question.pk, status=Question.Status.OPEN, department_id=doctor.department_id
        )
        .filter(free_or_mine)
        .update(
            claimed_by=doctor,
            claimed_until=now + timedelta(minutes=settings.CLAIM_MINUTES),
        )
    )
    if not won:
        holder = Question.objects.select_related("claimed_by").get(pk=question.pk).claimed_by
        if holder is None:
            raise QuestionError(_("This question is no longer waiting for a reply."))
        raise ClaimedByAnother(holder)


def release_claim(*, doctor: Doctor, question: Question) -> None:
    """The doctor gives the question back to the queue."""
    Question.objects.filter(pk=question.pk, claimed_by=doctor).update(
        claimed_by=None, claimed_until=None
    )


def _lock_for_reply(doctor: Doctor, question: Question) -> tuple[Question, datetime]:
    """Lock the question for a doctor's reply; return it with the time, read once the lock
    is held so that replies are dated in the order they were written."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    now = timezone.now()
    _check_doctor_may_answer(doctor, locked)
    holder = locked.claim_holder(now)
    if locked.status == Question.Status.OPEN and holder is not None and holder.pk != doctor.pk:
        raise ClaimedByAnother(holder)
    return locked, now


def save_draft(*, doctor: Doctor, question: Question, body: str) -> Reply:
    """Keep the doctor's unpublished reply; it is seen by nobody else."""
    with transaction.atomic():
        locked, _now = _lock_for_reply(doctor, question)
        reply, created = Reply.objects.get_or_create(
            question=locked, doctor=doctor, defaults={"body": body}
        )
        if not created:
            if reply.is_published:
                raise QuestionError(_("You have already replied to this question."))
            reply.body = body
            reply.save(update_fields=["body"])
    return reply


def publish_reply(*, doctor: Doctor, question: Question, body: str) -> Reply:
    """A doctor publishes a reply. On an open question it needs the doctor's claim (or no
    claim at all); the first reply makes the question answered and public, and the patient
    is told by e-mail."""
    with transaction.atomic():
        locked, now = _lock_for_reply(doctor, question)
        reply = Reply.objects.filter(question=locked, doctor=doctor).first()
        if reply is not None and reply.is_published:
            raise QuestionError(_("You have already replied to this question."))
        if reply is None:
            reply = Reply(question=locked, doctor=doctor)
        reply.body = body
        reply.published_at = now
        reply.save()
        first_reply = locked.status == Question.Status.OPEN
        if first_reply:
            locked.status = Question.Status.ANSWERED
            locked.answered_at = now
        locked.claimed_by, locked.claimed_until = None, None
        locked.save(update_fields=["status", "answered_at", "claimed_by", "claimed_until"])
        _record(locked, QuestionEvent.Action.PUBLISHED, doctor.user, f"Dr. {doctor.name}")
        search.refresh_search_vectors(ids=[locked.pk])
        # A newly public question also appears in other pages' lists.
        transaction.on_commit(
            pagecache.retire_all if first_reply else lambda: pagecache.forget_question(locked.pk)
        )
        transaction.on_commit(
            lambda: notifications.send_question_email.enqueue(
                question_id=locked.pk, kind=notifications.REPLIED
            )
        )
    return reply


def edit_reply(*, doctor: Doctor, reply: Reply, body: str) -> Reply:
    """A doctor corrects their own published reply; the page then shows when."""
    with transaction.atomic():
        locked = Reply.objects.select_for_update().get(pk=reply.pk)
        if locked.doctor_id != doctor.pk:
            raise Reply.DoesNotExist
        if not locked.is_published:
            raise QuestionError(_("Publish the reply before editing it."))
        locked.body = body
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body", "edited_at"])
        _record(
            locked.question, QuestionEvent.Action.REPLY_EDITED, doctor.user, f"Dr. {doctor.name}"
        )
        search.refresh_search_vectors(ids=[locked.question_id])
        transaction.on_commit(lambda: pagecache.forget_question(locked.question_id))
    return locked


def refer_question(
    *, doctor: Doctor, question: Question, department: Department, note: str
) -> Question:
    """Send an open question to another department, with a note for its doctors."""
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status != Question.Status.OPEN or locked.department_id != doctor.department_id:
            raise QuestionError(_("Only an open question of your department can be referred."))
        if department.pk == locked.department_id:
            raise QuestionError(_("Choose another department."))
        holder = locked.claim_holder()
        if holder is not None and holder.pk != doctor.pk:
            raise ClaimedByAnother(holder)
        referral = Referral.objects.create(
            question=locked,
            doctor=doctor,
            from_department_id=locked.department_id,
            to_department=department,
            note=note.strip(),
        )
        _record(
            locked,
            QuestionEvent.Action.REFERRED,
            doctor.user,
            f"{referral.from_department} → {department}",
        )
        locked.department = department
        locked.claimed_by, locked.claimed_until = None, None
        locked.save(update_fields=["department", "claimed_by", "claimed_until"])
    return locked


def agree_with_reply(*, doctor: Doctor, reply: Reply) -> bool:
    """Another doctor marks "I agree" on a published reply; a second click takes it back.
    Returns whether the doctor now agrees."""
    if reply.doctor_id == doctor.pk:
        raise QuestionError(_("You cannot agree with your own reply."))
    if not reply.is_published:
        raise QuestionError(_("Only a published reply can be agreed with."))
    with transaction.atomic():
        # One doctor's clicks on one reply take turns (a double click is agree, then take
        # back, never two agreements or an IntegrityError); other doctors only wait for
        # the moment the row lock is held.
        Reply.objects.select_for_update().filter(pk=reply.pk).first()
        deleted, _rows = ReplyAgreement.objects.filter(reply=reply, doctor=doctor).delete()
        if deleted:
            return False
        ReplyAgreement.objects.get_or_create(reply=reply, doctor=doctor)
    return True


def decline_question(
    *,
    question: Question,
    reason: str = "",
    code: str = Question.DeclineReason.OTHER,
    doctor: Doctor | None = None,
    actor=None,
) -> Question:
    """A doctor of the question's department, or staff (doctor=None, actor=the staff
    member), declines a question that is not suitable, with a reason the patient sees; the
    patient is told by e-mail. `code` is a preset reason, stored as a code and translated
    when shown; `reason` is the doctor's own message, required for "other"."""
    reason = reason.strip()
    if code not in Question.DeclineReason.values:
        raise QuestionError(_("Choose a reason."))
    if code == Question.DeclineReason.OTHER and not reason:
        raise QuestionError(_("Give the patient a reason."))
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status not in (Question.Status.OPEN, Question.Status.TRIAGE):
            raise QuestionError(_("Only a question waiting for a reply can be declined."))
        if doctor is not None and locked.department_id != doctor.department_id:
            raise QuestionError(_("This question is for another department."))
        holder = locked.claim_holder()
        if doctor is not None and holder is not None and holder.pk != doctor.pk:
            raise ClaimedByAnother(holder)
        locked.status = Question.Status.DECLINED
        locked.decline_reason_code = code
        locked.decline_reason = reason
        locked.claimed_by, locked.claimed_until = None, None
        locked.save(
            update_fields=[
                "status",
                "decline_reason_code",
                "decline_reason",
                "claimed_by",
                "claimed_until",
            ]
        )
        _record(locked, QuestionEvent.Action.DECLINED, doctor.user if doctor else actor)
        transaction.on_commit(
            lambda: notifications.send_question_email.enqueue(
                question_id=locked.pk, kind=notifications.DECLINED
            )
        )
    return locked


def stop_reply_emails(*, user) -> None:
    """The patient asked for no more e-mails about their questions."""
    get_user_model().objects.filter(pk=user.pk).update(email_on_reply=False)


# Staff: triage, moderation and the FAQ archive.


def assign_department(*, question: Question, department: Department, actor) -> Question:
    """Staff choose the department of a question in triage; it joins that department's
    queue."""
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status != Question.Status.TRIAGE:
            raise QuestionError(_("Only a question waiting for triage can be assigned."))
        locked.department = department
        locked.status = Question.Status.OPEN
        locked.save(update_fields=["department", "status"])
        _record(locked, QuestionEvent.Action.ASSIGNED, actor, department.name)
    return locked


def record_staff_edit(*, question: Question, actor, fields: list[str]) -> None:
    """Staff changed a question in the admin: the trail keeps which fields, not their text."""
    _record(question, QuestionEvent.Action.EDITED, actor, "staff: " + ", ".join(fields))
    search.refresh_search_vectors(ids=[question.pk])
    transaction.on_commit(pagecache.retire_all)


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


def hide_question(*, question: Question, actor) -> Question:
    """Staff hide a Q&A: a 404 on every page, list and feed, kept in the database; its open
    reports are settled."""
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(is_hidden=True)
        question.reports.pending().update(status=Report.Status.HIDDEN)
        _record(question, QuestionEvent.Action.HIDDEN, actor)
        transaction.on_commit(pagecache.retire_all)
    question.refresh_from_db()
    return question


def restore_question(*, question: Question, actor) -> Question:
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(is_hidden=False)
        _record(question, QuestionEvent.Action.RESTORED, actor)
        transaction.on_commit(pagecache.retire_all)
    question.refresh_from_db()
    return question


def dismiss_reports(*, reports, actor) -> int:
    """Staff find nothing wrong: the reports are closed, the Q&A stays."""
    return (
        Report.objects.filter(pk__in=[report.pk for report in reports])
        .pending()
        .update(status=Report.Status.DISMISSED)
    )


def mark_duplicate(*, question: Question, original: Question, actor) -> Question:
    """Staff point a question to an answered one that already covers it."""
    if original.pk == question.pk or not original.is_public:
        raise QuestionError(_("Choose another question that is answered and public."))
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(duplicate_of=original)
        _record(question, QuestionEvent.Action.DUPLICATE, actor, f"#{original.pk}")
        transaction.on_commit(pagecache.retire_all)
    question.refresh_from_db()
    return question


def tag_questions(*, questions, topic: FAQTopic, actor) -> int:
    """Add an FAQ topic to many questions at once; returns how many gained it."""
    added = 0
    with transaction.atomic():
        for question in questions:
            _tagged, created = TaggedQuestion.objects.get_or_create(
                content_object=question, tag=topic
            )
            if created:
                added += 1
                _record(question, QuestionEvent.Action.TAGGED, actor, f"+ {topic.name}")
        transaction.on_commit(pagecache.retire_all)
    return added


def merge_topics(*, source: FAQTopic, target: FAQTopic, actor) -> FAQTopic:
    """Fold one FAQ topic into another: its questions move to the target, its address (and
    any it had inherited) redirects there, and it is deleted."""
    if source.pk == target.pk:
        raise QuestionError(_("Choose two different topics."))
    with transaction.atomic():
        moving = TaggedQuestion.objects.filter(tag=source).exclude(
            content_object__in=TaggedQuestion.objects.filter(tag=target).values("content_object")
        )
        detail = f"{source.name} → {target.name}"[:200]
        QuestionEvent.objects.bulk_create(
            QuestionEvent(
                question_id=question_id,
                action=QuestionEvent.Action.MERGED,
                actor=actor,
                detail=detail,
            )
            for question_id in moving.values_list("content_object_id", flat=True).iterator()
        )
        moving.update(tag=target)
        TopicRedirect.objects.filter(topic=source).update(topic=target)
        TopicRedirect.objects.update_or_create(old_slug=source.slug, defaults={"topic": target})
        source.delete()
        transaction.on_commit(pagecache.retire_all)
    return target
