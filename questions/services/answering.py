"""What doctors do: claim a question, draft, publish and edit replies, refer or decline a
question, agree with a colleague's reply. Staff decline through the same function."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from questions import doctor_emails, notifications
from questions.changes import question_changed
from questions.models import Question, QuestionEvent, Referral, Reply, ReplyAgreement
from specialists.models import Department, Doctor

from .audit import record
from .errors import ClaimedByAnother, QuestionError


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


def _refuse_if_held_by_another(question: Question, doctor: Doctor, now=None) -> None:
    """Raise ClaimedByAnother while another doctor's claim on the question holds."""
    holder = question.claim_holder(now)
    if holder is not None and holder.pk != doctor.pk:
        raise ClaimedByAnother(holder)


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
    if locked.status == Question.Status.OPEN:
        _refuse_if_held_by_another(locked, doctor, now)
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
        record(locked, QuestionEvent.Action.PUBLISHED, doctor.user, f"Dr. {doctor.name}")
        # A newly public question also appears in other pages' lists.
        question_changed(locked.pk, text=True, listed=first_reply)
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
        record(
            locked.question, QuestionEvent.Action.REPLY_EDITED, doctor.user, f"Dr. {doctor.name}"
        )
        question_changed(locked.question_id, text=True)
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
        _refuse_if_held_by_another(locked, doctor)
        if not Department.objects.taking_questions().filter(pk=department.pk).exists():
            raise QuestionError(
                _("No doctor of %(department)s is accepting questions now.")
                % {"department": department.name}
            )
        referral = Referral.objects.create(
            question=locked,
            doctor=doctor,
            from_department_id=locked.department_id,
            to_department=department,
            note=note.strip(),
        )
        record(
            locked,
            QuestionEvent.Action.REFERRED,
            doctor.user,
            f"{referral.from_department} → {department}",
        )
        locked.department = department
        locked.claimed_by, locked.claimed_until = None, None
        # A request for more information went with the department that asked it.
        locked.information_asked_at = None
        locked.save(
            update_fields=["department", "claimed_by", "claimed_until", "information_asked_at"]
        )
        question_changed(locked.pk)
        doctor_emails.tell_department_on_commit(locked)
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
        if not deleted:
            ReplyAgreement.objects.get_or_create(reply=reply, doctor=doctor)
        question_changed(reply.question_id)  # the page shows the count
    return not deleted


def ask_for_information(*, doctor: Doctor, question: Question, request: str) -> Question:
    """A doctor of the department asks the patient one more thing before replying. The
    question is held for the doctor for CLARIFICATION_DAYS (no colleague replies meanwhile)
    and the patient is told by e-mail; the answer returns it to the same doctor."""
    request = request.strip()
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        now = timezone.now()
        if locked.status != Question.Status.OPEN or locked.department_id != doctor.department_id:
            raise QuestionError(_("Only an open question of your department can be asked about."))
        _refuse_if_held_by_another(locked, doctor, now)
        if locked.needs_information:
            raise QuestionError(_("The patient has not answered the last request yet."))
        locked.added_information = [
            *locked.added_information,
            {"doctor_id": doctor.pk, "doctor": doctor.name, "request": request,
             "asked_at": now.isoformat(), "answer": "", "answered_at": None},
        ]  # fmt: skip
        locked.information_asked_at, locked.information_reminded_at = now, None
        locked.claimed_by = doctor
        locked.claimed_until = now + timedelta(days=settings.CLARIFICATION_DAYS)
        locked.save(
            update_fields=[
                "added_information", "information_asked_at", "information_reminded_at",
                "claimed_by", "claimed_until",
            ]
        )  # fmt: skip
        record(locked, QuestionEvent.Action.INFO_ASKED, doctor.user, f"Dr. {doctor.name}")
        question_changed(locked.pk)
        transaction.on_commit(
            lambda: notifications.send_question_email.enqueue(
                question_id=locked.pk, kind=notifications.INFORMATION
            )
        )
    return locked


def answer_follow_up(*, doctor: Doctor, reply: Reply, body: str) -> Reply:
    """A doctor of the question's department answers the patient's follow-up on a reply:
    while it is held for the doctor who replied, only they may. Of two doctors answering
    at once exactly one wins (one conditional UPDATE); the patient is told by e-mail and
    the answer shows under the reply."""
    body = body.strip()
    now = timezone.now()
    with transaction.atomic():
        reply = Reply.objects.select_related("question", "doctor").get(pk=reply.pk)
        question = reply.question
        if not doctor.user.is_active:
            raise QuestionError(_("Your doctor account is not active."))
        if question.department_id != doctor.department_id and reply.doctor_id != doctor.pk:
            raise QuestionError(_("This question is for another department."))
        if not reply.follow_up_waits or not question.is_public:
            raise QuestionError(_("This follow-up is no longer waiting for an answer."))
        if (
            reply.doctor_id != doctor.pk
            and reply.follow_up_held_until
            and (reply.follow_up_held_until > now)
        ):
            raise ClaimedByAnother(reply.doctor)
        won = Reply.objects.filter(
            pk=reply.pk, follow_up_asked_at__isnull=False, follow_up_answered_at__isnull=True
        ).update(follow_up_answer=body, follow_up_answered_by=doctor, follow_up_answered_at=now)
        if not won:
            raise QuestionError(_("Another doctor has just answered this follow-up."))
        record(question, QuestionEvent.Action.FOLLOW_UP_ANSWERED, doctor.user, f"Dr. {doctor.name}")
        question_changed(question.pk, text=True)
        transaction.on_commit(
            lambda: notifications.send_question_email.enqueue(
                question_id=question.pk, kind=notifications.FOLLOW_UP_ANSWERED
            )
        )
    reply.refresh_from_db()
    return reply


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
        if doctor is not None:
            _refuse_if_held_by_another(locked, doctor)
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
        record(locked, QuestionEvent.Action.DECLINED, doctor.user if doctor else actor)
        question_changed(locked.pk)
        transaction.on_commit(
            lambda: notifications.send_question_email.enqueue(
                question_id=locked.pk, kind=notifications.DECLINED
            )
        )
    return locked
