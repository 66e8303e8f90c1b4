"""The search page's work (questions.search.page): filters, pages with their total, a fixed
number of queries, and hostile queries."""

import pytest

from questions.models import Question
from questions.search.vectors import refresh_search_vectors
from tests.factories import AnsweredQuestionFactory
from tests.questions.search.search_page import URL, found

pytestmark = pytest.mark.django_db


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
    the departments and topics for the filters."""
    with django_assert_max_num_queries(7):
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
    # The ranked ids, the vectors of meaning (read once per process while they are
    # unchanged), the page's rows, the departments and the topics for the filters.
    with django_assert_num_queries(5):
        first = client.get(URL, {"q": "tremor"})
    assert first.context["page_obj"].paginator.count == 26
    assert len(first.context["questions"]) == 20
    with django_assert_num_queries(3):  # the ranking is kept: the rows and the filters
        second = client.get(URL, {"q": "tremor", "page": 2})
    shown = second.context["questions"]
    assert len(shown) == 6
    assert not {q.pk for q in shown} & {q.pk for q in first.context["questions"]}
    from questions import services

    services.hide_question(question=shown[0], actor=None)
    again = client.get(URL, {"q": "tremor", "page": 2})
    assert shown[0] not in again.context["questions"]
    assert len(again.context["questions"]) == 5
