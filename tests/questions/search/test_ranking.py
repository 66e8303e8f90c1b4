"""What a search finds and in which order (questions.search.ranking): title before body,
replies, web-search syntax, Chinese text and English stemming."""

import pytest

from questions.search.parsing import parse_query
from questions.search.vectors import refresh_search_vectors
from tests.factories import AnsweredQuestionFactory, ReplyFactory
from tests.questions.search.search_page import found

pytestmark = pytest.mark.django_db


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


@pytest.mark.postgres
def test_postgresql_full_text_uses_stemming(client, archive):
    """English stemming: "jerking" finds "jerks"."""
    results, _ = found(client, q="jerking legs")
    assert archive["title"] in results
