""" "Did you mean" and words too common to search for (questions.search.suggestions), on
PostgreSQL."""

import pytest

from questions.search.vectors import refresh_search_vectors
from tests.factories import AnsweredQuestionFactory
from tests.questions.search.search_page import URL, found

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_words_too_common_to_index_are_said_so_and_not_corrected(
    client, archive, django_assert_num_queries
):
    """English full text does not index words like "during": a query of only such words
    finds nothing, says why, and is not "corrected" (a trigram look-up of a common word
    reads thousands of titles)."""
    # The ranked ids, the common-word check, the departments and topics for the filters
    # (the ones named by the words are found among them). With the vectors of meaning, read
    # once per process while they are unchanged.
    with django_assert_num_queries(5):
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
    # The corrected results are highlighted with the corrected word.
    assert "<mark>insomnia</mark>" in text.lower()


@pytest.mark.postgres
def test_did_you_mean_never_offers_a_word_only_a_hidden_qa_holds():
    """Candidate words come from public Q&A only (Question.objects.public(), not a second
    copy of the rule in SQL): a hidden Q&A's words are never suggested."""
    from questions.search.parsing import parse_query
    from questions.search.suggestions import did_you_mean

    AnsweredQuestionFactory(title="Blepharospasm keeps my eyelid twitching", is_hidden=True)
    refresh_search_vectors()
    assert did_you_mean(parse_query("blepharospazm"), vendor="postgresql") is None
    AnsweredQuestionFactory(title="Blepharospasm keeps my eyelid twitching")
    assert did_you_mean(parse_query("blepharospazm"), vendor="postgresql") == "blepharospasm"
