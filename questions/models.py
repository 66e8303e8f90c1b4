import unicodedata

from django.conf import settings
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db import connections, models
from django.db.models import Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from specialists.links import link

from . import search
from .precompiled import Precompiled


class FAQTopicQuerySet(models.QuerySet):
    def with_department(self):
        return self.select_related("department")

    def featured(self):
        """Featured topics, grouped by department in the departments' order."""
        return (
            self.filter(is_featured=True)
            .with_department()
            .order_by("department__position", "department__name", "position", "name")
        )

    def matching(self, text: str, *, limit: int = 5):
        """Topics whose name contains one of the text's terms."""
        words = search.terms(text)
        if not words:
            return self.none()
        condition = Q()
        for word in words:
            condition |= Q(name__icontains=word)
        return self.filter(condition).with_department().order_by("position", "name")[:limit]

    def related_to(self, question, *, limit: int = 10):
        """Related FAQ for a question page: its own topics first, then its department's
        featured topics."""
        own = TaggedQuestion.objects.filter(content_object=question).values("tag_id")
        condition = Q(pk__in=own)
        if question.department_id:
            condition |= Q(department_id=question.department_id, is_featured=True)
        return (
            self.filter(condition)
            .with_department()
            .annotate(is_own=models.Exists(own.filter(tag_id=models.OuterRef("pk"))))
            .order_by("-is_own", "position", "name")[:limit]
        )


class FAQTopic(TagBase):
    """A curated topic ("Sleep", "Tremor") that groups answered questions.

    Shown on a question page as "Sleep (Neurology)" under Related FAQ.
    """

    department = models.ForeignKey(
        "specialists.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_topics",
        verbose_name=_("department"),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers are listed first.")
    )
    is_featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_(
            "Featured topics appear on the home page and under every question of their department."
        ),
    )

    objects = NaturalKeyManager.from_queryset(FAQTopicQuerySet)()

    class Meta:
        verbose_name = _("FAQ topic")
        verbose_name_plural = _("FAQ topics")
        ordering = ["position", "name"]

    def get_absolute_url(self) -> str:
        return link("questions:topic-detail", self.slug)


