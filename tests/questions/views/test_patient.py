"""The patient's pages: asking, the page after asking, My questions, edit, withdraw and the
e-mail opt-out."""

import uuid

import pytest
from django.urls import reverse

from questions import services
from questions.models import Question
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ASK = reverse("questions:ask")


@pytest.fixture
def patient(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def department():
    return DepartmentFactory(name="Neurology")


def valid_data(department, /, **overrides):
    data = {
        "department": str(department.pk) if department else "",
        "title": "Hands twitch when I fall asleep",
        "body": "After I fall asleep my hands and feet twitch. I do not feel any pain.",
        "nickname": "ALEX",
        "age_range": "20~29",
        "gender": "female",
        "consent": "on",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


class TestAskPage:
    def test_login_required(self, client):
        """Anonymous readers are sent to log in, and come back to the ask page after."""
        response = client.get(ASK)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={ASK}"

    def test_form_has_labels_rules_and_emergency_number(self, client, patient, settings):
        """Every field has a visible label; above the form: not for emergencies (with the
        emergency number), no diagnosis or prescription, one question per post."""
        settings.EMERGENCY_NUMBER = "112"
        text = client.get(ASK).content.decode()
        for field in ("department", "title", "body", "nickname", "age_range", "consent"):
            assert f'for="id_{field}"' in text, field
        assert "<legend>Gender:</legend>" in text
        assert "Not sure — let our staff choose" in text
        assert 'Not for emergencies: call <a class="tel" href="tel:112">112</a>.' in text
        assert "cannot diagnose you or prescribe medicine" in text
        assert "One question per post." in text
        assert 'id="crisis-terms"' in text and "chest pain" in text
        assert 'src="/static/js/ask.js"' in text

    def test_ask_to_department(self, client, patient, department):
        """A valid question is saved as the patient's, open for its department, and the next
        page says what happens next and links to it."""
        response = client.post(ASK, valid_data(department))
        question = Question.objects.get(author=patient)
        assert response.status_code == 302
        assert response["Location"] == reverse("questions:asked", args=[question.pk])
        assert question.status == Question.Status.OPEN
        page = client.get(response["Location"]).content.decode()
        assert "waiting for a doctor of Neurology" in page
        assert question.get_absolute_url() in page
        assert "If this is an emergency" not in page

    def test_ask_without_department_goes_to_triage(self, client, patient):
        client.post(ASK, valid_data(None))
        question = Question.objects.get(author=patient)
        assert question.status == Question.Status.TRIAGE
        page = client.get(reverse("questions:asked", args=[question.pk])).content.decode()
        assert "Our staff will choose the right department" in page

    def test_crisis_question_shows_emergency_help(self, client, patient, department):
        """A question mentioning chest pain is priority, and the next page shows the
        emergency help first."""
        response = client.post(
            ASK, valid_data(department, body="I have crushing chest pain since an hour ago.")
        )
        assert Question.objects.get(author=patient).is_priority
        page = client.get(response["Location"]).content.decode()
        assert 'If this is an emergency, call <a class="tel" href="tel:119">119</a> now.' in page

    def test_double_submit_creates_one_question(self, client, patient, department):
        """The second click of the same form leads to the same question, not a new one."""
        data = valid_data(department)
        first = client.post(ASK, data)
        second = client.post(ASK, data)
        assert first["Location"] == second["Location"]
        assert Question.objects.filter(author=patient).count() == 1

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("title", "", "Write a title for your question."),
            ("title", "Too short", "Make the title at least 10 characters long (it has 9)."),
            ("title", "x" * 121, "Shorten the title to 120 characters (it has 121)."),
            ("body", "", "Write your question."),
            ("body", "Too short to help.", "Tell the doctor a little more"),
            ("body", "y" * 4001, "Shorten your question to 4000 characters (it has 4001)."),
            ("title", "Hands twitch\x00 at night", "Null characters are not allowed."),
            ("body", "After I fall asleep my hands \x07twitch. No pain at all.",
             "Remove the invisible control characters"),
            ("department", "999999", "Choose a department from the list."),
            ("department", "neurology", "Choose a department from the list."),
            ("age_range", "200~209", "Choose one of the age ranges in the list."),
            ("age_range", "", "Choose your age range."),
            ("gender", "robot", "Choose one of the options shown."),
            ("nickname", "", "Choose a nickname to show with your question."),
            ("nickname", "alex@example.org", "Choose a nickname that is not an e-mail address"),
            ("consent", "", "Tick this box to agree"),
        ],
    )  # fmt: skip
    def test_bad_input_is_explained_next_to_the_field_and_kept(
        self, client, patient, department, field, value, message
    ):
        """Bad input: a 200 with the message next to the field (aria-describedby), the rest of
        what was typed kept, nothing saved."""
        data = valid_data(department, **{field: value})
        if value == "":
            data.pop(field)
        response = client.post(ASK, data)
        assert response.status_code == 200
        text = response.content.decode()
        assert message in text
        assert f'id="id_{field}_error"' in text
        form = response.context["form"]
        assert list(form.errors) == [field]
        for kept in ("title", "body", "nickname"):
            if kept != field:
                assert data[kept] in text
        assert not Question.objects.exists()

    def test_daily_limit_says_when_and_keeps_the_text(self, client, patient, department, settings):
        """Over the daily limit, the form says when the patient can ask again and keeps
        what they typed."""
        settings.QUESTIONS_PER_DAY = 1
        client.post(ASK, valid_data(department))
        response = client.post(ASK, valid_data(department, title="A second question today"))
        assert response.status_code == 200
        text = response.content.decode()
        assert "You can ask 1 questions in 24 hours. You can ask again from" in text
        assert "A second question today" in text
        assert Question.objects.filter(author=patient).count() == 1

    def test_asked_page_is_only_for_the_author(self, client, patient):
        """Another patient cannot open someone's after-asking page."""
        question = QuestionFactory()
        assert client.get(reverse("questions:asked", args=[question.pk])).status_code == 404

    def test_nickname_and_age_are_prefilled_from_last_question(self, client, patient):
        QuestionFactory(author=patient, nickname="Returning", age_range="40~49")
        form = client.get(ASK).context["form"]
        assert form.initial["nickname"] == "Returning"
        assert form.initial["age_range"] == "40~49"


