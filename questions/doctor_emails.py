"""E-mails to doctors about the questions waiting for them: a priority question at once,
the rest in a digest each doctor chooses (every hour, once a day, or never).

Priority e-mails are a task enqueued after the change that put a priority question in a
department's queue has committed (asked, assigned in triage, referred). Digests are sent
by `manage.py send_digests`, run from cron or a timer every hour; a digest goes out when
it is due and something waits that the doctor was not yet told of. What each e-mail told
whom is recorded (DoctorNotice) before it is sent, in the same transaction: running the
command twice, or two at once, sends nothing twice. Every e-mail carries a one-click link
to stop that kind of e-mail; the question's text never goes into one.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Max, Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from machinery.site import site_name
from specialists.models import Digest, Doctor

from .models import DoctorNotice, Question, Reply
from .notifications import NotificationEmail, absolute

logger = logging.getLogger(__name__)

PRIORITY = DoctorNotice.Kind.PRIORITY
DIGEST = DoctorNotice.Kind.DIGEST
FOLLOW_UP = DoctorNotice.Kind.FOLLOW_UP
CONVERSATION = "conversation"  # a patient answered the doctor (not recorded: sent once)
STOPPED_BY = {
    PRIORITY: {"email_priority": False},
    DIGEST: {"email_digest": Digest.NONE},
    CONVERSATION: {"email_conversation": False},
}
UNSUBSCRIBE_SALT = "questions.doctor-emails.unsubscribe"
PERIODS = {Digest.HOURLY: timedelta(hours=1), Digest.DAILY: timedelta(days=1)}
# A timer that fires every hour fires a little early or late: a digest is due this much
# before its period is up.
SLACK = timedelta(minutes=5)
DIGEST_ROWS = 30  # questions listed in a digest, the oldest first; the rest are counted


def unsubscribe_token(doctor, kind: str) -> str:
    return signing.dumps([doctor.pk, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def from_unsubscribe_token(token: str):
    """(doctor, kind) a token was made for, or None if it is forged or the doctor is gone."""
    try:
        pk, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    doctor = Doctor.objects.filter(pk=pk).first()
    return (doctor, kind) if doctor is not None and kind in STOPPED_BY else None


def choose(doctor, **settings_chosen) -> None:
    """The doctor's e-mail settings (the dashboard's settings page): email_priority,
    email_conversation, email_digest."""
    Doctor.objects.filter(pk=doctor.pk).update(**settings_chosen)


def stop(doctor, kind: str) -> None:
    """The doctor's one click: no more e-mails of this kind."""
    Doctor.objects.filter(pk=doctor.pk).update(**STOPPED_BY[kind])


def _told(doctors):
    """Doctors who may be e-mailed: active accounts accepting questions, at a confirmed
    address (one staff changed is confirmed again first)."""
    return doctors.filter(
        accepting_questions=True, user__is_active=True, user__email_verified_at__isnull=False
    ).select_related("user", "department")


