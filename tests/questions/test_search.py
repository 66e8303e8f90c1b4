"""The search page: ranking, highlighting, web-search syntax, misspellings, Chinese text,
filters and hostile queries — on SQLite and, where marked, on PostgreSQL."""

import pytest
from django.urls import reverse

from questions.models import Question
from questions.search.highlight import highlight
from questions.search.parsing import parse_query
from questions.search.vectors import refresh_search_vectors
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    FAQTopicFactory,
    QuestionFactory,
    ReplyFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("questions:search")


@pytest.fixture
def archive():
    neurology = DepartmentFactory(name="Neurology", slug="neurology")
    psychiatry = DepartmentFactory(name="Psychiatry", slug="psychiatry")
    sleep = FAQTopicFactory(name="Sleep", slug="sleep", department=neurology)
    questions = {
        "title": AnsweredQuestionFactory(
            department=neurology, topics=[sleep], title="Leg jerks when falling asleep",
            body="My legs move on their own at night and wake me up.",
        ),
        "body": AnsweredQuestionFactory(
            department=psychiatry, title="Waking up often at night",
            body="I wake up because of leg jerks, and then I cannot sleep again.",
        ),
        "insomnia": AnsweredQuestionFactory(
            department=psychiatry, title="Insomnia for months",
            body="I cannot fall asleep before three in the morning, every single night.",
        ),
        "chinese": AnsweredQuestionFactory(
            department=psychiatry, title="失眠好幾個月怎麼辦",
            body="醫師您好,我最近幾個月常常失眠,半夜醒來就睡不著。",
        ),
        "reply": AnsweredQuestionFactory(
            department=neurology, title="Hands shake when holding a cup",
            body="My hands shake when I hold a cup of tea in the morning.",
        ),
    }  # fmt: skip
    ReplyFactory(question=questions["reply"], body="This may be an essential tremor.")
    QuestionFactory(title="Leg jerks question still waiting", body="Leg jerks at night here.")
    refresh_search_vectors()
    return questions


def found(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return list(response.context["questions"]), response


def test_title_matches_rank_above_body_matches_and_words_are_marked(client, archive):
    results, response = found(client, q="leg jerks")
    assert results[:2] == [archive["title"], archive["body"]]
    text = response.content.decode()
    assert "<mark>Leg</mark> <mark>jerk</mark>" in text
    assert "2 answered questions for “leg jerks”" in text
    assert "still waiting" not in text


def test_reply_text_is_searched(client, archive):
    results, _ = found(client, q="tremor")
    assert results == [archive["reply"]]


def test_phrase_exclusion_and_or(client, archive):
    assert found(client, q='"hands shake"')[0] == [archive["reply"]]
    assert archive["body"] not in found(client, q="night -jerks")[0]
    both, _ = found(client, q="tremor OR insomnia")
    assert set(both) == {archive["reply"], archive["insomnia"]}


def test_chinese_text_is_found(client, archive):
    results, response = found(client, q="失眠")
    assert results == [archive["chinese"]]
    assert "<mark>失眠</mark>" in response.content.decode()


@pytest.mark.postgres
def test_chinese_queries_use_the_index_on_postgresql(client, archive):
    """On PostgreSQL Chinese words are found through the two-character pieces in the
    search vector (a phrase of pieces = the exact substring), with the same syntax as
    English: OR, -excluded words, words mixed with English; replies count too."""
    from questions.search import ranking

    other = AnsweredQuestionFactory(title="半夜常常醒來", body="睡不著,白天很累。")
    ReplyFactory(question=archive["reply"], body="可能是本態性顫抖,建議到神經科檢查。")
    refresh_search_vectors()
    assert ranking._query_with_chinese(parse_query("好幾個月")) is not None
    assert found(client, q="好幾個月")[0] == [archive["chinese"]]
    assert found(client, q="個月好幾")[0] == []  # the pieces in order, not just present
    assert set(found(client, q="睡不著")[0]) == {archive["chinese"], other}
    assert found(client, q="睡不著 -失眠")[0] == [other]
    assert set(found(client, q="失眠 OR 醒來")[0]) == {archive["chinese"], other}
    assert found(client, q="本態性顫抖")[0] == [archive["reply"]]
    assert found(client, q="cup 顫抖")[0] == [archive["reply"]]
    # One character cannot be looked up in the pieces: matched as a substring instead.
    assert ranking._query_with_chinese(parse_query("累")) is None
    assert found(client, q="累")[0] == [other]


def test_filters_by_department_and_topic(client, archive):
    assert found(client, q="leg jerks", department="psychiatry")[0] == [archive["body"]]
    assert found(client, q="leg jerks", topic="sleep")[0] == [archive["title"]]


def test_pagination_twenty_a_page_with_total(client):
    for number in range(23):
        AnsweredQuestionFactory(title=f"Dizzy spells number {number}")
    refresh_search_vectors()
    results, response = found(client, q="dizzy")
    assert len(results) == 20
    assert response.context["page_obj"].paginator.count == 23
    assert len(found(client, q="dizzy", page=2)[0]) == 3


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "x" * 1000, "'; DROP TABLE questions_question; --",
     "<script>alert(1)</script>", '"unclosed phrase', "-", "OR OR", "a & b | !c", "%_\\"],
)  # fmt: skip
def test_hostile_queries_give_a_normal_page(client, archive, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Question.objects.count() == 6


def test_search_query_count_is_fixed(client, archive, django_assert_max_num_queries):
    """Department and topic filters, the (cached) total, the page ids, the page rows and
    the departments for the filter."""
    with django_assert_max_num_queries(6):
        client.get(URL, {"q": "leg jerks", "department": "neurology"})


@pytest.mark.postgres
def test_postgresql_ranks_once_and_every_page_then_costs_only_its_rows(
    client, archive, django_assert_num_queries
):
    """The ranked ids of the matches are one query, kept for a minute: the total is their
    number and later pages read only their own rows. A Q&A hidden meanwhile is not shown,
    though its id is still in the kept ranking."""
    for number in range(25):
        AnsweredQuestionFactory(title=f"Tremor question {number}", body="Shaking hands.")
    refresh_search_vectors()
    # The ranked ids, the page's rows, the departments for the filter.
    with django_assert_num_queries(3):
        first = client.get(URL, {"q": "tremor"})
    assert first.context["page_obj"].paginator.count == 26
    assert len(first.context["questions"]) == 20
    with django_assert_num_queries(2):  # the ranking is kept: the rows and the departments
        second = client.get(URL, {"q": "tremor", "page": 2})
    shown = second.context["questions"]
    assert len(shown) == 6
    assert not {q.pk for q in shown} & {q.pk for q in first.context["questions"]}
    from questions import services

    services.hide_question(question=shown[0], actor=None)
    again = client.get(URL, {"q": "tremor", "page": 2})
    assert shown[0] not in again.context["questions"]
    assert len(again.context["questions"]) == 5


@pytest.mark.postgres
def test_words_too_common_to_index_are_said_so_and_not_corrected(
    client, archive, django_assert_num_queries
):
    """English full text does not index words like "during": a query of only such words
    finds nothing, says why, and is not "corrected" (a trigram look-up of a common word
    read thousands of titles: 400 ms on a million questions)."""
    # The ranked ids, the common-word check, the departments for the filter.
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "during about"})
    text = response.content.decode()
    assert "too common to search for" in text and "during, about" in text
    assert "Did you mean" not in text
    # A sign that is no word at all is not called a common word: nothing was found.
    for query in ("½", "during ½"):
        response = client.get(URL, {"q": query})
        assert response.status_code == 200
        assert "too common to search for" not in response.content.decode()
        assert response.context["too_common"] == ""
    results, response = found(client, q="during insomnai")  # only the misspelling is fixed
    assert response.context["suggestion"] == "during insomnia"
    assert results == [archive["insomnia"]]


