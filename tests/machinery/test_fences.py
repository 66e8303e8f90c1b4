"""The fences around Django internals that machinery relies on: on this Django the fast
paths are taken, and on a Django that changed them the ordinary way gives the same
result."""

import pytest
from django.db.models.query import ModelIterable
from django.http import HttpResponse

from machinery import pagecache
from machinery.precompiled import Precompiled
from questions.models import Question
from tests.factories import answered_question


@pytest.mark.django_db
def test_precompiled_queries_run_their_own_sql_on_this_django():
    """Django still compiles a queryset through query.get_compiler() and as_sql()."""
    public = Precompiled(lambda pk: Question.objects.public().filter(pk=pk))
    question = answered_question()
    assert public(question.pk) == [question]
    assert Precompiled.hooks_work


@pytest.mark.django_db
def test_precompiled_queries_fall_back_when_django_stops_asking_for_their_sql(monkeypatch):
    """Should Django compile a query without asking for its SQL, the rows are read the
    ordinary way (never those of the placeholder values), from then on."""
    original = ModelIterable.__iter__

    def compiles_by_itself(self):
        self.queryset.query.__dict__.pop("get_compiler", None)
        return original(self)

    monkeypatch.setattr(ModelIterable, "__iter__", compiles_by_itself)
    monkeypatch.setattr(Precompiled, "hooks_work", True)
    public = Precompiled(lambda pk: Question.objects.public().filter(pk=pk))
    question, other = answered_question(), answered_question()
    assert public(question.pk) == [question]
    assert not Precompiled.hooks_work
    assert public(other.pk) == [other]


def test_cached_page_headers_are_set_straight_on_this_django():
    """ResponseHeaders still keeps its headers in a dict named _store."""
    assert pagecache.FAST_HEADERS


@pytest.mark.parametrize("fast", [True, False])
def test_cached_page_headers_are_the_same_either_way(monkeypatch, fast):
    """Headers replayed from a stored page read as if they were set one by one."""
    monkeypatch.setattr(pagecache, "FAST_HEADERS", fast)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Language", "zh-hant")]
    replayed, expected = HttpResponse(), HttpResponse()
    pagecache.set_checked_headers(replayed, headers)
    for name, value in headers:
        expected[name] = value
    assert dict(replayed.items()) == dict(expected.items())
    assert replayed["content-language"] == "zh-hant"