def _send(doctor, kind: str, subject_template: str, body_template: str, context: dict) -> None:
    unsubscribe_url = absolute(
        reverse("questions:doctor-unsubscribe", kwargs={"token": unsubscribe_token(doctor, kind)})
    )
    context = {
        **context,
        "doctor": doctor,
        "dashboard_url": absolute(reverse("questions:dashboard")),
        "settings_url": absolute(reverse("questions:dashboard-settings")),
        "unsubscribe_url": unsubscribe_url,
        "site_name": site_name(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(subject_template, context)
        text = render_to_string(body_template, context)
    NotificationEmail(
        subject=" ".join(subject.split()),
        body=text,
        to=[doctor.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def _tell_each_once(doctors, question, kind: str, context: dict) -> int:
    """E-mail the question as a possible emergency to each of these doctors not yet told
    of it by this kind of e-mail, recording it first in the same transaction. A send that
    fails is logged and rolled back (that doctor is tried again by the next run); the
    others are still told. Returns how many were sent."""
    told = DoctorNotice.objects.filter(question=question, kind=kind).values("doctor_id")
    sent = 0
    for doctor in doctors.exclude(pk__in=told):
        try:
            with transaction.atomic():
                _notice, created = DoctorNotice.objects.get_or_create(
                    doctor=doctor, question=question, kind=kind
                )
                if not created:  # told meanwhile, by another run
                    continue
                _send(
                    doctor,
                    PRIORITY,  # its unsubscribe link stops priority e-mails
                    "questions/email/doctor_priority_subject.txt",
                    "questions/email/doctor_priority.txt",
                    {"question": question, **context},
                )
        except Exception:  # one refused address must not keep the others from being told
            logger.exception("A %s e-mail for question %s to doctor %s failed",
                             kind, question.pk, doctor.pk)  # fmt: skip
            continue
        sent += 1
    return sent


def tell_department_on_commit(question) -> None:
    """After the current transaction commits: if the question is priority and waits in a
    department, e-mail that department's doctors at once (a task)."""
    if question.is_priority and question.department_id:
        pk = question.pk
        transaction.on_commit(lambda: send_priority_emails.enqueue(question_id=pk))


@task()
def send_priority_emails(*, question_id: int) -> int:
    """E-mail a priority question to every doctor of its department who takes such
    e-mails and was not yet told of it. Returns how many were sent."""
    question = (
        Question.objects.filter(
            pk=question_id, status=Question.Status.OPEN, is_priority=True, department__isnull=False
        )
        .select_related("department")
        .first()
    )
    if question is None:  # answered, declined or withdrawn before the task ran
        return 0
    doctors = _told(Doctor.objects.filter(department_id=question.department_id))
    url = absolute(reverse("questions:dashboard-question", args=[question.pk]))
    sent = _tell_each_once(
        doctors.filter(email_priority=True), question, PRIORITY, {"question_url": url}
    )
    logger.info("Sent %s priority e-mails for question %s", sent, question_id)
    return sent


def tell_doctor_on_commit(question, doctor_id: int | None) -> None:
    """After the current transaction commits: tell the doctor who asked for more
    information that the patient answered (a task)."""
    if doctor_id:
        pk = question.pk
        transaction.on_commit(
            lambda: send_information_added.enqueue(question_id=pk, doctor_id=doctor_id)
        )


@task()
def send_information_added(*, question_id: int, doctor_id: int) -> bool:
    """E-mail a doctor that the patient added the information they asked for, at once."""
    question = Question.objects.filter(pk=question_id, status=Question.Status.OPEN).first()
    doctor = _told(
        Doctor.objects.filter(
            pk=doctor_id, email_conversation=True, department_id=question and question.department_id
        )
    ).first()
    if question is None or doctor is None:
        return False
    _send(
        doctor,
        CONVERSATION,
        "questions/email/doctor_information_subject.txt",
        "questions/email/doctor_information.txt",
        {
            "question": question,
            "hold_hours": settings.CLARIFIED_HOLD_HOURS,
            "question_url": absolute(reverse("questions:dashboard-question", args=[question.pk])),
        },
    )
    logger.info("Told doctor %s that question %s has more information", doctor_id, question_id)
    return True


def tell_doctor_of_follow_up_on_commit(reply) -> None:
    """After the current transaction commits: tell the doctor who replied that the
    patient asked a follow-up on it (a task)."""
    pk = reply.pk
    transaction.on_commit(lambda: send_follow_up_asked.enqueue(reply_id=pk))


def tell_department_of_follow_up_on_commit(reply) -> None:
    """After the current transaction commits: e-mail a follow-up that reads as an
    emergency to every doctor of the department (a task)."""
    pk = reply.pk
    transaction.on_commit(lambda: send_follow_up_priority_emails.enqueue(reply_id=pk))


@task()
def send_follow_up_priority_emails(*, reply_id: int) -> int:
    """A follow-up that reads as an emergency, to every doctor of the question's department
    who takes priority e-mails, once each. Returns how many were sent."""
    reply = Reply.objects.select_related("question__department").filter(pk=reply_id).first()
    if reply is None or not reply.follow_up_waits or not reply.question.is_public:
        return 0
    question = reply.question
    doctors = _told(Doctor.objects.filter(department_id=question.department_id))
    url = absolute(reverse("questions:dashboard-follow-up", args=[reply.pk]))
    return _tell_each_once(
        doctors.filter(email_priority=True),
        question,
        FOLLOW_UP,
        {"question_url": url, "follow_up": True},
    )


@task()
def send_follow_up_asked(*, reply_id: int) -> bool:
    """E-mail the doctor who replied that the patient asked a follow-up, at once."""
    reply = Reply.objects.select_related("question").filter(pk=reply_id).first()
    if reply is None or not reply.follow_up_waits:
        return False
    doctor = _told(Doctor.objects.filter(pk=reply.doctor_id, email_conversation=True)).first()
    if doctor is None:
        return False
    _send(
        doctor,
        CONVERSATION,
        "questions/email/doctor_follow_up_subject.txt",
        "questions/email/doctor_follow_up.txt",
        {
            "question": reply.question,
            "hold_hours": settings.FOLLOW_UP_HOLD_HOURS,
            "question_url": absolute(reverse("questions:dashboard-follow-up", args=[reply.pk])),
        },
    )
    logger.info("Told doctor %s of a follow-up on reply %s", doctor.pk, reply_id)
    return True


def send_digests(*, now=None) -> int:
    """Send every digest that is due and has something new. Returns how many were sent."""
    now = now or timezone.now()
    doctors = _told(Doctor.objects.exclude(email_digest=Digest.NONE)).annotate(
        last_digest=Max("notices__sent_at", filter=Q(notices__kind=DIGEST))
    )
    sent = 0
    for doctor in doctors:
        if not _due(doctor, doctor.last_digest, now):
            continue
        try:
            sent += _send_digest(doctor, now)
        except Exception:  # rolled back: this doctor's digest is tried again next run
            logger.exception("Digest to doctor %s failed", doctor.pk)
    return sent


def _due(doctor, last, now) -> bool:
    period = PERIODS.get(doctor.email_digest)
    return period is not None and (last is None or now - last >= period - SLACK)


def _send_digest(doctor, now) -> int:
    with transaction.atomic():
        # Two runs at once: the second waits here, then finds the digest sent.
        Doctor.objects.select_for_update().filter(pk=doctor.pk).first()
        last = DoctorNotice.objects.filter(doctor=doctor, kind=DIGEST).aggregate(
            last=Max("sent_at")
        )["last"]
        if not _due(doctor, last, now):
            return 0
        waiting = Question.objects.filter(
            status=Question.Status.OPEN, department_id=doctor.department_id
        ).order_by("asked_at", "pk")
        told = DoctorNotice.objects.filter(doctor=doctor).values("question_id")
        new = list(waiting.exclude(pk__in=told).values_list("pk", flat=True))
        if not new:
            return 0
        DoctorNotice.objects.bulk_create(
            [DoctorNotice(doctor=doctor, question_id=pk, kind=DIGEST, sent_at=now) for pk in new]
        )
        # The new ones first (priority among them first), then the rest, oldest first.
        new_ids = set(new)
        rows = list(
            waiting.annotate(is_new=ExpressionWrapper(Q(pk__in=new), BooleanField()))
            .order_by("-is_new", "-is_priority", "asked_at", "pk")
            .only("pk", "title", "asked_at", "is_priority")[:DIGEST_ROWS]
        )
        for row in rows:
            row.is_new = row.pk in new_ids
            row.url = absolute(reverse("questions:dashboard-question", args=[row.pk]))
        total = waiting.count()
        _send(
            doctor,
            DIGEST,
            "questions/email/doctor_digest_subject.txt",
            "questions/email/doctor_digest.txt",
            {"rows": rows, "total": total, "more": total - len(rows), "new": len(new), "now": now},
        )
    logger.info("Sent a digest of %s questions (%s new) to doctor %s", total, len(new), doctor.pk)
    return 1
