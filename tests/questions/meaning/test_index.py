"""The approximate index of the vectors of meaning (questions.meaning.index): built aside
and swapped in while the site serves, memory-mapped, and completed by an exact search of
the vectors made since it was built."""

import io
import os

import pytest
from django.core.management import call_command

from questions import services
from questions.meaning import index, vectors
from questions.models import Question
from questions.search.page import run
from tests.factories import answered_question

pytestmark = pytest.mark.usefixtures("demo")

REFLUX = "吃完飯後胸口常常灼熱，是胃食道逆流嗎？"


@pytest.fixture
def built(settings, tmp_path):
    settings.MEANING_INDEX_PATH = str(tmp_path / "meaning.usearch")
    out = io.StringIO()
    call_command("build_meaning_index", stdout=out, stderr=io.StringIO())
    index.forget()
    return out.getvalue()


def titles(text: str) -> list[str]:
    return [question.display_title for question in run(text).page.object_list]


def test_search_by_meaning_through_the_index(built, settings):
    public = Question.objects.public().count()
    assert f"Index of {public} vectors in force" in built
    assert os.path.islink(settings.MEANING_INDEX_PATH)
    assert len(index.current().index) == public
    assert REFLUX in titles("heartburn after dinner when I lie down")[:5]


def test_a_qa_answered_after_the_build_is_found_at_once(built):
    question = answered_question(
        title="Hiccups that last for hours", body="I have had hiccups for six hours now."
    )
    vectors.embed([question.pk])
    assert question.display_title in titles("I cannot stop hiccuping")[:3]


def test_rebuilt_while_serving(built, settings):
    first = index.current().path
    assert REFLUX in titles("heartburn after dinner when I lie down")
    call_command("build_meaning_index", stdout=io.StringIO(), stderr=io.StringIO())
    index.forget()
    second = index.current().path
    assert second != first and not os.path.exists(first)
    assert os.path.realpath(settings.MEANING_INDEX_PATH) == second
    assert REFLUX in titles("heartburn after dinner when I lie down")


def test_a_hidden_qa_never_appears_though_the_index_holds_it(
    built, django_capture_on_commit_callbacks
):
    reflux = Question.objects.get(title=REFLUX)
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_question(question=reflux, actor=None)
    assert REFLUX not in titles("heartburn after dinner when I lie down")


def test_without_a_path_the_command_says_what_to_set(settings):
    settings.MEANING_INDEX_PATH = ""
    with pytest.raises(Exception, match="QA_PORTAL_MEANING_INDEX"):
        call_command("build_meaning_index", stdout=io.StringIO())
