"""Whole-page caching of question pages for anonymous readers, and its invalidation."""

import pytest
from django.test import Client

from questions import services
from questions.archive import viewcounts
from tests.factories import DoctorFactory, FAQTopicFactory, QuestionFactory, answered_question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_second_anonymous_view_costs_no_query_and_still_counts(client, django_assert_num_queries):
    question = answered_question()
    url = question.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Cookie" in second["Vary"]
    assert viewcounts.pending(question.pk) == 2


def test_cached_page_carries_no_csrf_token_or_nonce(client, settings):
    question = answered_question()
    client.get(question.get_absolute_url())
    response = client.get(question.get_absolute_url())
    text = response.content.decode()
    assert "csrfmiddlewaretoken" not in text and "nonce" not in text
    assert settings.CSRF_COOKIE_NAME not in response.cookies


def test_logged_in_readers_are_not_served_from_the_cache(client):
    question = answered_question()
    client.get(question.get_absolute_url())
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    text = client.get(question.get_absolute_url()).content.decode()
    assert "Log out" in text  # rendered for this reader, not the cached anonymous page


def test_reply_publish_and_edit_forget_the_page(client, django_capture_on_commit_callbacks):
    question = answered_question()
    url = question.get_absolute_url()
    client.get(url)
    doctor = DoctorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.publish_reply(doctor=doctor, question=question, body="Second opinion.")
    assert "Second opinion." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_reply(doctor=doctor, reply=reply, body="Corrected opinion.")
    assert "Corrected opinion." in client.get(url).content.decode()


def test_hiding_and_topic_changes_retire_cached_pages(client, django_capture_on_commit_callbacks):
    question = answered_question()
    neighbour = answered_question(department=question.department, title="Neighbour Q&A title")
    from questions.search.vectors import refresh_search_vectors

    refresh_search_vectors()  # what publishing does; a no-op on SQLite
    url = question.get_absolute_url()
    assert "Neighbour Q&amp;A title" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_question(question=neighbour, actor=None)
    assert "Neighbour Q&amp;A title" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_question(question=question, actor=None)
    assert client.get(url).status_code == 404
    visible = answered_question()
    client.get(visible.get_absolute_url())
    topic = FAQTopicFactory(name="Brand new topic")
    with django_capture_on_commit_callbacks(execute=True):
        services.tag_questions(questions=[visible], topic=topic, actor=None)
    assert "Brand new topic" in client.get(visible.get_absolute_url()).content.decode()


def test_non_public_questions_are_never_cached(client):
    question = QuestionFactory()
    client.force_login(question.author)
    client.get(question.get_absolute_url())
    client.logout()
    assert client.get(question.get_absolute_url()).status_code == 404


def test_cached_page_keeps_security_headers_and_answers_304(client):
    """Served before the session middleware, a cached page still carries the CSP and
    framing headers, and a reader who has it gets 304 Not Modified."""
    question = answered_question()
    url = question.get_absolute_url()
    first = client.get(url)
    second = client.get(url)
    for response in (first, second):
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["Permissions-Policy"] == first["Permissions-Policy"]
        assert response["Content-Language"] == "en"
    assert dict(second.items()).keys() >= dict(first.items()).keys() - {"Set-Cookie"}
    assert second["ETag"] == first["ETag"]
    not_modified = client.get(url, headers={"If-None-Match": second["ETag"]})
    assert not_modified.status_code == 304
    assert viewcounts.pending(question.pk) == 3


def test_staff_reply_edit_in_the_admin_forgets_the_page(
    client, settings, django_capture_on_commit_callbacks
):
    """Staff correcting a reply in the admin (say, removing a phone number) takes effect on
    the cached page at once."""
    from django.urls import reverse

    from tests.factories import UserFactory

    question = answered_question()
    reply = question.replies.get()
    url = question.get_absolute_url()
    client.get(url)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    change = reverse("admin:questions_reply_change", args=[reply.pk])
    with django_capture_on_commit_callbacks(execute=True):  # once the admin's save commits
        client.post(change, {"question": question.pk, "doctor": reply.doctor.pk,
                             "body": "Corrected by staff without the phone number."})  # fmt: skip
    client.logout()
    assert "Corrected by staff" in client.get(url).content.decode()


