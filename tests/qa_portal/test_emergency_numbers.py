"""The emergency numbers are links a phone can call wherever they appear, still readable
as the numbers: the footer, the ask page's rules, the emergency help, the 503 page and the
e-mails."""

import pytest
from django.urls import reverse
from django.utils import timezone

from machinery.links import tel_link, tel_text
from qa_portal.reliability import database_unavailable
from questions import services
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_a_number_becomes_a_tel_link_of_its_digits():
    assert tel_link("119") == '<a class="tel" href="tel:119">119</a>'
    assert tel_link("+886 2 1234-5678") == (
        '<a class="tel" href="tel:+886212345678">+886 2 1234-5678</a>'
    )
    assert tel_link('1"><script>') == '<a class="tel" href="tel:1">1&quot;&gt;&lt;script&gt;</a>'
    assert tel_text("119") == "119 <tel:119>"


def test_pages_link_the_emergency_numbers(client, django_user_model, settings):
    settings.EMERGENCY_NUMBER, settings.CRISIS_LINE_NUMBER = "112", "1925"
    home = client.get(reverse("home")).content.decode()
    assert 'call <a class="tel" href="tel:112">112</a> now.' in home  # the footer
    patient = django_user_model.objects.create_user(
        "p@example.org", "pw-123456789012", email_verified_at=timezone.now()
    )
    client.force_login(patient)
    ask = client.get(reverse("questions:ask")).content.decode()
    assert 'Not for emergencies: call <a class="tel" href="tel:112">112</a>.' in ask
    assert 'prevention line <a class="tel" href="tel:1925">1925</a> (24 hours)' in ask
    unavailable = database_unavailable().content.decode()
    assert '<a class="tel" href="tel:112">112</a>' in unavailable


def test_emails_give_the_emergency_number_as_a_tel_address(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.EMERGENCY_NUMBER = "119"
    question = QuestionFactory(status="open")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_question(question=question, reason="Not medical.")
    assert "call 119 <tel:119>." in mailoutbox[0].body
