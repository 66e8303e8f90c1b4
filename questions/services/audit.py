"""The audit trail: a line for each change to a question. Never the question's or a
reply's text."""

from questions.models import Question, QuestionEvent


def record(question: Question, action: str, actor=None, detail: str = "") -> None:
    """Add a line to the question's audit trail."""
    QuestionEvent.objects.create(question=question, action=action, actor=actor, detail=detail[:200])
