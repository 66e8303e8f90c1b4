"""Moderation and the audit trail: crisis terms, readers' reports, and who did what to a
question."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PhraseQuerySet(models.QuerySet):
    def found_in(self, *texts: str) -> list[str]:
        """The active words and phrases that occur in any of the texts, ignoring case."""
        haystack = " ".join(texts).casefold()
        return [
            term
            for term in self.filter(is_active=True).values_list("term", flat=True)
            if term.casefold() in haystack
        ]


class WatchedPhrase(models.Model):
    """A word or phrase staff keep a list of, looked for in what patients write."""

    term = models.CharField(_("word or phrase"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PhraseQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class CrisisTerm(WatchedPhrase):
    """A word or phrase that suggests an emergency ("chest pain", "自殺").

    A question that contains one shows the emergency help text and is marked priority.
    """

    class Meta(WatchedPhrase.Meta):
        verbose_name = _("crisis term")
        verbose_name_plural = _("crisis terms")
        constraints = [
            models.UniqueConstraint(Lower("term"), name="crisis_term_unique"),
        ]


class BannedPhrase(WatchedPhrase):
    """A word or phrase of spam or abuse ("cheap pills", a scam's web address). A question
    that contains one is held for staff review in triage instead of reaching the doctors'
    queue, with the phrase shown as the reason."""

    class Meta(WatchedPhrase.Meta):
        verbose_name = _("banned phrase")
        verbose_name_plural = _("banned phrases")
        constraints = [
            models.UniqueConstraint(Lower("term"), name="banned_phrase_unique"),
        ]


class CrisisExample(models.Model):
    """A sentence that describes an emergency in a patient's words ("my chest hurts and my
    left arm is numb", "我不想活了"). A question whose meaning is close to one is marked
    priority and shows the emergency help, whatever words it uses (questions.meaning.crisis):
    it only ever adds help, it never blocks a question."""

    text = models.CharField(_("example"), max_length=300, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("crisis example")
        verbose_name_plural = _("crisis examples")
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text


class ReportQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """A reader's report of a public Q&A, for staff to review."""

    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("It shows personal information")
        WRONG = "wrong", _("The medical information looks wrong or dangerous")
        OFFENSIVE = "offensive", _("It is offensive or inappropriate")
        SPAM = "spam", _("Spam or advertising")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for review")
        HIDDEN = "hidden", _("Q&A hidden")
        DISMISSED = "dismissed", _("dismissed")

    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("question"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    text = models.TextField(_("details"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "hidden", "dismissed"]), name="report_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Report #%(report)s on question #%(question)s") % {
            "report": self.pk,
            "question": self.question_id,
        }


class QuestionEvent(models.Model):
    """The audit trail: who did what to a question, and when. Never the question's text."""

    class Action(models.TextChoices):
        ASKED = "asked", _("asked")
        EDITED = "edited", _("edited by the patient")
        WITHDRAWN = "withdrawn", _("withdrawn")
        ASSIGNED = "assigned", _("department assigned")
        REFERRED = "referred", _("referred")
        DECLINED = "declined", _("declined")
        PUBLISHED = "published", _("reply published")
        REPLY_EDITED = "reply_edited", _("reply edited")
        HIDDEN = "hidden", _("hidden")
        RESTORED = "restored", _("restored")
        TAGGED = "tagged", _("FAQ topics changed")
        MERGED = "merged", _("topic merged")
        DUPLICATE = "duplicate", _("marked duplicate")
        HELD = "held", _("held for staff review")
        INFO_ASKED = "info_asked", _("more information asked")
        INFO_ADDED = "info_added", _("information added by the patient")
        FOLLOW_UP = "follow_up", _("follow-up asked")
        FOLLOW_UP_ANSWERED = "follow_up_answered", _("follow-up answered")

    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("question"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("question event")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["question", "-created_at"], name="event_question_latest")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.question_id}"
