"""The demo's Q&A read like real patients' (questions.demo.data): each written once, in
both languages, for every department and topic, with the departments' and topics' names
in Chinese."""

import random
import re
from collections import Counter

from questions.demo.data import (
    CHINESE_QA,
    DEPARTMENTS,
    DEPARTMENTS_ZH,
    GENERATED,
    REFERENCE_QA,
    REFERENCE_TOPICS,
    SIMILAR_QA,
    TOPIC_DESCRIPTIONS,
    TOPICS_ZH,
    generated_qas,
)

HAN = re.compile(r"[\u4e00-\u9fff]")


def answered():
    return [REFERENCE_QA, *SIMILAR_QA, *CHINESE_QA, *generated_qas(random.Random(20001128))]


def all_topics():
    return [
        *REFERENCE_TOPICS,
        *(name for topics, _qas in GENERATED.values() for name, _featured in topics),
    ]


def sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[.?!。？！])\s*", text) if part.strip()]


def test_no_two_answered_qa_share_a_title():
    titles = Counter(qa.title for qa in answered())
    assert [title for title, count in titles.items() if count > 1] == []


def test_no_question_or_reply_is_repeated():
    """No two Q&A have the same question or the same reply, nor share a sentence of their
    questions."""
    qas = answered()
    assert len({qa.body for qa in qas}) == len(qas)
    assert len({qa.reply for qa in qas}) == len(qas)
    used = Counter(sentence for qa in qas for sentence in set(sentences(qa.body)))
    assert [sentence for sentence, count in used.items() if count > 1] == []


def test_a_written_reply_says_what_to_do_in_two_to_five_sentences():
    for _topics, qas in GENERATED.values():
        for *_who, title, _body, reply, _qa_topics in qas:
            assert 2 <= len(sentences(reply)) <= 5, title


def test_every_department_has_five_english_and_two_chinese_qa():
    english = Counter(qa.department for qa in answered() if not HAN.search(qa.title))
    chinese = Counter(qa.department for qa in answered() if HAN.search(qa.title))
    for _name, slug, _description in DEPARTMENTS:
        assert english[slug] >= 5, slug
        assert chinese[slug] >= 2, slug
    # The Neurology archive needs a second page (ARCHIVE_PAGE_SIZE is 20).
    assert english["neurology"] + chinese["neurology"] > 20


def test_every_topic_has_a_qa_and_each_qa_its_own_departments_topics():
    topic_department = {name: "neurology" for name in REFERENCE_TOPICS}
    for department, (topics, _qas) in GENERATED.items():
        topic_department.update((name, department) for name, _featured in topics)
    tagged = Counter(name for qa in answered() for name in qa.topics)
    assert [name for name in all_topics() if not tagged[name]] == []
    # The similar Q&A of the reference page keep the reference's topics, whatever their
    # department.
    for qa in [*CHINESE_QA, *generated_qas(random.Random(20001128))]:
        assert 1 <= len(qa.topics) <= 2, qa.title
        assert {topic_department[name] for name in qa.topics} == {qa.department}, qa.title


def test_departments_and_topics_have_chinese_names_and_descriptions():
    assert set(DEPARTMENTS_ZH) == {slug for _name, slug, _description in DEPARTMENTS}
    assert set(TOPICS_ZH) == set(all_topics()) == set(TOPIC_DESCRIPTIONS)
    for name, description in [*DEPARTMENTS_ZH.values(), *TOPICS_ZH.values()]:
        assert HAN.search(name) and HAN.search(description), name
    assert DEPARTMENTS_ZH["neurology"][0] == "神經內科"
    assert TOPICS_ZH["Tremor"][0] == "顫抖"
    assert all(description.endswith(".") for description in TOPIC_DESCRIPTIONS.values())
