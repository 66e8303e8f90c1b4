"""The public pages: a question, departments, FAQ topics, doctors, reporting a Q&A, and
what every public list leaves out."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from questions import services
from questions.models import Question, Report
from questions.views.public import ARCHIVE_PAGE_SIZE
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
    answered_question,
    days_ago,
)

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


class TestQuestionPage:
    def test_wrong_or_missing_slug_redirects_permanently_to_canonical_url(self, client):
        """/questions/<id>/ and /questions/<id>/<old-slug>/ answer 301 to the canonical URL."""
        question = answered_question(headline="Limb Jerks During Sleep")
        canonical = f"/questions/{question.pk}/limb-jerks-during-sleep/"
        for url in (f"/questions/{question.pk}/", f"/questions/{question.pk}/old-title/"):
            response = client.get(url)
            assert response.status_code == 301
            assert response["Location"] == canonical
        assert client.get(canonical).status_code == 200

    def test_unknown_question_is_404(self, client):
        """A question id that does not exist is a 404 in the site's style."""
        response = client.get("/questions/999999/anything/")
        assert response.status_code == 404
        assert "Page not found" in page_text(response)

    @pytest.mark.parametrize("status", ["open", "triage", "declined", "withdrawn"])
    def test_non_answered_question_is_404_for_readers(self, client, status):
        """Any status but answered is a 404 to anonymous readers, another patient and a doctor
        of another department, even at its canonical URL."""
        question = QuestionFactory(status=status)
        url = question.get_absolute_url()
        assert client.get(url).status_code == 404
        client.force_login(UserFactory())
        assert client.get(url).status_code == 404
        client.force_login(DoctorFactory().user)
        assert client.get(url).status_code == 404

    def test_non_answered_question_is_shown_to_author_department_and_staff(self, client):
        """The author, a doctor of its department and staff can open a question that is not
        public; the page says it is not public."""
        question = QuestionFactory(status="open")
        for user in (
            question.author,
            DoctorFactory(department=question.department).user,
            UserFactory(is_staff=True),
        ):
            client.force_login(user)
            response = client.get(question.get_absolute_url())
            assert response.status_code == 200
            assert "This question is not public" in page_text(response)

    def test_page_shows_question_reply_and_asker_line(self, client):
        """Title, body, asker line, reply heading, signature and dates as on the reference."""
        neurology = DepartmentFactory(name="Neurology", slug="neurology")
        question = AnsweredQuestionFactory(
            department=neurology,
            nickname="ALEX",
            age_range="20~29",
            gender="female",
            title="Twitches of hands and feet during sleep?",
            headline="Involuntary Limb Jerks During Sleep",
        )
        doctor = DoctorFactory(
            name="Yeh Po-Shou", department=neurology, hospital="Hsinchu Hospital"
        )
        ReplyFactory(question=question, doctor=doctor, body="Take a warm bath.")
        response = client.get(question.get_absolute_url())
        text = page_text(response)
        assert "<title>Involuntary Limb Jerks During Sleep - Neurology</title>" in text
        assert "Twitches of hands and feet during sleep?" in text
        assert "ALEX, 20~29 year old female." in text
        assert "Ask Date:" in text
        assert "Dr. Yeh Po-Shou reply Neurology" in text
        assert "Dr. Yeh Po-Shou, Neurology Department, Hsinchu Hospital." in text
        assert "Reply Date:" in text

    def test_asker_line_without_gender(self, client):
        """Gender "prefer not to say" is left out of the asker line."""
        question = answered_question(nickname="Sam", age_range="80+", gender="other")
        assert "Sam, 80 and over year old." in page_text(client.get(question.get_absolute_url()))

    def test_typed_text_is_escaped_and_keeps_paragraphs(self, client):
        """What patients and doctors typed is escaped, with its line breaks kept."""
        question = AnsweredQuestionFactory(
            title="<b>bold</b> title here", body="First line\nsecond <script>alert(1)</script>"
        )
        ReplyFactory(question=question, body="Reply <img src=x onerror=alert(1)>\n\nNext")
        text = page_text(client.get(question.get_absolute_url()))
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;b&gt;bold&lt;/b&gt; title here" in text
        assert "<img src=x" not in text
        assert "First line<br>second" in text
        assert "<p>Next</p>" in text

    def test_more_info_markdown_is_rendered_and_sanitised(self, client):
        """Staff "More info" Markdown gives headings and lists; scripts and javascript: links
        are removed."""
        question = answered_question(
            more_info=(
                "### Causes\n\n1. **Fatigue**\n2. Stress\n\n- a\n- b\n\n"
                "<script>alert(1)</script>\n\n[link](javascript:alert(1)) "
                '<a href="https://example.org" onclick="x()">ok</a>'
            )
        )
        text = page_text(client.get(question.get_absolute_url()))
        assert '<h2 id="more-info">More Info</h2>' in text
        assert "<h3>Causes</h3>" in text
        assert "<li><strong>Fatigue</strong></li>" in text
        assert "<script>alert(1)</script>" not in text
        assert "javascript:" not in text
        assert "onclick" not in text
        assert 'href="https://example.org"' in text

    def test_share_links_are_plain_links(self, client):
        """LINE, Facebook, X, e-mail and copy link, with no third-party script."""
        question = answered_question(headline="Sleep Jerks")
        text = page_text(client.get(question.get_absolute_url()))
        url = f"http%3A%2F%2Ftestserver%2Fquestions%2F{question.pk}%2Fsleep-jerks%2F"
        assert f"https://social-plugins.line.me/lineit/share?url={url}" in text
        assert f"https://www.facebook.com/sharer/sharer.php?u={url}" in text
        assert f"https://x.com/intent/post?url={url}" in text
        assert "mailto:?subject=Sleep%20Jerks" in text
        assert "Copy link" in text
        assert '<script src="http' not in text

    def test_similar_and_related_faq(self, client):
        """Similar Q&A shows headline, excerpts, replying doctor and Read More; Related FAQ
        shows "Topic (Department)" linking to the topic page."""
        neurology = DepartmentFactory(name="Neurology", slug="neurology")
        sleep = FAQTopicFactory(name="Sleep", slug="sleep", department=neurology)
        question = answered_question(department=neurology, topics=[sleep])
        similar = AnsweredQuestionFactory(
            department=DepartmentFactory(name="Psychiatry"),
            topics=[sleep],
            headline="Sleep Jerks and Insomnia",
        )
        ReplyFactory(
            question=similar,
            doctor=DoctorFactory(name="Li Zhengfeng", department=similar.department),
            body="Insomnia has three kinds of causes.",
        )
        QuestionFactory(department=neurology, topics=[sleep], title="Private twitch question")
        text = page_text(client.get(question.get_absolute_url()))
        assert "Similar Q&A" in text
        assert similar.get_absolute_url() in text
        assert "Dr. Li Zhengfeng reply Psychiatry" in text
        assert "Insomnia has three kinds of causes." in text
        assert "Read More" in text
        assert "Private twitch question" not in text
        assert "Related FAQ" in text
        assert '<a href="/topics/sleep/">Sleep <span class="topic-list__department">' in text
        assert "(Neurology)" in text

    def test_query_count_is_fixed(self, client, django_assert_num_queries):
        """The question page costs the same few queries however many replies and similar Q&A."""
        department = DepartmentFactory()
        topic = FAQTopicFactory(department=department, is_featured=True)
        question = answered_question(department=department, topics=[topic])
        ReplyFactory(question=question)
        for _ in range(5):
            answered_question(department=department, topics=[topic])
        # The replies with their question, one query; then, in the fragment cached
        # afterwards, the Similar Q&A kept with its vector of meaning, those sharing its
        # words and topics, their replies, and the related FAQ topics.
        with django_assert_num_queries(5):
            response = client.get(question.get_absolute_url())
        assert response.status_code == 200
        # Logged in as a doctor: the session, the user and the Doctor profile, once; the
        # Similar Q&A, More info and Related FAQ fragments now come from the cache.
        client.force_login(DoctorFactory().user)
        with django_assert_num_queries(5):
            assert client.get(question.get_absolute_url()).status_code == 200

    def test_public_question_without_published_replies_still_shows(self, client):
        """A public question whose replies are all unpublished (the one query that reads
        replies with their question finds none) is read on its own and shown."""
        question = answered_question()
        question.replies.update(published_at=None)
        response = client.get(question.get_absolute_url())
        assert response.status_code == 200
        assert question.title in response.text
        assert 'class="reply"' not in response.text

    def test_hidden_question_with_replies_is_not_found(self, client):
        """The replies' query is as strict as the question's: hidden means 404."""
        question = answered_question()
        Question.objects.filter(pk=question.pk).update(is_hidden=True)
        assert client.get(question.get_absolute_url()).status_code == 404

    def test_every_reply_shows_in_order_under_one_question(self, client):
        """Read with their question, several replies still show in publication order."""
        question = answered_question()
        later = ReplyFactory(question=question, body="A second opinion from me.")
        response = client.get(question.get_absolute_url())
        text = response.text
        first = question.replies.order_by("published_at", "pk").first()
        assert text.index(f'id="reply-{first.pk}"') < text.index(f'id="reply-{later.pk}"')
        assert response.context["replies"][1].question is response.context["question"]


