"""Totals over the whole archive, kept for a minute (machinery.freshness): counting a
department's answers costs more than showing twenty of them."""

from django.db.models import Count

from machinery.freshness import fresh_or_recent
from questions.models import FAQTopic, Question, TaggedQuestion, public_question
from specialists.models import Department


def department_counts() -> list:
    """Every department in order, with ``answered_count``. Only the counts are kept (by
    department id): names and addresses are read afresh, so a renamed or removed
    department shows at once."""
    counts = fresh_or_recent("answered-by-department", answered_counts_by_department)
    return _with_counts(Department.objects.order_by("position", "name"), counts)


def topic_counts() -> list:
    """FAQ topics in department order, with ``answered_count`` (counts kept, as above)."""
    counts = fresh_or_recent("answered-by-topic", answered_counts_by_topic)
    topics = FAQTopic.objects.with_department().order_by(
        "department__position", "department__name", "position", "name"
    )
    return _with_counts(topics, counts)


def _with_counts(rows, counts: dict) -> list:
    """The rows, each with ``answered_count`` from counts by id (0 when absent)."""
    rows = list(rows)
    for row in rows:
        row.answered_count = counts.get(row.pk, 0)
    return rows


def answered_counts_by_department() -> dict:
    """{department id: its public questions}, counted from the public questions' index
    alone, not by joining every question to its department."""
    return dict(
        Question.objects.public()
        .order_by()
        .values("department_id")
        .annotate(count=Count("pk"))
        .values_list("department_id", "count")
    )


def answered_counts_by_topic() -> dict:
    """{topic id: its public questions}: the topic links joined to the public questions'
    index, not every topic joined to every link and question."""
    return dict(
        TaggedQuestion.objects.filter(public_question("content_object__"))
        .order_by()
        .values("tag_id")
        .annotate(count=Count("pk"))
        .values_list("tag_id", "count")
    )
