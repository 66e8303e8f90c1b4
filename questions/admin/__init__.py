"""The admin, where staff work: questions and triage (`questions`), FAQ topics (`topics`),
reports and crisis terms (`moderation`), and the backlog page (`backlog`)."""

from . import moderation, questions, topics

__all__ = ["moderation", "questions", "topics"]
