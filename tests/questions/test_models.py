import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from questions.archive import similar as similar_qa
from questions.models import FAQTopic, Question, Reply
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


def test_slug_comes_from_headline_then_title():
    """The URL slug follows the staff headline when there is one, else the patient's title."""
    question = QuestionFactory(title="Twitching feet at night?", headline="")
    assert question.slug == "twitching-feet-at-night"
    question.headline = "Involuntary Limb Jerks During Sleep"
    question.save()
    assert question.slug == "involuntary-limb-jerks-during-sleep"
    assert question.get_absolute_url() == (
        f"/questions/{question.pk}/involuntary-limb-jerks-during-sleep/"
    )


def test_chinese_title_keeps_a_readable_slug():
    """A title in Chinese gives a Unicode slug, never an empty one."""
    question = QuestionFactory(title="失眠好幾個月怎麼辦", headline="")
    assert question.slug == "失眠好幾個月怎麼辦"
    assert QuestionFactory(title="???", headline="").slug == "question"


def test_str_never_contains_the_body():
    """__str__ names the question without its body, which may hold health data."""
    question = QuestionFactory(body="My secret diagnosis is written here in detail.")
    assert "secret" not in str(question)


def test_database_rejects_unknown_status():
    """A status outside the known values is refused by the database."""
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(status="published")


def test_database_rejects_answered_without_date():
    """An answered question must carry its answered date."""
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(status="answered", answered_at=None)


def test_database_rejects_unknown_age_range_and_gender():
    """Age range and gender are limited to their choices in the database too."""
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(age_range="200~209")
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(gender="x")


def test_one_reply_per_doctor_per_question():
    """A doctor replies to a question once; a second reply of theirs is refused."""
    reply = ReplyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.create(question=reply.question, doctor=reply.doctor, body="Again")


def test_deleting_the_author_keeps_the_question():
    """When a patient's account goes, their question stays with its nickname only."""
    question = AnsweredQuestionFactory()
    question.author.delete()
    question.refresh_from_db()
    assert question.author is None
    assert question.nickname


class TestVisibility:
    """Only answered questions are public; others are visible to author, department, staff."""

    @pytest.fixture
    def questions(self):
        department = DepartmentFactory()
        return {
            status: QuestionFactory(
                department=department,
                status=status,
                answered_at=days_ago(1) if status == "answered" else None,
            )
            for status in Question.Status.values
        }

    def visible(self, user, questions):
        ids = set(Question.objects.visible_to(user).values_list("pk", flat=True))
        return {status for status, question in questions.items() if question.pk in ids}

    def test_public_is_answered_only(self, questions):
        assert set(Question.objects.public()) == {questions["answered"]}

    def test_anonymous_and_other_patient_see_only_answered(self, questions):
        assert self.visible(AnonymousUser(), questions) == {"answered"}
        assert self.visible(UserFactory(), questions) == {"answered"}

    def test_author_sees_their_own(self, questions):
        author = questions["open"].author
        assert self.visible(author, questions) == {"answered", "open"}

    def test_doctor_of_the_department_sees_its_questions_but_not_withdrawn(self, questions):
        """The patient was promised that doctors no longer see a withdrawn question."""
        doctor = DoctorFactory(department=questions["open"].department)
        assert self.visible(doctor.user, questions) == set(Question.Status.values) - {"withdrawn"}

    def test_doctor_of_another_department_sees_only_answered(self, questions):
        doctor = DoctorFactory()
        assert self.visible(doctor.user, questions) == {"answered"}

    def test_inactive_doctor_sees_only_answered(self, questions):
        doctor = DoctorFactory(department=questions["open"].department)
        doctor.user.is_active = False
        assert self.visible(doctor.user, questions) == {"answered"}

    def test_staff_see_everything(self, questions):
        assert self.visible(UserFactory(is_staff=True), questions) == set(Question.Status.values)