class TestSuggestions:
    url = reverse("questions:ask-suggestions")

    def test_answered_questions_and_topics_matching_the_title(
        self, client, django_assert_num_queries
    ):
        """Up to five answered questions and the matching FAQ topics, as JSON; never a
        question that is not public."""
        from tests.factories import FAQTopicFactory

        match = AnsweredQuestionFactory(headline="Leg Jerks During Sleep")
        AnsweredQuestionFactory.create_batch(6, title="Jerks in my legs every night")
        QuestionFactory(title="Private leg jerks question")
        FAQTopicFactory(name="Sleep")
        from questions.search.vectors import refresh_search_vectors

        refresh_search_vectors()  # what publishing a reply does; a no-op on SQLite
        # The questions, the vectors of meaning (read once per process while they are
        # unchanged; none here), the topics.
        with django_assert_num_queries(3):
            data = client.get(self.url, {"q": "leg jerks during sleep"}).json()
        assert len(data["questions"]) == 5
        assert data["questions"][0]["url"] == match.get_absolute_url()
        assert all("Private" not in q["title"] for q in data["questions"])
        assert [topic["name"] for topic in data["topics"]] == ["Sleep"]

    @pytest.mark.parametrize("query", ["", "a", "!!!", "x" * 5000, "'; DROP TABLE --", "<script>"])
    def test_odd_queries_give_an_empty_answer(self, client, query):
        response = client.get(self.url, {"q": query})
        assert response.status_code == 200
        assert response.json()["questions"] == []


class TestMyQuestions:
    url = reverse("questions:my-questions")

    def test_lists_own_questions_with_status(self, client, patient, django_assert_num_queries):
        """Every question of the patient with its status, dates and decline reason; edit and
        withdraw only while waiting; nobody else's questions."""
        waiting = QuestionFactory(author=patient, status="open", title="Waiting question here")
        declined = QuestionFactory(
            author=patient, status="declined", decline_reason="Please go to a clinic today."
        )
        answered = AnsweredQuestionFactory(author=patient)
        ReplyFactory(question=answered)
        other = QuestionFactory(title="Somebody else's question")
        with django_assert_num_queries(5):
            response = client.get(self.url)
        text = response.content.decode()
        assert set(response.context["questions"]) == {waiting, declined, answered}
        assert "Waiting for a doctor" in text
        assert "Please go to a clinic today." in text
        assert "1 reply" in text
        assert reverse("questions:edit", args=[waiting.pk]) in text
        assert reverse("questions:edit", args=[answered.pk]) not in text
        assert other.title not in text

    def test_login_required(self, client):
        assert client.get(self.url).status_code == 302

    def test_author_sees_declined_reason_and_own_waiting_question(self, client, patient):
        """The author's view of a question that is not public shows its state and reason."""
        declined = QuestionFactory(author=patient, status="declined", decline_reason="Too urgent.")
        text = client.get(declined.get_absolute_url()).content.decode()
        assert "Too urgent." in text


