"""E-mails to patients (questions.notifications)."""

import pytest

from questions import services
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_emails_use_the_language_the_patient_asked_in(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    """The e-mail is rendered in the language the question was asked in."""
    from django.utils import translation

    from questions import notifications

    languages = []
    original = notifications.render_to_string

    def recording(*args, **kwargs):
        languages.append(translation.get_language())
        return original(*args, **kwargs)

    monkeypatch.setattr(notifications, "render_to_string", recording)
    question = QuestionFactory(status="open", language="zh-hant")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_question(question=question, reason="Not medical.")
    assert languages == ["zh-hant", "zh-hant"]
    assert len(mailoutbox) == 1