class TestSimilar:
    @pytest.fixture
    def plain_matching(self, monkeypatch):
        """The path SQLite takes (and PostgreSQL for a title with no usable words)."""
        monkeypatch.setattr(similar_qa, "any_word_parts", lambda text, vendor: ("", ""))

    @pytest.mark.usefixtures("plain_matching")
    def test_shares_topics_first_then_newest_never_itself_or_private(self):
        """Similar Q&A: public questions sharing a topic or the department, those sharing a
        topic first, then newest; never the question itself or a non-public one."""
        neurology, psychiatry = DepartmentFactory(), DepartmentFactory()
        sleep, jerks = FAQTopicFactory(department=neurology), FAQTopicFactory(department=neurology)
        question = AnsweredQuestionFactory(department=neurology, topics=[sleep, jerks])
        two_topics_other_department = AnsweredQuestionFactory(
            department=psychiatry, topics=[sleep, jerks], answered_at=days_ago(30)
        )
        one_topic = AnsweredQuestionFactory(
            department=psychiatry, topics=[sleep], answered_at=days_ago(2)
        )
        same_department_new = AnsweredQuestionFactory(department=neurology, answered_at=days_ago(1))
        same_department_old = AnsweredQuestionFactory(department=neurology, answered_at=days_ago(9))
        AnsweredQuestionFactory(department=psychiatry)  # unrelated
        QuestionFactory(department=neurology, topics=[sleep, jerks])  # not public
        similar = list(similar_qa.similar_to(question))
        assert similar == [
            one_topic,
            two_topics_other_department,
            same_department_new,
            same_department_old,
        ]

    @pytest.mark.usefixtures("plain_matching")
    def test_limit(self):
        """At most four similar questions by default."""
        department = DepartmentFactory()
        question = AnsweredQuestionFactory(department=department)
        AnsweredQuestionFactory.create_batch(6, department=department)
        assert len(similar_qa.similar_to(question)) == 4


@pytest.mark.postgres
def test_similar_by_text_on_postgresql():
    """On PostgreSQL the question's own words find similar Q&A in other departments, the
    closest first; never itself, never a question that is not public."""
    from questions.search.vectors import refresh_search_vectors

    question = AnsweredQuestionFactory(title="Leg jerks when falling asleep at night")
    close = AnsweredQuestionFactory(
        department=DepartmentFactory(), title="Sudden leg jerks while falling asleep"
    )
    loose = AnsweredQuestionFactory(department=DepartmentFactory(), title="Itchy skin at night")
    AnsweredQuestionFactory(department=DepartmentFactory(), title="Blocked nose for weeks",
                            body="My nose is blocked and I cannot smell anything.")  # fmt: skip
    QuestionFactory(title="Leg jerks falling asleep, still waiting for a doctor")
    refresh_search_vectors()
    similar = list(similar_qa.similar_to(question))
    assert similar[:2] == [close, loose]
    assert question not in similar
    assert all(item.is_public for item in similar)


def test_related_topics_own_first_then_featured_of_department():
    """Related FAQ: the question's own topics, then its department's featured topics."""
    department = DepartmentFactory()
    featured_b = FAQTopicFactory(department=department, is_featured=True, position=2)
    featured_a = FAQTopicFactory(department=department, is_featured=True, position=1)
    FAQTopicFactory(department=department, is_featured=False)
    FAQTopicFactory(is_featured=True)  # another department
    own = FAQTopicFactory(department=DepartmentFactory(), position=9)
    question = AnsweredQuestionFactory(department=department, topics=[own, featured_b])
    related = list(FAQTopic.objects.related_to(question))
    assert related == [featured_b, own, featured_a]


@pytest.mark.postgres
def test_similar_chinese_questions_on_postgresql():
    """A Chinese question's Similar Q&A are the Chinese questions sharing pieces of its
    text, whatever their department; questions with no Chinese in common do not rank."""
    from questions.search.vectors import refresh_search_vectors

    question = AnsweredQuestionFactory(title="失眠好幾個月怎麼辦")
    close = AnsweredQuestionFactory(department=DepartmentFactory(), title="最近失眠好幾個晚上")
    AnsweredQuestionFactory(department=DepartmentFactory(), title="皮膚很癢")
    refresh_search_vectors()
    similar = list(similar_qa.similar_to(question))
    assert similar == [close]


