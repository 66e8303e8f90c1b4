"""The archive every search test looks through."""

import pytest

from questions.search.vectors import refresh_search_vectors
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    FAQTopicFactory,
    QuestionFactory,
    ReplyFactory,
)


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
