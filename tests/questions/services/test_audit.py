"""The audit trail (questions.services.audit): who did what and when, never the text."""

import pytest
from django.urls import reverse

from questions import services
from questions.models import QuestionEvent
from tests.factories import DepartmentFactory, DoctorFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_audit_trail_covers_the_workflow_without_text(
    client, staff, django_capture_on_commit_callbacks
):
    """Ask, claim-free publish, edit, refer and staff edits each leave a line with who and
    when; no line holds the question's or the reply's text."""
    department = DepartmentFactory()
    doctor = DoctorFactory(department=department)
    referred = QuestionFactory(department=department, body="SECRET-BODY symptoms text here")
    services.refer_question(
        doctor=doctor, question=referred, department=DoctorFactory().department, note="See them"
    )
    question = QuestionFactory(department=department, body="SECRET-BODY other symptoms here")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.publish_reply(doctor=doctor, question=question, body="SECRET-REPLY")
    services.edit_reply(doctor=doctor, reply=reply, body="SECRET-REPLY corrected")
    services.record_staff_edit(question=question, actor=staff, fields=["headline", "more_info"])
    events = QuestionEvent.objects.all()
    assert {event.action for event in events} >= {"referred", "published", "reply_edited",
                                                  "edited"}  # fmt: skip
    assert all(event.actor is not None for event in events)
    assert not any("SECRET" in event.detail for event in events)
    page = client.get(reverse("admin:questions_question_change", args=[question.pk]))
    text = page.content.decode()
    assert "Audit trail" in text and "reply published" in text and "staff: headline" in text
