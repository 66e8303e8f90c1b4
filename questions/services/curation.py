"""What staff do: triage, edits in the admin, moderation, and curating the FAQ archive."""

from django.db import transaction
from django.utils.translation import gettext as _

from questions import doctor_emails
from questions.changes import archive_changed, question_changed, topics_changed
from questions.models import (
    FAQTopic,
    Question,
    QuestionEvent,
    Reply,
    Report,
    TaggedQuestion,
    TopicRedirect,
)
from specialists.models import Department

from .audit import record
from .errors import QuestionError


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
        record(locked, QuestionEvent.Action.ASSIGNED, actor, department.name)
        question_changed(locked.pk)
        doctor_emails.tell_department_on_commit(locked)
    return locked


def record_staff_edit(*, question: Question, actor, fields: list[str]) -> None:
    """Staff saved a question in the admin, with its topics and replies (called once all
    is saved). The trail keeps which fields changed, not their text; a change of fields
    may show on other pages (headline, topics), a change of replies on its own page."""
    with transaction.atomic():
        if fields:
            record(question, QuestionEvent.Action.EDITED, actor, "staff: " + ", ".join(fields))
        question_changed(question.pk, text=True, listed=bool(fields))


def staff_saved_reply(*, reply: Reply) -> None:
    """Staff saved a reply in the admin."""
    with transaction.atomic():
        question_changed(reply.question_id, text=True)


def hide_question(*, question: Question, actor) -> Question:
    """Staff hide a Q&A: a 404 on every page, list and feed, kept in the database; its open
    reports are settled."""
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(is_hidden=True)
        question.reports.pending().update(status=Report.Status.HIDDEN)
        record(question, QuestionEvent.Action.HIDDEN, actor)
        question_changed(question.pk, listed=True)
    question.refresh_from_db()
    return question


def delete_questions(*, questions) -> None:
    """Staff delete questions for good (the admin's delete), with their replies and audit
    trail: they leave every page at once."""
    with transaction.atomic():
        Question.objects.filter(pk__in=[question.pk for question in questions]).delete()
        archive_changed()


def delete_replies(*, replies) -> None:
    """Staff delete replies (the admin's delete): their questions' pages change."""
    with transaction.atomic():
        replies = list(replies)
        Reply.objects.filter(pk__in=[reply.pk for reply in replies]).delete()
        question_changed(*{reply.question_id for reply in replies}, text=True)


def restore_question(*, question: Question, actor) -> Question:
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(is_hidden=False)
        record(question, QuestionEvent.Action.RESTORED, actor)
        question_changed(question.pk, listed=True)
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
        record(question, QuestionEvent.Action.DUPLICATE, actor, f"#{original.pk}")
        question_changed(question.pk, listed=True)
    question.refresh_from_db()
    return question


def tag_questions(*, questions, topic: FAQTopic, actor) -> int:
    """Add an FAQ topic to many questions at once; returns how many gained it."""
    tagged = []
    with transaction.atomic():
        for question in questions:
            _tagged, created = TaggedQuestion.objects.get_or_create(
                content_object=question, tag=topic
            )
            if created:
                tagged.append(question.pk)
                record(question, QuestionEvent.Action.TAGGED, actor, f"+ {topic.name}")
        if tagged:
            # text: the topic's names are in the questions' search vectors.
            question_changed(*tagged, text=True, listed=True)
    return len(tagged)


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
        topics_changed(target.pk)
    return target