def test_renaming_a_topic_in_the_admin_retires_cached_pages(
    client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.factories import UserFactory

    topic = FAQTopicFactory(name="Old topic name")
    question = answered_question(topics=[topic])
    url = question.get_absolute_url()
    assert "Old topic name" in client.get(url).content.decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:questions_faqtopic_change", args=[topic.pk]),
            {"name_en": "New topic name", "name_zh_hant": "", "slug": topic.slug,
             "department": topic.department_id, "description_en": "",
             "description_zh_hant": "", "position": 0},
        )  # fmt: skip
    client.logout()
    assert "New topic name" in client.get(url).content.decode()


def test_plain_http_is_still_redirected_when_the_page_is_cached(client, settings):
    """The cache answers before SecurityMiddleware, but never instead of its redirect."""
    question = answered_question()
    url = question.get_absolute_url()
    client.get(url, secure=True)
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # SecurityMiddleware reads the setting when it is built
    assert client.get(url, secure=True).status_code == 200
    redirected = client.get(url)
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")


def test_pages_are_cached_per_language(client):
    question = answered_question()
    url = question.get_absolute_url()
    english = client.get(url, headers={"Accept-Language": "en"})
    chinese = client.get(url, headers={"Accept-Language": "zh-Hant"})
    assert english["Content-Language"] == "en"
    assert chinese["Content-Language"] == "zh-hant"
    assert client.get(url, headers={"Accept-Language": "zh-Hant"}).content == chinese.content
    assert 'lang="zh-hant"' in chinese.content.decode()


def test_renaming_a_department_or_doctor_retires_cached_pages(
    client, django_capture_on_commit_callbacks
):
    """A department's or doctor's name shows on every page they answered: a change to
    either, from the admin or anywhere else, retires the cached pages at once."""
    question = answered_question()
    reply = question.replies.get()
    url = question.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        reply.doctor.name = "Renamed Doctor"
        reply.doctor.save()
    assert "Renamed Doctor" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        question.department.name = "Renamed Department"
        question.department.save()
    assert "Renamed Department" in client.get(url).content.decode()


def test_lists_in_cached_fragments_change_at_once(
    client, admin_client, django_capture_on_commit_callbacks
):
    """The home and department side columns are cached, but a renamed department, a
    topic deleted in the admin and a doctor whose account is closed show at once (review
    findings: each stayed for minutes). A login does not retire the cached pages."""
    from django.contrib.auth.models import update_last_login
    from django.urls import reverse

    from machinery import pagecache
    from tests.factories import AnsweredQuestionFactory, DepartmentFactory

    department = DepartmentFactory(name="Neurology")
    AnsweredQuestionFactory(department=department)
    topic = FAQTopicFactory(name="Tremor", department=department, is_featured=True)
    doctor = DoctorFactory(department=department, name="Jiang Junyi")
    url = department.get_absolute_url()

    def side(address):
        return client.get(address).content.decode().split("columns__side")[1]

    assert "Neurology" in side(reverse("home")) and "Tremor" in side(reverse("home"))
    assert "Tremor" in side(url) and "Jiang Junyi" in side(url)
    with django_capture_on_commit_callbacks(execute=True):
        department.name = "Brain and Nerves"
        department.save()
    assert "Brain and Nerves" in side(reverse("home"))
    assert "Brain and Nerves" in client.get(reverse("questions:department-list")).text
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:questions_faqtopic_delete", args=[topic.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert "Tremor" not in side(url) and "Tremor" not in side(reverse("home"))
    with django_capture_on_commit_callbacks(execute=True):
        doctor.user.is_active = False
        doctor.user.save()
    assert "Jiang Junyi" not in side(url)
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        update_last_login(None, doctor.user)
    assert pagecache.generation() == before