def public_question(through: str = "") -> Q:
    """What makes a question public: answered, and not hidden by staff. `through` reaches
    the question from another model ("question__", "questions__")."""
    return Q(**{f"{through}status": Question.Status.ANSWERED, f"{through}is_hidden": False})


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
        words = search.terms(text)
        if not words:
            return self.none()
        text_query = search.any_word_query(text, vendor=connections[self.db].vendor)
        if text_query is not None:
            return (
                self.public()
                .filter(search_vector=text_query)
                .with_department()
                .annotate(score=SearchRank(models.F("search_vector"), text_query))
                .order_by("-score", "-answered_at", "-pk")[:limit]
            )
        score = sum(
            (
                models.Case(
                    models.When(Q(title__icontains=word) | Q(headline__icontains=word), then=1),
                    default=0,
                )
                for word in words
            ),
            start=models.Value(0),
        )
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

    def asked_by(self, user):
        """A patient's own questions, newest first."""
        return self.filter(author=user).with_department().order_by("-asked_at", "-pk")

    def answered_by(self, doctor):
        return self.latest_answered().filter(
            pk__in=Reply.objects.published().filter(doctor=doctor).values("question_id")
        )

    def similar_list(self, question, *, for_page: bool = False) -> list:
        """similar_to(question) as a list, read the way the question page reads them. With
        for_page, with their departments and published replies, as the page shows them.
        The text query's SQL is compiled once per connection (building and compiling it
        took longer than PostgreSQL took to run it)."""
        words, pieces = self._title_word_parts(question)
        with search.planned_for(question.title, self.db):
            if words or pieces:
                shape = tuple(value for value in (words, pieces) if value)
                return _similar_by_text[bool(words), bool(pieces), for_page](question.pk, *shape)
            found = self.similar_to(question)
            return list(_for_page(found) if for_page else found)

    def similar_to(self, question, *, limit: int = 4, candidates: int = 200):
        """Other public questions like this one, at a bounded cost whatever the archive's
        size. On PostgreSQL: up to `candidates` questions sharing any of its words (from the
        GIN index, unsorted) and the latest sharing one of its FAQ topics, ranked by text
        similarity with a bonus for those latest sharing a topic.
        Elsewhere, or for a title with no usable words: the latest questions sharing a
        topic or the department, those sharing a topic first."""
        words, pieces = self._title_word_parts(question)
        if words or pieces:
            return self.similar_by_text(question.pk, words, pieces, limit=limit,
                                        candidates=candidates)  # fmt: skip
        public = self.public().exclude(pk=question.pk)
        topic_ids = TaggedQuestion.objects.filter(content_object=question).values("tag_id")
        shares_topic = models.Exists(
            TaggedQuestion.objects.filter(
                content_object=models.OuterRef("pk"), tag_id__in=topic_ids
            )
        )
        latest = public.order_by("-answered_at", "-pk").values("pk")
        sharing = TaggedQuestion.objects.filter(tag_id__in=topic_ids).values("content_object_id")
        pool = Q(pk__in=latest.filter(pk__in=sharing)[:candidates])
        if question.department_id:
            pool |= Q(pk__in=latest.filter(department_id=question.department_id)[:candidates])
        return (
            self.filter(pool)
            .annotate(shares_topic=shares_topic)
            .order_by("-shares_topic", "-answered_at", "-pk")[:limit]
        )

    def _title_word_parts(self, question) -> tuple[str, str]:
        """search.any_word_parts of the question's headline and title."""
        return search.any_word_parts(
            f"{question.display_title} {question.title}", vendor=connections[self.db].vendor
        )

    def similar_by_text(self, pk: int, words: str, pieces: str, *, limit=4, candidates=200):
        """similar_to on PostgreSQL, for a question's id and any_word_parts of its title."""
        text_query = search.word_query(words, pieces)
        public = self.public().exclude(pk=pk)
        # The newest questions of each of the question's first three topics, read from the
        # (tag, question) index one topic at a time: for "any of its topics" PostgreSQL
        # walked the whole index backwards, filtering (6,000 rows, 3 ms, twice).
        topics = TaggedQuestion.objects.filter(content_object_id=pk).order_by("tag_id")
        per_topic = [
            TaggedQuestion.objects.filter(tag_id=Subquery(topics.values("tag_id")[k : k + 1]))
            .order_by("-content_object_id")
            .values_list("content_object_id", flat=True)[: candidates // 4]
            for k in range(3)
        ]
        topic_pool = per_topic[0].union(*per_topic[1:])
        text_pool = (
            public.filter(search_vector=text_query).order_by().values_list("pk", flat=True)
        )[:candidates]
        # One list of ids: an OR of two IN (subquery) makes PostgreSQL scan the table.
        pool = text_pool.union(*per_topic)
        return (
            public.filter(pk__in=pool)
            .annotate(
                score=models.functions.Coalesce(
                    SearchRank(models.F("search_vector"), text_query), 0.0
                )
                # The bonus goes to the topic pool (the newest questions sharing a
                # topic): 50 ids hashed once. An EXISTS per candidate let PostgreSQL
                # hash every question of the topics instead (40,000 rows, 18 ms).
                + models.Case(models.When(pk__in=topic_pool, then=0.1), default=0.0)
            )
            .order_by("-score", "-answered_at", "-pk")[:limit]
        )


def shorten(text: str, limit: int) -> str:
    """Text of at most `limit` characters, an ellipsis ending what was cut: truncatechars at
    a tenth of its cost (a list page cuts twenty bodies). Composed first (NFC), as
    truncatechars does, so that a letter typed as letter-plus-accent is not cut apart."""
    if len(text) <= limit:
        return text
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _for_page(questions):
    return questions.with_department().prefetch_related(
        models.Prefetch("replies", queryset=Reply.objects.published().with_doctor())
    )


def _similar_builder(words: bool, pieces: bool, for_page: bool):
    def build(pk, *parts):
        parts = iter(parts)
        found = Question.objects.similar_by_text(
            pk, next(parts) if words else "", next(parts) if pieces else ""
        )
        return _for_page(found) if for_page else found

    return Precompiled(build)


# One compiled query per shape: English words, Chinese pieces or both; for the page or not.
_similar_by_text = {
    (words, pieces, for_page): _similar_builder(words, pieces, for_page)
    for words in (True, False)
    for pieces in (True, False)
    for for_page in (True, False)
    if words or pieces
}


class QuestionStatus(models.TextChoices):
    TRIAGE = "triage", _("waiting for triage")
    OPEN = "open", _("waiting for a doctor")
    ANSWERED = "answered", _("answered")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DeclineReason(models.TextChoices):
    """Why a question was declined. The code is stored and the text is translated when it is
    shown, so a patient reads it in their own language whatever the doctor's language."""

    EMERGENCY = "emergency", _("An emergency")
    PRESCRIPTION = "prescription", _("Asks for a prescription")
    NOT_MEDICAL = "not_medical", _("Not a medical question")
    PERSONAL_DATA = "personal_data", _("Contains personal data")
    OTHER = "other", _("Other (explain below)")


# What the patient reads for each reason; "other" is explained in the doctor's own words.
DECLINE_REASON_TEXTS = {
    DeclineReason.EMERGENCY: _(
        "Your question describes symptoms that may need urgent care. Please go to an "
        "emergency department or call the emergency number now, rather than wait for a "
        "written reply."
    ),
    DeclineReason.PRESCRIPTION: _(
        "We cannot prescribe or change medicine online. Please see a doctor in person."
    ),
    DeclineReason.NOT_MEDICAL: _("This service answers medical questions only."),
    DeclineReason.PERSONAL_DATA: _(
        "Your question contains personal details (a name, phone or ID number) that would "
        "be published. Please ask again without them."
    ),
}


class AgeRange(models.TextChoices):
    UNDER_10 = "0~9", _("under 10")
    TEENS = "10~19", "10~19"
    TWENTIES = "20~29", "20~29"
    THIRTIES = "30~39", "30~39"
    FORTIES = "40~49", "40~49"
    FIFTIES = "50~59", "50~59"
    SIXTIES = "60~69", "60~69"
    SEVENTIES = "70~79", "70~79"
    OVER_80 = "80+", _("80 and over")


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("prefer not to say")


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


class TriageQuestion(Question):
    """Questions as staff triage them in the admin (a list of its own there)."""

    class Meta:
        proxy = True
        verbose_name = _("question in triage")
        verbose_name_plural = _("triage: questions with no department")


class TaggedQuestion(TaggedItemBase):
    content_object = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="tagged_topics"
    )
    tag = models.ForeignKey(FAQTopic, on_delete=models.CASCADE, related_name="tagged_questions")

    class Meta:
        verbose_name = _("question topic")
        verbose_name_plural = _("question topics")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_question_once"),
        ]
        indexes = [
            models.Index(fields=["tag", "-content_object"], name="tagged_question_by_tag"),
        ]


