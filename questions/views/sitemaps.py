"""sitemap.xml sections: answered questions (with their last change), departments, topics,
doctors and the list pages. Each section is split into pages of 50,000 URLs by Django."""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from questions.models import FAQTopic, Question, Reply
from specialists.models import Department, Doctor


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10_000  # well under the protocol's 50,000; smaller pages, less worker memory

    def items(self):
        # The latest reply edit, else the answer date: a correlated subquery per listed row
        # (a GROUP BY would scan every reply of the archive for each sitemap page).
        last_edit = (
            Reply.objects.filter(question=OuterRef("pk"), edited_at__isnull=False)
            .order_by("-edited_at")
            .values("edited_at")[:1]
        )
        return (
            Question.objects.public()
            .annotate(last_modified=Coalesce(Subquery(last_edit), "answered_at"))
            .only("pk", "slug", "answered_at")
            .order_by("pk")
        )

    def lastmod(self, question):
        return question.last_modified


class DepartmentSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Department.objects.order_by("position", "name")


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return FAQTopic.objects.order_by("pk")


class DoctorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Doctor.objects.listed().order_by("pk")


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["home", "questions:department-list", "questions:topic-list", "privacy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "questions": QuestionSitemap,
    "departments": DepartmentSitemap,
    "topics": TopicSitemap,
    "doctors": DoctorSitemap,
    "pages": PageSitemap,
}
