"""Replies (questions.models.replies)."""

import pytest
from django.db import IntegrityError, transaction

from questions.models import Reply
from tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db


def test_one_reply_per_doctor_per_question():
    """A doctor replies to a question once; a second reply of theirs is refused."""
    reply = ReplyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.create(question=reply.question, doctor=reply.doctor, body="Again")
