"""Every write path ends in the one "this question changed" / "the archive changed" step
(questions.changes), and that step does what must follow a write."""

import ast
import inspect

import pytest
from django.core.management import call_command
from django.urls import reverse

from machinery import pagecache
from questions import changes, services
from questions.archive.pagecache import forget_question
from questions.demo import loading
from questions.meaning import vectors
from questions.models import Question, Reply
from tests.factories import (
    DoctorFactory,
    FAQTopicFactory,
    ReplyFactory,
    UserFactory,
    answered_question,
)

# Writes that change nothing any page shows, each with the reason.
NOT_ARCHIVE_CHANGES = {
    "claim_question": "a doctor's reservation, seen only on the dashboard",
    "release_claim": "the same reservation given back",
    "save_draft": "an unpublished draft, seen by its doctor only",
    "report_question": "a report for staff; the Q&A is unchanged until they act",
    "dismiss_reports": "closes reports; the Q&A is unchanged",
    "stop_reply_emails": "an account's e-mail preference",
    "thank_doctor": "a private note to the doctor, on the dashboard only",
}
WRITES = ("save", "update", "create", "bulk_create", "delete", "get_or_create")


def _service_functions():
    for module in (services.asking, services.answering, services.curation):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield name, function


def test_every_service_that_writes_ends_in_the_one_step():
    """A service that writes to the database calls question_changed or archive_changed,
    unless it is listed above with the reason it changes no page."""
    missing = []
    for name, function in _service_functions():
        calls = {
            node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            for node in ast.walk(ast.parse(inspect.getsource(function).lstrip()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
        }
        writes = bool(calls & set(WRITES)) or "record" in calls
        ends_in_step = bool(calls & {"question_changed", "archive_changed", "topics_changed"})
        if writes and not ends_in_step and name not in NOT_ARCHIVE_CHANGES:
            missing.append(name)
    assert missing == []
    assert set(NOT_ARCHIVE_CHANGES) <= {name for name, _function in _service_functions()}


@pytest.mark.django_db
def test_question_changed_forgets_the_page_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    """The cached page goes once the transaction commits, not before (a reader could
    store the old page again meanwhile); the vectors of their meaning are made by a task
    then when their words or their place in lists changed; listed=True retires every
    page instead."""
    forgotten, retired, embedded = [], [], []
    monkeypatch.setattr(changes, "forget_question", forgotten.append)
    monkeypatch.setattr(pagecache, "retire_all", lambda: retired.append(True))
    monkeypatch.setattr(vectors, "embed", embedded.append)  # what the task runs
    with django_capture_on_commit_callbacks(execute=True):
        changes.question_changed(1, 2, text=True)
        assert forgotten == [] and embedded == []
    assert forgotten == [1, 2] and retired == [] and embedded == [[1, 2]]
    with django_capture_on_commit_callbacks(execute=True):
        changes.question_changed(3, listed=True)
    assert forgotten == [1, 2] and retired == [True] and embedded == [[1, 2], [3]]
    with django_capture_on_commit_callbacks(execute=True):
        changes.question_changed(4)  # words and lists unchanged: the page only
    assert forgotten == [1, 2, 4] and embedded == [[1, 2], [3]]


@pytest.mark.django_db
def test_a_change_to_a_department_retires_the_cached_pages(django_capture_on_commit_callbacks):
    """Departments, doctors and topics are saved by other apps and the admin: their
    receivers are connected once, in QuestionsConfig.ready()."""
    before = pagecache.generation()
    doctor = DoctorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        doctor.department.name = "Renamed"
        doctor.department.save()
    assert pagecache.generation() > before


@pytest.mark.django_db
def test_staff_deleting_a_question_in_the_admin_retires_the_pages(
    client, django_capture_on_commit_callbacks
):
    """The admin's delete goes through services too: the Q&A leaves every cached page."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    reply = ReplyFactory()
    client.force_login(staff)
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:questions_question_delete", args=[reply.question.pk]), {"post": "yes"}
        )
    assert not Question.objects.filter(pk=reply.question.pk).exists()
    assert pagecache.generation() > before


@pytest.mark.django_db
def test_staff_deleting_a_reply_in_the_admin_forgets_its_page(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_staff=True, is_superuser=True)
    reply = ReplyFactory()
    forgotten = []
    monkeypatch.setattr(changes, "forget_question", forgotten.append)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:questions_reply_delete", args=[reply.pk]), {"post": "yes"})
    assert not Reply.objects.filter(pk=reply.pk).exists()
    assert forgotten == [reply.question_id]


@pytest.mark.django_db
def test_an_agreement_shows_at_once_on_the_cached_page(client, django_capture_on_commit_callbacks):
    """ "I agree" counts are on the page: the cached copy is forgotten."""
    question = answered_question()
    reply = question.replies.get()
    url = question.get_absolute_url()
    client.get(url)  # cached for anonymous readers
    other = DoctorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.agree_with_reply(doctor=other, reply=reply)
    page = client.get(url)
    assert page.status_code == 200
    assert b'"upvoteCount": 1' in page.content


@pytest.mark.django_db
def test_loading_the_demo_retires_the_cached_pages(django_capture_on_commit_callbacks):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert pagecache.generation() > before
    assert loading.archive_changed is changes.archive_changed


def test_forget_question_is_the_question_kind_of_the_page_cache(monkeypatch):
    forgotten = []
    monkeypatch.setattr(pagecache, "forget", lambda kind, pk: forgotten.append((kind, pk)))
    forget_question(7)
    assert forgotten == [("question", 7)]


@pytest.mark.django_db
def test_a_topic_reordered_keeps_its_vectors_and_a_renamed_one_recomputes_them(monkeypatch):
    """The admin's topic list saves every row shown when a position or "featured" changes:
    only a change of name recomputes the topic's questions' search vectors."""
    recomputed = []
    monkeypatch.setattr(changes, "refresh_topic_vectors", recomputed.append)
    topic = FAQTopicFactory(name_en="Sleep", name_zh_hant="睡眠")
    topic.position, topic.is_featured = 5, True
    topic.save()
    assert recomputed == []
    topic.name_zh_hant = "睡眠障礙"
    topic.save()
    assert recomputed == [(topic.pk,)]
