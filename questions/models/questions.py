"""A patient's question: its statuses, who may see it, and the archive's named reads."""

from django.conf import settings
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db import connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from machinery.links import link
from machinery.text import shorten
from questions.search.terms import any_word_query, terms

from .choices import (
    DECLINE_REASON_TEXTS,
    AgeRange,
    DeclineReason,
    Gender,
    QuestionStatus,
    public_question,
)
from .replies import Reply


def title_word_score(words: list[str]):
    """How many of the words the headline or title holds (an expression to rank by)."""
    return sum(
        (
            models.Case(
                models.When(Q(title__icontains=word) | Q(headline__icontains=word), then=1),
                default=0,
            )
            for word in words
        ),
        start=models.Value(0),
    )


class QuestionQuerySet(models.QuerySet):
    def public(self):
        """Questions anyone may read: answered ones that staff have not hidden."""
        return self.filter(public_question())

    def visible_to(self, user):
        """Questions this user may open: public ones, plus their own, plus those of their
        department if they are a doctor; staff see everything."""
        if not user.is_authenticated:
            return self.public()
        if user.is_staff:
            return self.all()
        condition = Q(status=Question.Status.ANSWERED) | Q(author=user)
        doctor = getattr(user, "doctor", None)
        if doctor is not None and user.is_active:
            # Not what the patient withdrew: they were promised doctors no longer see it.
            condition |= Q(department_id=doctor.department_id) & ~Q(
                status=Question.Status.WITHDRAWN
            )
        # A hidden question is kept for staff only.
        return self.filter(condition, is_hidden=False)

    def with_department(self):
        return self.select_related("department")

    def latest_answered(self):
        return self.public().with_department().order_by("-answered_at", "-pk")

    def in_department(self, department):
        return self.latest_answered().filter(department=department)

    def with_topic(self, topic):
        return self.latest_answered().filter(topics=topic)

    def matching(self, text: str, *, limit: int = 5):
        """Public questions like a title being typed: by full-text rank on PostgreSQL, else
        those whose headline or title contains the most of the text's terms."""
        words = terms(text)
        if not words:
            return self.none()
        text_query = any_word_query(text, vendor=connections[self.db].vendor)
        if text_query is not None:
            return (
                self.public()
                .filter(search_vector=text_query)
                .with_department()
                .annotate(score=SearchRank(models.F("search_vector"), text_query))
                .order_by("-score", "-answered_at", "-pk")[:limit]
            )
        score = title_word_score(words)
        condition = Q()
        for word in words:
            condition |= Q(title__icontains=word) | Q(headline__icontains=word)
        return (
            self.public()
            .filter(condition)
            .with_department()
            .annotate(score=score)
            .order_by("-score", "-answered_at", "-pk")[:limit]
        )

    def queue(self):
        """Questions waiting for a doctor: priority first, then the longest waiting."""
        return (
            self.filter(status=Question.Status.OPEN)
            .select_related("department", "claimed_by")
            .order_by("-is_priority", "asked_at", "pk")
        )

    def in_triage(self):
        """Questions with no department yet, waiting for staff to choose one."""
        return self.filter(status=Question.Status.TRIAGE)

    def asked_by(self, user):
        """A patient's own questions, newest first."""
        return self.filter(author=user).with_department().order_by("-asked_at", "-pk")

    def answered_by(self, doctor):
        return self.latest_answered().filter(
            pk__in=Reply.objects.published().filter(doctor=doctor).values("question_id")
        )


class QuestionManager(models.Manager.from_queryset(QuestionQuerySet)):
    def get_queryset(self):
        # The search vector (kilobytes for a long Q&A) is read by PostgreSQL's search
        # only: no page needs it in Python, so no query fetches it unless asked to.
        return super().get_queryset().defer("search_vector")