@pytest.mark.postgres
def test_chinese_similar_qa_are_read_through_the_index():
    """For a Chinese question the planner is told to use the index (its early-stopping
    scan read a whole table when the matches sat at the end); only inside that read."""
    from django.db import connection

    from questions.search.planner import planned_for
    from questions.search.vectors import refresh_search_vectors

    def seqscan():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    with planned_for("失眠好幾個月"):
        assert seqscan() == "off"
    assert seqscan() == "on"
    with planned_for("Leg jerks at night"):
        assert seqscan() == "on"
    question = AnsweredQuestionFactory(title="失眠好幾個月怎麼辦")
    close = AnsweredQuestionFactory(department=DepartmentFactory(), title="失眠好幾個晚上")
    refresh_search_vectors()
    assert similar_qa.similar_list(question) == [close]


def test_summary_is_the_question_on_one_line_cut_to_200_characters():
    question = QuestionFactory.build(body="First line\n\n  second   line " + "word " * 100)
    assert question.summary.startswith("First line second line word")
    assert "\n" not in question.summary and len(question.summary) == 200
    assert question.summary.endswith("…")


@pytest.mark.postgres
def test_similar_list_compiled_once_gives_what_similar_to_gives():
    """The question page's Similar Q&A run a query compiled once per connection and shape
    (English words, Chinese pieces, both): the same questions as the ORM's, for any
    question, with departments and published replies read in one more query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from questions.search.vectors import refresh_search_vectors

    english = AnsweredQuestionFactory(title="Leg jerks when falling asleep at night")
    chinese = AnsweredQuestionFactory(title="失眠好幾個月怎麼辦")
    both = AnsweredQuestionFactory(title="Leg jerks 失眠好幾個晚上")
    others = [
        AnsweredQuestionFactory(department=DepartmentFactory(), title=title)
        for title in ("Sudden leg jerks while asleep", "最近失眠好幾個晚上", "Itchy skin at night",
                      "Leg cramps 失眠")
    ]  # fmt: skip
    refresh_search_vectors()
    for question in (english, chinese, both, *others):
        expected = list(similar_qa.similar_to(question))
        assert expected, question.title
        assert similar_qa.similar_list(question) == expected
        with CaptureQueriesContext(connection) as queries:
            shown = similar_qa.similar_list(question, for_page=True)
            assert shown == expected
            for similar in shown:
                assert similar.department.name
                assert all(reply.doctor.name for reply in similar.replies.all())
        selects = [query for query in queries if query["sql"].startswith("SELECT")]
        assert len(selects) == 2  # the questions, then their replies (Chinese: SET LOCAL too)


@pytest.mark.postgres
def test_similar_qa_draw_on_each_of_the_questions_topics():
    """The newest Q&A of each of the question's topics are candidates (read one topic at
    a time from the index), whether or not they share a word with it."""
    from questions.search.vectors import refresh_search_vectors

    sleep, skin = FAQTopicFactory(), FAQTopicFactory()
    question = AnsweredQuestionFactory(title="Leg jerks when falling asleep", topics=[sleep, skin])
    unrelated = {"body": "Nothing in common here."}
    by_second = AnsweredQuestionFactory(title="Dry elbows", topics=[skin], **unrelated)
    by_first = AnsweredQuestionFactory(title="Waking at four", topics=[sleep], **unrelated)
    AnsweredQuestionFactory(title="Blocked nose", **unrelated)  # no topic, no word in common
    refresh_search_vectors()
    assert set(similar_qa.similar_list(question)) == {by_first, by_second}


def test_dumpdata_reads_questions_in_one_query_without_search_vectors(
    django_assert_num_queries,
):
    """A dump of the archive is one query however many questions (the deferred search
    vector is not fetched again for each), and leaves the derived vector out."""
    import io
    import json

    from django.core.management import call_command

    AnsweredQuestionFactory.create_batch(4)
    out = io.StringIO()
    with django_assert_num_queries(1):
        call_command("dumpdata", "questions.question", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 4
    assert all("search_vector" not in row["fields"] for row in rows)
