"""Similar Q&A (questions.archive.similar): by topic and department, and on PostgreSQL by
the question's own words."""

import pytest

from questions.archive import similar as similar_qa
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    FAQTopicFactory,
    QuestionFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


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
        # The ids kept with its vector of meaning (none here), the questions, then their
        # replies (Chinese: SET LOCAL too).
        assert len(selects) == 3


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