class Question(models.Model):
    Status = QuestionStatus
    DeclineReason = DeclineReason
    AgeRange = AgeRange
    Gender = Gender

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("author"),
        help_text=_("Never shown publicly; empty once the account is deleted."),
    )
    nickname = models.CharField(_("nickname"), max_length=40)
    age_range = models.CharField(_("age range"), max_length=8, choices=AgeRange)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender)
    department = models.ForeignKey(
        "specialists.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("department"),
        help_text=_("Empty means the patient was not sure: staff choose one in triage."),
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("question"))
    headline = models.CharField(
        _("headline"),
        max_length=200,
        blank=True,
        help_text=_("Written by staff; the page title search engines show."),
    )
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    is_priority = models.BooleanField(
        _("priority"),
        default=False,
        help_text=_("Set when the question mentions a possible emergency; doctors see it first."),
    )
    decline_reason_code = models.CharField(
        _("reason for declining"),
        max_length=20,
        blank=True,
        default="",
        # Also in the database, for rows written by COPY (manage.py generate_archive).
        db_default="",
        choices=DeclineReason,
        help_text=_("Shown to the patient in their language."),
    )
    decline_reason = models.TextField(
        _("message with the reason"),
        blank=True,
        help_text=_("Shown to the patient under the reason; required for “Other”."),
    )
    claimed_by = models.ForeignKey(
        "specialists.Doctor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_questions",
        verbose_name=_("claimed by"),
    )
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The language the patient asked in; e-mails to them use it."),
    )
    # PostgreSQL full-text search: headline and title (A), question (B), replies (C).
    # Kept up to date by questions.search.refresh_search_vector; empty on SQLite.
    search_vector = SearchVectorField(
        null=True,
        editable=False,
        # Derived from the text (update_search_vectors rebuilds it), kilobytes a Q&A and
        # deferred by default: dumpdata would fetch it again for each question.
        serialize=False,
    )
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Hidden by staff after a report: a 404 everywhere, kept in the database."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
        help_text=_("An answered question that already covers this one; the page links it."),
    )
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From the ask form: a second submit of the same form finds this question."),
    )
    more_info = models.TextField(
        _("more info"),
        blank=True,
        help_text=_(
            "A staff explainer shown under the replies. Markdown: headings, lists, "
            "emphasis and links."
        ),
    )
    # What the patient added when a doctor asked for more information: the doctor's
    # request and the answer, in order ([{"doctor_id", "doctor", "request", "asked_at",
    # "answer", "answered_at"}]); shown under the question, which stays as first asked.
    added_information = models.JSONField(
        _("information added on a doctor's request"),
        default=list,
        db_default=models.Value([], output_field=models.JSONField()),
        blank=True,
    )
    # Why a question was held for staff review instead of reaching the doctors' queue (the
    # banned phrases it contains); empty for the others.
    held_reason = models.CharField(_("held because"), max_length=200, blank=True, db_default="")
    # Since when a doctor's request waits for the patient's answer (None: none waits).
    information_asked_at = models.DateTimeField(
        _("more information asked at"), null=True, blank=True
    )
    information_reminded_at = models.DateTimeField(_("patient reminded at"), null=True, blank=True)
    topics = TaggableManager(
        verbose_name=_("FAQ topics"),
        help_text=_("A comma-separated list of FAQ topics."),
        through="TaggedQuestion",
        blank=True,
    )

    objects = QuestionManager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=QuestionStatus.values),
                name="question_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_at__isnull=False),
                name="question_answered_has_date",
            ),
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="question_submitted_once"
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("pk")), name="question_not_duplicate_of_itself"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason_code=""),
                name="question_declined_has_reason",
                violation_error_message=_("A declined question needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(decline_reason_code="other") | ~Q(decline_reason=""),
                name="question_other_reason_explained",
                violation_error_message=_("Explain the reason to the patient."),
            ),
            models.CheckConstraint(
                condition=Q(age_range__in=AgeRange.values),
                name="question_age_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values),
                name="question_gender_valid",
            ),
        ]
        indexes = [
            # The public archive, newest first: partial indexes that cover the keys the
            # pages sort and page by, so that deep pages are read from the index alone.
            models.Index(
                fields=["-answered_at", "-id"],
                condition=Q(status="answered", is_hidden=False),
                name="question_public",
            ),
            models.Index(
                fields=["department", "-answered_at", "-id"],
                condition=Q(status="answered", is_hidden=False),
                name="question_dept_public",
            ),
            # The doctors' queue.
            models.Index(
                fields=["department", "-is_priority", "asked_at"],
                condition=Q(status="open"),
                name="question_queue",
            ),
        ]

    def __str__(self) -> str:
        # Never the body: health data must not leak into logs or the admin's history.
        return f"#{self.pk} {self.display_title}"

    def save(self, *args, **kwargs):
        self.slug = slugify(self.display_title, allow_unicode=True)[:200] or "question"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return link("questions:detail", self.pk, self.slug)

    @property
    def display_title(self) -> str:
        """The staff headline when there is one, otherwise the patient's own title."""
        return self.headline or self.title

    @cached_property
    def summary(self) -> str:
        """The question on one line, cut to 200 characters: social descriptions."""
        return shorten(" ".join(self.body.split()), 200)

    @cached_property
    def meta_description(self) -> str:
        """The summary cut to the 155 characters search engines show."""
        return shorten(self.summary, 155)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.ANSWERED and not self.is_hidden

    @property
    def decline_reason_text(self) -> str:
        """Why the question was declined, in the active language: the preset reason, then the
        doctor's own message (in the words they wrote)."""
        preset = DECLINE_REASON_TEXTS.get(self.decline_reason_code, "")
        return "\n\n".join(part for part in (str(preset), self.decline_reason) if part.strip())

    def claim_holder(self, now=None):
        """The doctor whose claim on this question has not expired, or None."""
        now = now or timezone.now()
        if self.claimed_by_id and self.claimed_until and self.claimed_until > now:
            return self.claimed_by
        return None

    @property
    def is_claimed(self) -> bool:
        return bool(
            self.claimed_by_id and self.claimed_until and self.claimed_until > timezone.now()
        )

    @property
    def can_be_changed_by_author(self) -> bool:
        """A patient may edit or withdraw a question until a doctor has claimed or replied
        to it."""
        return self.status in (self.Status.TRIAGE, self.Status.OPEN) and not self.is_claimed

    @property
    def information_thread(self) -> list[dict]:
        """added_information with its times as datetimes, in order."""
        return [
            {
                **entry,
                "asked_at": parse_datetime(entry["asked_at"]),
                "answered_at": parse_datetime(entry["answered_at"])
                if entry.get("answered_at")
                else None,
            }
            for entry in self.added_information
        ]

    @property
    def information_added(self) -> list[dict]:
        """The doctors' requests the patient answered: published with the question."""
        return [entry for entry in self.information_thread if entry["answered_at"]]

    @property
    def needs_information(self) -> bool:
        """A doctor asked the patient for more information and the answer is awaited."""
        return self.status == self.Status.OPEN and self.information_asked_at is not None

    @property
    def progress(self) -> str:
        """The question's status as its patient reads it: while a doctor waits for more
        information, holds it to write a reply, or owes an answer to a follow-up (My
        questions counts those as `follow_up_waiting`), it says so."""
        if self.needs_information:
            return _("the doctor needs more information from you")
        if self.status == self.Status.OPEN and self.is_claimed:
            return _("a doctor is writing a reply")
        if self.status == self.Status.ANSWERED and getattr(self, "follow_up_waiting", 0):
            return _("answered; your follow-up is waiting for the doctor")
        return self.get_status_display()

    @property
    def locked_reason(self) -> str:
        """Why its patient can no longer edit or withdraw it ("" while they can)."""
        if self.can_be_changed_by_author or self.status == self.Status.WITHDRAWN:
            return ""
        if self.status == self.Status.ANSWERED:
            return _(
                "An answered question stays as it was asked, with its reply. To have it "
                "taken down, report it to our staff."
            )
        if self.status == self.Status.DECLINED:
            return _("A declined question cannot be changed: you may ask a new one.")
        if self.needs_information:
            return _(
                "A doctor asked you for more information: answer below. Your question "
                "stays as you wrote it, with your answer added."
            )
        return _(
            "A doctor is writing a reply, so the question can no longer be edited or "
            "withdrawn. If it goes back to the queue, you can change it again."
        )


class TriageQuestion(Question):
    """Questions as staff triage them in the admin (a list of its own there)."""

    class Meta:
        proxy = True
        verbose_name = _("question in triage")
        verbose_name_plural = _("triage: questions with no department")