@pytest.mark.postgres
def test_a_misspelling_is_never_corrected_into_a_word_full_text_ignores(client, archive):
    """ "durng" is closest to "during" in the titles, which full text does not index: that
    correction would find nothing. Only the words actually looked up count towards the
    three that are."""
    AnsweredQuestionFactory(title="Pain during the night", body="Worse about midnight.")
    refresh_search_vectors()
    _, response = found(client, q="durng")
    assert response.context["suggestion"] is None
    _, response = found(client, q="during about since insomnai")
    assert response.context["suggestion"] == "during about since insomnia"


@pytest.mark.postgres
def test_misspelled_words_still_find_results_and_offer_did_you_mean(client, archive):
    """On PostgreSQL a misspelled word is corrected by trigram similarity: the page shows
    the corrected query's results and offers it as "Did you mean"."""
    results, response = found(client, q="insomnai")
    assert results == [archive["insomnia"]]
    text = response.content.decode()
    assert "Did you mean" in text and "?q=insomnia" in text


@pytest.mark.postgres
def test_postgresql_full_text_uses_stemming(client, archive):
    """English stemming: "jerking" finds "jerks"."""
    results, _ = found(client, q="jerking legs")
    assert archive["title"] in results


def test_parse_query():
    parsed = parse_query('leg "hypnic jerk" -coffee OR tremor')
    assert parsed.groups == [["leg", "hypnic jerk"], ["tremor"]]
    assert parsed.excluded == ["coffee"]
    assert parse_query("\x00!!!").is_empty


def test_highlight_escapes_everything_but_the_marks():
    html = highlight("<b>Leg</b> jerks & <script>x</script>", ["leg"])
    assert html == "&lt;b&gt;<mark>Leg</mark>&lt;/b&gt; jerks &amp; &lt;script&gt;x&lt;/script&gt;"


def test_highlight_marks_word_starts_only():
    """'sleep' is marked in 'Sleep' and 'sleeping', not inside 'asleep'."""
    html = highlight("I fall asleep; sleeping is hard. Sleep!", ["sleep"])
    assert html == "I fall asleep; <mark>sleep</mark>ing is hard. <mark>Sleep</mark>!"
