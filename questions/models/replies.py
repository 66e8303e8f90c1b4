"""Doctors' replies, their "I agree" marks, readers' "This answered my question too", the
asker's thanks, and referrals to another department."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import public_question


class ReplyQuerySet(models.QuerySet):
    def with_doctor(self):
        return self.select_related("doctor__department")

    def published(self):
        return self.filter(published_at__isnull=False)

    def to_questions_of(self, user):
        """The published replies to a patient's own questions (to thank, to follow up)."""
        return (
            self.published().with_doctor().select_related("question").filter(question__author=user)
        )

    def follow_ups_waiting(self, department_id: int):
        """The follow-ups on a department's public Q&A waiting for an answer, the oldest
        first (the doctors' queue)."""
        return (
            self.filter(
                public_question("question__"),
                follow_up_asked_at__isnull=False,
                follow_up_answered_at__isnull=True,
                question__department_id=department_id,
            )
            .select_related("question", "doctor")
            .order_by("follow_up_asked_at", "pk")
        )

    def follow_ups_for(self, doctor):
        """The follow-ups a doctor may open: on their department's public Q&A, and on
        their own replies."""
        return (
            self.filter(public_question("question__"), follow_up_asked_at__isnull=False)
            .filter(
                models.Q(question__department_id=doctor.department_id) | models.Q(doctor=doctor)
            )
            .with_doctor()
            .select_related("question__department", "follow_up_answered_by")
        )

    def for_page(self):
        """Published replies with their doctors (and the doctor who answered a follow-up)
        and their "I agree" counts."""
        return (
            self.published()
            .with_doctor()
            .select_related("follow_up_answered_by__department")
            .annotate(agree_count=models.Count("agreements"))
            .order_by("published_at", "pk")
        )


class Reply(models.Model):
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("question"),
    )
    doctor = models.ForeignKey(
        "specialists.Doctor",
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("doctor"),
    )
    body = models.TextField(_("reply"))
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, help_text=_("Empty while it is a draft.")
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # Readers who said it answered their question too (ReplyHelped), kept here so that
    # the question page reads no more rows to show it.
    helped_count = models.PositiveIntegerField(
        _("answered a reader's question too"), default=0, db_default=0
    )
    # The patient's one follow-up on this reply, and its answer (by this doctor, or by a
    # colleague once the hold has passed): shown under the reply once answered.
    follow_up = models.TextField(_("follow-up question"), blank=True, db_default="")
    follow_up_asked_at = models.DateTimeField(_("follow-up asked at"), null=True, blank=True)
    follow_up_held_until = models.DateTimeField(
        _("follow-up held for the doctor until"), null=True, blank=True
    )
    follow_up_answer = models.TextField(_("answer to the follow-up"), blank=True, db_default="")
    follow_up_answered_by = models.ForeignKey(
        "specialists.Doctor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up answered by"),
    )
    follow_up_answered_at = models.DateTimeField(_("follow-up answered at"), null=True, blank=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["published_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "doctor"], name="reply_one_per_doctor_per_question"
            ),
        ]
        indexes = [
            # The doctors' queue of follow-ups waiting, the oldest first.
            models.Index(
                fields=["follow_up_asked_at"],
                condition=models.Q(
                    follow_up_asked_at__isnull=False, follow_up_answered_at__isnull=True
                ),
                name="reply_follow_up_waiting",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Reply #%(reply)s to question #%(question)s") % {
            "reply": self.pk,
            "question": self.question_id,
        }

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#reply-{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def follow_up_waits(self) -> bool:
        return self.follow_up_asked_at is not None and self.follow_up_answered_at is None

    @property
    def follow_up_allowed(self) -> bool:
        """Whether its patient may still ask a follow-up on it (once, within
        FOLLOW_UP_DAYS of its publication)."""
        return (
            self.published_at is not None
            and self.follow_up_asked_at is None
            and timezone.now() <= self.published_at + timedelta(days=settings.FOLLOW_UP_DAYS)
        )


class ReplyAgreement(models.Model):
    """Another doctor's "I agree" on a published reply."""

    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("reply")
    )
    doctor = models.ForeignKey(
        "specialists.Doctor",
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("doctor"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "doctor"], name="agreement_once_per_doctor"),
        ]

    def __str__(self) -> str:
        return gettext("Agreement #%(agreement)s on reply #%(reply)s") % {
            "agreement": self.pk,
            "reply": self.reply_id,
        }


class ReplyHelped(models.Model):
    """A reader said a reply answered their question too: once per browser (a random
    token in a cookie, kept only as its hash), logged in or not."""

    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, related_name="helped", verbose_name=_("reply")
    )
    browser = models.CharField(_("browser"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reader helped")
        verbose_name_plural = _("readers helped")
        constraints = [
            models.UniqueConstraint(fields=["reply", "browser"], name="helped_once_per_browser"),
        ]

    def __str__(self) -> str:
        return f"#{self.reply_id}"


class ReplyThanks(models.Model):
    """The asker thanked the doctor for a reply, with a short note only the doctor sees."""

    reply = models.OneToOneField(
        Reply, on_delete=models.CASCADE, related_name="thanks", verbose_name=_("reply")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("thanks")
        verbose_name_plural = _("thanks")

    def __str__(self) -> str:
        return f"#{self.reply_id}"


class ReferralQuerySet(models.QuerySet):
    def latest_into(self, departments: dict[int, int]) -> dict:
        """{question id: the latest referral that sent it to its department} for these
        questions ({id: department id}), those never referred there left out: one query."""
        latest = {}
        rows = (
            self.filter(question_id__in=list(departments))
            .select_related("from_department")
            .order_by("question_id", "-created_at", "-pk")
        )
        for referral in rows:
            if departments[referral.question_id] == referral.to_department_id:
                latest.setdefault(referral.question_id, referral)
        return latest


class Referral(models.Model):
    """A doctor sent a question to another department, with a note for its doctors."""

    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("question"),
    )
    doctor = models.ForeignKey(
        "specialists.Doctor",
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals",
        verbose_name=_("doctor"),
    )
    from_department = models.ForeignKey(
        "specialists.Department",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("from department"),
    )
    to_department = models.ForeignKey(
        "specialists.Department",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("to department"),
    )
    note = models.TextField(_("note for the doctors"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return gettext("Referral of question #%(question)s") % {"question": self.question_id}