class TestDepartmentPages:
    def test_index_lists_departments_with_answered_counts(self, client, django_assert_num_queries):
        """The department index shows each department and how many answered questions it has."""
        neurology = DepartmentFactory(name="Neurology")
        AnsweredQuestionFactory.create_batch(2, department=neurology)
        QuestionFactory(department=neurology)  # not public, not counted
        DepartmentFactory(name="Psychiatry")
        # The counts from the public questions' index, then the departments; then cached.
        with django_assert_num_queries(2):
            response = client.get(reverse("questions:department-list"))
        text = page_text(response)
        assert "Neurology" in text and "Psychiatry" in text
        assert "2 answered questions" in text
        assert "0 answered questions" in text
        # Then the departments alone: only the counts are kept, names are read afresh.
        with django_assert_num_queries(1):
            client.get(reverse("questions:department-list"))

    def test_archive_newest_first_paginated_with_total_topics_and_doctors(
        self, client, django_assert_num_queries
    ):
        """A department's answered questions, newest first, 20 a page, with its total count,
        its FAQ topics and its doctors; other departments' and private questions are absent."""
        department = DepartmentFactory(name="Neurology")
        questions = [
            AnsweredQuestionFactory(department=department, answered_at=days_ago(day))
            for day in range(ARCHIVE_PAGE_SIZE + 3)
        ]
        private = QuestionFactory(department=department, title="Private question in neurology")
        elsewhere = AnsweredQuestionFactory(title="Answered in another department")
        FAQTopicFactory(department=department, name="Tremor")
        DoctorFactory(department=department, name="Jiang Junyi")
        url = department.get_absolute_url()
        # department, total, page ids, page rows, topics, doctors
        with django_assert_num_queries(6):
            response = client.get(url)
        text = page_text(response)
        assert f"{ARCHIVE_PAGE_SIZE + 3} answered questions" in text
        page = list(response.context["questions"])
        assert page == questions[:ARCHIVE_PAGE_SIZE]
        assert private.title not in text and elsewhere.title not in text
        assert "Tremor" in text and "Dr. Jiang Junyi" in text
        assert "Page 1 of 2" in text
        # department, page ids, page rows: the total and the sidebar are now cached.
        with django_assert_num_queries(3):
            second = client.get(url + "?page=2")
        assert list(second.context["questions"]) == questions[ARCHIVE_PAGE_SIZE:]
        assert "Tremor" in page_text(second) and "Dr. Jiang Junyi" in page_text(second)
        assert client.get(url + "?page=3").status_code == 404
        assert client.get(url + "?page=abc").status_code == 404

    def test_a_page_s_ids_are_kept_until_a_question_is_answered_or_hidden(
        self, client, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        """Seen again, a page costs the department and its rows (its ids are kept); a newly
        answered question is on it at once, and a hidden one gone at once."""
        department = DepartmentFactory()
        shown = AnsweredQuestionFactory(department=department, answered_at=days_ago(2))
        url = department.get_absolute_url()
        client.get(url)
        with django_assert_num_queries(2):
            client.get(url)
        waiting = QuestionFactory(department=department, title="Newly answered question")
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_reply(
                doctor=DoctorFactory(department=department), question=waiting, body="Rest."
            )
        assert list(client.get(url).context["questions"]) == [waiting, shown]
        with django_capture_on_commit_callbacks(execute=True):
            services.hide_question(question=waiting, actor=None)
        assert list(client.get(url).context["questions"]) == [shown]

    def test_sidebar_shows_a_new_or_renamed_doctor_at_once(
        self, client, django_capture_on_commit_callbacks
    ):
        """The cached topics-and-doctors sidebar is retired when a doctor is added or
        renamed (the page generation moves)."""
        department = DepartmentFactory()
        doctor = DoctorFactory(department=department, name="Jiang Junyi")
        url = department.get_absolute_url()
        assert "Dr. Jiang Junyi" in page_text(client.get(url))
        with django_capture_on_commit_callbacks(execute=True):
            DoctorFactory(department=department, name="Lin Meiling")
            doctor.name = "Jiang Junhui"
            doctor.save()
        text = page_text(client.get(url))
        assert "Dr. Lin Meiling" in text and "Dr. Jiang Junhui" in text

    def test_unknown_department_is_404(self, client):
        assert client.get("/departments/no-such-department/").status_code == 404


class TestTopicPages:
    def test_index_groups_topics_by_department(self, client, django_assert_num_queries):
        """The FAQ topic index groups topics under their departments, with answered counts."""
        neurology = DepartmentFactory(name="Neurology", position=1)
        psychiatry = DepartmentFactory(name="Psychiatry", position=2)
        sleep = FAQTopicFactory(name="Sleep", department=neurology)
        FAQTopicFactory(name="Insomnia", department=psychiatry)
        AnsweredQuestionFactory.create_batch(3, topics=[sleep])
        QuestionFactory(topics=[sleep])
        # The counts by topic, then the topics; then cached.
        with django_assert_num_queries(2):
            response = client.get(reverse("questions:topic-list"))
        text = page_text(response)
        assert text.index("Neurology") < text.index("Sleep") < text.index("Psychiatry")
        assert text.index("Psychiatry") < text.index("Insomnia")
        assert "(3)" in text
        with django_assert_num_queries(1):  # the topics: only the counts are kept
            client.get(reverse("questions:topic-list"))

    def test_topic_page_lists_its_answered_questions(self, client, django_assert_num_queries):
        """A topic page lists its answered questions, paginated, and no private ones."""
        topic = FAQTopicFactory(name="Sleep", description="Questions about sleep.")
        tagged = [
            AnsweredQuestionFactory(topics=[topic], answered_at=days_ago(day))
            for day in range(ARCHIVE_PAGE_SIZE + 1)
        ]
        private = QuestionFactory(topics=[topic], title="Private sleep question")
        with django_assert_num_queries(4):
            response = client.get(topic.get_absolute_url())
        assert list(response.context["questions"]) == tagged[:ARCHIVE_PAGE_SIZE]
        text = page_text(response)
        assert "Questions about sleep." in text
        assert f"{ARCHIVE_PAGE_SIZE + 1} answered questions" in text
        assert private.title not in text
        assert client.get("/topics/no-such-topic/").status_code == 404


class TestDoctorPage:
    def test_profile_shows_facts_and_answered_questions(self, client, django_assert_num_queries):
        """Title, hospital, department, bio and the questions the doctor answered."""
        doctor = DoctorFactory(
            name="Yeh Po-Shou", title="Attending Physician", hospital="Hsinchu Hospital",
            bio="Sleep disorders.",
        )  # fmt: skip
        answered = [ReplyFactory(doctor=doctor).question for _ in range(3)]
        other = answered_question(title="Answered by somebody else entirely")
        with django_assert_num_queries(4):
            response = client.get(doctor.get_absolute_url())
        text = page_text(response)
        for fact in ("Dr. Yeh Po-Shou", "Attending Physician", "Hsinchu Hospital",
                     doctor.department.name, "Sleep disorders."):  # fmt: skip
            assert fact in text
        assert set(response.context["questions"]) == set(answered)
        assert other.title not in text

    def test_inactive_doctor_has_no_public_page(self, client):
        """A doctor whose account is deactivated is no longer listed."""
        doctor = DoctorFactory()
        doctor.user.is_active = False
        doctor.user.save()
        assert client.get(doctor.get_absolute_url()).status_code == 404


class TestReports:
    @pytest.fixture(autouse=True)
    def _cache(self):
        cache.clear()

    def test_anonymous_reader_reports(self, client):
        question = answered_question()
        url = reverse("questions:report", args=[question.pk])
        assert "Report this Q&A" in client.get(question.get_absolute_url()).content.decode()
        missing = client.post(url, {"text": "no reason"})
        assert "Choose what is wrong." in missing.content.decode()
        response = client.post(url, {"reason": "personal_data", "text": "Shows a phone number"})
        assert response.status_code == 200
        report = Report.objects.get()
        assert report.reporter is None and report.status == "open"

    def test_reports_are_rate_limited(self, client, settings):
        settings.REPORTS_PER_HOUR = 2
        question = answered_question()
        url = reverse("questions:report", args=[question.pk])
        for _ in range(2):
            client.post(url, {"reason": "spam"})
        assert client.post(url, {"reason": "spam"}).status_code == 429
        assert Report.objects.count() == 2

    def test_only_public_questions_can_be_reported(self, client):
        question = QuestionFactory()
        assert client.get(reverse("questions:report", args=[question.pk])).status_code == 404


def test_social_meta_and_canonical(client):
    question = answered_question(headline="Sleep Jerks Explained", body="Line one\nline two")
    html = client.get(question.get_absolute_url() + "?utm_source=x").content.decode()
    canonical = f"http://testserver{question.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:title" content="Sleep Jerks Explained">' in html
    assert '<meta property="og:description" content="Line one line two">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    department = question.department
    for _ in range(25):
        AnsweredQuestionFactory(department=department)
    page_two = client.get(department.get_absolute_url() + "?page=2").content.decode()
    assert f'href="http://testserver{department.get_absolute_url()}?page=2"' in page_two


def test_only_public_questions_anywhere_in_discovery(client, archive):
    """A crawl of every discovery URL finds the public Q&A and never the others."""
    from questions.search.vectors import refresh_search_vectors

    refresh_search_vectors()
    urls = ["/", "/sitemap-questions.xml", "/feeds/latest.rss", "/api/questions/",
            "/search/?q=hidden+title", "/search/?q=waiting+title",
            archive["department"].get_absolute_url(),
            archive["topic"].get_absolute_url()]  # fmt: skip
    for url in urls:
        text = client.get(url).content.decode()
        assert "Hidden Q&amp;A title" not in text and "Hidden Q&A title" not in text, url
        assert "Waiting title here" not in text, url
    assert Question.objects.count() == 3
