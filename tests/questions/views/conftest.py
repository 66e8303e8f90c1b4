"""The archive the feeds, sitemaps, API and public pages are read from."""

import pytest

from questions import services
from tests.factories import (
    DepartmentFactory,
    FAQTopicFactory,
    QuestionFactory,
    UserFactory,
    answered_question,
)


@pytest.fixture
def archive():
    """Public Q&A by a patient with a distinctive e-mail and name, plus ones that are not
    public."""
    author = UserFactory(email="very.private.person@example.org", full_name="Private Person")
    department = DepartmentFactory(name="Neurology", slug="neurology")
    topic = FAQTopicFactory(name="Sleep", slug="sleep", department=department)
    public = answered_question(
        author=author, department=department, topics=[topic], headline="Sleep Jerks Explained"
    )
    hidden = answered_question(department=department, topics=[topic], title="Hidden Q&A title")
    services.hide_question(question=hidden, actor=None)
    waiting = QuestionFactory(department=department, topics=[topic], title="Waiting title here")
    return {"public": public, "hidden": hidden, "waiting": waiting, "topic": topic,
            "department": department}  # fmt: skip