class ReplyQuerySet(models.QuerySet):
    def with_doctor(self):
        return self.select_related("doctor__department")

    def published(self):
        return self.filter(published_at__isnull=False)

    def for_page(self):
        """Published replies with their doctors and their "I agree" counts."""
        return (
            self.published()
            .with_doctor()
            .annotate(agree_count=models.Count("agreements"))
            .order_by("published_at", "pk")
        )


class Reply(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="replies", verbose_name=_("question")
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


class Referral(models.Model):
    """A doctor sent a question to another department, with a note for its doctors."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("question")
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

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return gettext("Referral of question #%(question)s") % {"question": self.question_id}


def answered_counts_by_department() -> dict:
    """{department id: its public questions}, counted from the public questions' index
    alone (150 ms over a million Q&A), not by joining every question to its department
    (870 ms)."""
    return dict(
        Question.objects.public()
        .order_by()
        .values("department_id")
        .annotate(count=models.Count("pk"))
        .values_list("department_id", "count")
    )


class CrisisTermQuerySet(models.QuerySet):
    def found_in(self, *texts: str) -> list[str]:
        """The active crisis terms that occur in any of the texts, ignoring case."""
        haystack = " ".join(texts).casefold()
        return [
            term
            for term in self.filter(is_active=True).values_list("term", flat=True)
            if term.casefold() in haystack
        ]


class CrisisTerm(models.Model):
    """A word or phrase that suggests an emergency ("chest pain", "自殺").

    A question that contains one shows the emergency help text and is marked priority.
    """

    term = models.CharField(_("word or phrase"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CrisisTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("crisis term")
        verbose_name_plural = _("crisis terms")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(Lower("term"), name="crisis_term_unique"),
        ]

    def __str__(self) -> str:
        return self.term


class TopicRedirect(models.Model):
    """The address of a merged FAQ topic, kept so that old links still arrive."""

    old_slug = models.SlugField(_("old slug"), max_length=100, unique=True, allow_unicode=True)
    topic = models.ForeignKey(
        FAQTopic, on_delete=models.CASCADE, related_name="redirects", verbose_name=_("topic")
    )

    class Meta:
        verbose_name = _("topic redirect")
        verbose_name_plural = _("topic redirects")
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.topic_id}"


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
        Question, on_delete=models.CASCADE, related_name="reports", verbose_name=_("question")
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

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="events", verbose_name=_("question")
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
