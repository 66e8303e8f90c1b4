"""Readers and the asker give feedback: "This answered my question too" on any public
reply (once per browser, limited per IP, the question page still cached whole), and the
asker's thanks with a note only the doctor sees."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from questions import services
from questions.models import ReplyHelped, ReplyThanks
from questions.views.public import BROWSER_COOKIE
from tests.factories import AnsweredQuestionFactory, DoctorFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reply():
    return ReplyFactory(question=AnsweredQuestionFactory(title="Numb fingers every morning"))


def test_a_reader_says_a_reply_answered_their_question_too_once_per_browser(
    client, reply, django_capture_on_commit_callbacks
):
    page = client.get(reply.question.get_absolute_url()).content.decode()
    url = reverse("questions:reply-helped", args=[reply.pk])
    assert f'href="{url}" rel="nofollow">This answered my question too</a>' in page
    assert 'name="csrfmiddlewaretoken"' not in page.split("reply__helped")[1][:300]
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Yes, it answered my question too" in confirm.text
    assert ReplyHelped.objects.count() == 0  # a GET counts nothing
    done = client.post(url)
    assert "Thank you: it is counted." in done.text
    assert BROWSER_COOKIE in done.cookies and done.cookies[BROWSER_COOKIE]["httponly"]
    again = client.post(url)  # the same browser (its cookie): once
    assert "it counts once" in again.text
    reply.refresh_from_db()
    assert reply.helped_count == 1
    with django_capture_on_commit_callbacks(execute=True):  # the cached page forgotten
        client.__class__().post(url)
    reply.refresh_from_db()
    assert reply.helped_count == 2
    page = client.get(reply.question.get_absolute_url()).content.decode()
    assert "(2 readers)" in page


def test_the_question_page_stays_cached_whole_and_shows_the_new_count(
    client, reply, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The anonymous page holds no per-reader form; a new mark forgets the cached page."""
    url = reply.question.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):  # served from the cache
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("questions:reply-helped", args=[reply.pk]))
    fresh = client.get(url)
    assert "(1 reader)" in fresh.content.decode()


def test_helped_is_limited_per_ip_address(client, reply, settings):
    settings.HELPED_PER_HOUR = 2
    url = reverse("questions:reply-helped", args=[reply.pk])
    statuses = [client.__class__().post(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    reply.refresh_from_db()
    assert reply.helped_count == 2


def test_only_public_replies_can_be_marked(client):
    hidden = ReplyFactory(question=AnsweredQuestionFactory(is_hidden=True))
    draft = ReplyFactory(published_at=None)
    for target in (hidden, draft):
        url = reverse("questions:reply-helped", args=[target.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert ReplyHelped.objects.count() == 0


def test_the_asker_thanks_the_doctor_with_a_note_only_the_doctor_sees(client):
    patient = UserFactory()
    doctor = DoctorFactory(name="Lin Mei")
    reply = ReplyFactory(question=AnsweredQuestionFactory(author=patient), doctor=doctor)
    client.force_login(patient)
    page = client.get(reply.question.get_absolute_url()).content.decode()
    url = reverse("questions:thank", args=[reply.pk])
    assert f'href="{url}">Thank Dr. Lin Mei</a>' in page
    too_long = client.post(url, {"note": "x" * 501})
    assert "Keep the note to 500 characters (it has 501)." in too_long.text
    assert "x" * 501 in too_long.text  # the text kept
    invisible = client.post(url, {"note": "Thank you\u200b"})
    assert "Remove the invisible formatting characters" in invisible.text
    assert not ReplyThanks.objects.exists()
    response = client.post(url, {"note": "Your advice worked, thank you!"})
    assert response.status_code == 302
    assert ReplyThanks.objects.get(reply=reply).note == "Your advice worked, thank you!"
    client.post(url, {"note": "Still fine a month later."})  # replaces the note
    assert ReplyThanks.objects.get(reply=reply).note == "Still fine a month later."
    public = client.__class__().get(reply.question.get_absolute_url()).content.decode()
    assert "Still fine a month later." not in public and "Thank Dr." not in public
    client.force_login(doctor.user)
    figures = client.get(reverse("questions:dashboard-me")).content.decode()
    assert "Still fine a month later." in figures
    assert "Patients who thanked you</dt><dd>1</dd>" in figures


def test_only_the_asker_may_thank(client):
    reply = ReplyFactory(question=AnsweredQuestionFactory(author=UserFactory()))
    url = reverse("questions:thank", args=[reply.pk])
    for user in (UserFactory(), reply.doctor.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"note": "Hi"}).status_code == 404
    with pytest.raises(services.QuestionError):
        services.thank_doctor(reply=reply, author=UserFactory(), note="Hi")
    assert not ReplyThanks.objects.exists()
