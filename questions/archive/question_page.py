"""The question page's queries, the most frequent request of all, compiled to SQL once
per connection (machinery.precompiled). One query reads the published replies with their
question; the question alone is read only when it has none."""

from machinery.precompiled import Precompiled
from questions.models import Question, Reply, public_question

_public_question = Precompiled(lambda pk: Question.objects.public().with_department().filter(pk=pk))
_public_replies = Precompiled(
    lambda pk: (
        Reply.objects.filter(public_question("question__"), question_id=pk)
        .for_page()
        .select_related("question__department")
        .defer("question__search_vector")
    )
)
page_replies = Precompiled(lambda pk: Reply.objects.filter(question_id=pk).for_page())


def public_page(pk: int):
    """The public question `pk` and its published replies, or (None, [])."""
    replies = _public_replies(pk)
    if replies:
        return replies[0].question, replies
    return next(iter(_public_question(pk)), None), []