class TestEditAndWithdraw:
    def test_edit(self, client, patient, department):
        question = QuestionFactory(author=patient, status="open", department=department)
        url = reverse("questions:edit", args=[question.pk])
        assert client.get(url).status_code == 200
        data = valid_data(department, title="A clearer title for doctors")
        response = client.post(url, data)
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.title == "A clearer title for doctors"

    def test_edit_bad_input_keeps_the_saved_question(self, client, patient, department):
        """A bad edit shows the error and leaves the saved question as it was."""
        question = QuestionFactory(author=patient, status="open", department=department)
        response = client.post(
            reverse("questions:edit", args=[question.pk]), valid_data(department, title="short")
        )
        assert response.status_code == 200
        assert "Make the title at least 10 characters" in response.content.decode()
        title = question.title
        question.refresh_from_db()
        assert question.title == title

    def test_withdraw_needs_a_post(self, client, patient):
        """GET shows a confirmation and changes nothing; POST withdraws."""
        question = QuestionFactory(author=patient, status="open")
        url = reverse("questions:withdraw", args=[question.pk])
        assert client.get(url).status_code == 200
        question.refresh_from_db()
        assert question.status == "open"
        client.post(url)
        question.refresh_from_db()
        assert question.status == "withdrawn"

    def test_after_a_reply_nothing_changes(self, client, patient):
        question = AnsweredQuestionFactory(author=patient)
        for name in ("questions:edit", "questions:withdraw"):
            response = client.post(reverse(name, args=[question.pk]), {"title": "x"})
            assert response.status_code == 302
        question.refresh_from_db()
        assert question.status == "answered"

    def test_while_a_doctor_writes_the_patient_sees_it_and_why_nothing_can_change(
        self, client, patient, department
    ):
        """A claimed question reads "a doctor is writing a reply" on My questions and on
        its page; where Edit and Withdraw were, the page says why they are gone, and the
        edit page sends the patient back with the same reason."""
        question = QuestionFactory(author=patient, status="open", department=department)
        doctor = DoctorFactory(department=department)
        services.claim_question(doctor=doctor, question=question)
        reason = "A doctor is writing a reply, so the question can no longer be edited"
        for url in (reverse("questions:my-questions"), question.get_absolute_url()):
            text = client.get(url).content.decode()
            assert "doctor is writing a reply" in text, url
            assert reason in text, url
            assert reverse("questions:edit", args=[question.pk]) not in text, url
        response = client.get(reverse("questions:edit", args=[question.pk]), follow=True)
        assert reason in response.content.decode()
        services.release_claim(doctor=doctor, question=question)
        text = client.get(reverse("questions:my-questions")).content.decode()
        assert "Waiting for a doctor" in text and reason not in text
        assert reverse("questions:edit", args=[question.pk]) in text

    def test_an_answered_question_says_why_it_cannot_change(self, client, patient):
        AnsweredQuestionFactory(author=patient)
        text = client.get(reverse("questions:my-questions")).content.decode()
        assert "An answered question stays as it was asked, with its reply." in text

    @pytest.mark.parametrize("name", ["questions:edit", "questions:withdraw", "questions:asked"])
    def test_someone_elses_question_is_404(self, client, name):
        """Another patient, a doctor and even the department's doctor get a 404."""
        question = QuestionFactory(status="open")
        url = reverse(name, args=[question.pk])
        for user in (UserFactory(), DoctorFactory(department=question.department).user):
            client.force_login(user)
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
        question.refresh_from_db()
        assert question.status == "open"


class TestUnsubscribe:
    def test_one_click(self, settings):
        """The link from an e-mail turns reply e-mails off with a POST and no CSRF token
        (RFC 8058); a GET only asks; a forged token is a 404."""
        from django.test import Client

        from questions.notifications import unsubscribe_token

        client = Client(enforce_csrf_checks=True)
        user = UserFactory()
        url = reverse("questions:unsubscribe", args=[unsubscribe_token(user)])
        assert client.get(url).status_code == 200
        user.refresh_from_db()
        assert user.email_on_reply
        assert client.post(url).status_code == 200
        user.refresh_from_db()
        assert not user.email_on_reply
        assert client.post(url[:-3] + "xx/").status_code == 404


@pytest.mark.parametrize(
    ("name", "queries"), [("questions:ask", 6), ("questions:asked", 4), ("account", 7)]
)
def test_patient_page_query_counts(client, django_assert_num_queries, name, queries):
    """The patient's pages cost a fixed number of queries (session, user and the header's
    "is this a doctor" included; the account page's second factor and browsers too)."""
    user = UserFactory()
    question = QuestionFactory(author=user)
    DepartmentFactory.create_batch(5)
    client.force_login(user)
    url = reverse(name, args=[question.pk]) if name == "questions:asked" else reverse(name)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
