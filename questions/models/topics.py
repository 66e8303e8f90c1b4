"""FAQ topics, the questions tagged with them, and the addresses of merged topics."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from machinery.links import link
from questions.search.terms import terms


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
        """Topics whose name, in any language, contains one of the text's terms."""
        words = terms(text)
        if not words:
            return self.none()
        condition = Q()
        for word in words:
            condition |= Q(name_en__icontains=word) | Q(name_zh_hant__icontains=word)
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


class TaggedQuestion(TaggedItemBase):
    content_object = models.ForeignKey(
        "questions.Question", on_delete=models.CASCADE, related_name="tagged_topics"
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
