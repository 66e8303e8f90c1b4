"""The whole conversation between a patient and two doctors, in a real browser: a doctor
reads the question without reserving it and asks for more information, the patient
answers on the question's page, the doctor replies, the patient asks a follow-up that the
second doctor answers once it is no longer held, a reader says the reply answered their
question too, and the patient thanks the doctor, who reads the note on My replies."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from questions.models import Question, Reply

from .conftest import ask, log_in

pytestmark = pytest.mark.browser

REQUEST = "Do the jerks come with a burning feeling in the legs, or only as you fall asleep?"
ANSWER = "Only as I fall asleep, no burning. Coffee in the evening makes it worse."
REPLY = "These are hypnic jerks: harmless twitches as the body falls asleep. Skip late coffee."
FOLLOW_UP = "I stopped evening coffee and it is better. Is magnesium worth trying as well?"
FOLLOW_UP_ANSWER = "It may help some people; try it for a few weeks and keep the coffee rule."


def test_a_patient_and_two_doctors_play_the_whole_exchange(archive, new_page):
    question = ask(archive)
    dashboard = re.compile(r"/dashboard/$")

    # Dr. Yeh lands on the dashboard, reads the question without reserving it, and asks.
    yeh = new_page()
    log_in(yeh, archive.doctor.user.email)
    expect(yeh).to_have_url(dashboard)
    yeh.locator(".queue").get_by_role("link", name=question.title).click()
    expect(yeh.get_by_role("button", name="Reserve it while I write")).to_be_visible()
    assert Question.objects.get(pk=question.pk).claimed_by is None
    yeh.get_by_text("Ask the patient for more information").click()
    yeh.get_by_label("What do you need to know?").fill(REQUEST)
    yeh.get_by_role("button", name="Ask the patient").click()
    expect(yeh).to_have_url(dashboard)
    row = yeh.locator(".queue tbody tr").filter(has_text=question.title)
    expect(row).to_contain_text("Waiting for the patient")

    # Dr. Lin sees it held while the patient is asked.
    lin = new_page()
    log_in(lin, archive.second_doctor.user.email)
    other_row = lin.locator(".queue tbody tr").filter(has_text=question.title)
    expect(other_row).to_contain_text("Being answered")

    # The patient sees what the doctor needs, and answers on the question's page.
    patient = new_page()
    log_in(patient, archive.patient.email)
    item = patient.locator(".my-question").filter(has_text=question.title)
    expect(item.locator(".status")).to_have_text("The doctor needs more information from you")
    item.get_by_role("link", name=question.title).click()
    expect(patient.get_by_text(REQUEST)).to_be_visible()
    patient.get_by_label("Your answer").fill(ANSWER)
    patient.get_by_role("button", name="Add my answer").click()
    expect(patient.get_by_text("Your answer is added. The doctor is told.")).to_be_visible()
    expect(patient.get_by_text(ANSWER)).to_be_visible()

    # Dr. Yeh finds the answer and replies.
    yeh.goto("/dashboard/")
    row = yeh.locator(".queue tbody tr").filter(has_text=question.title)
    expect(row).to_contain_text("The patient added information")
    row.get_by_role("link", name=question.title).click()
    expect(yeh.get_by_text(ANSWER)).to_be_visible()
    yeh.get_by_role("textbox", name="Your reply").fill(REPLY)
    yeh.get_by_role("button", name="Publish").click()
    expect(yeh.locator(".reply").first).to_contain_text(REPLY)

    # The patient asks a follow-up on the reply.
    patient.reload()
    patient.get_by_role("link", name="Ask a follow-up on this reply").click()
    patient.get_by_label("Your follow-up question").fill(FOLLOW_UP)
    patient.get_by_role("button", name="Send my follow-up").click()
    expect(patient.get_by_text("Your follow-up is sent to Dr. Yeh Po-Shou.")).to_be_visible()
    expect(patient.get_by_text("Waiting for the doctor's answer.")).to_be_visible()

    # Once Dr. Yeh's hold has passed, Dr. Lin answers it from the queue.
    Reply.objects.filter(question=question).update(
        follow_up_held_until=timezone.now() - timedelta(minutes=1)
    )
    lin.goto("/dashboard/")
    lin.get_by_role("link", name=question.title).first.click()
    expect(lin.get_by_text(FOLLOW_UP)).to_be_visible()
    lin.get_by_role("textbox", name="Your reply").fill(FOLLOW_UP_ANSWER)
    lin.get_by_role("button", name="Publish").click()
    expect(lin.locator(".reply__follow-up")).to_contain_text("Dr. Lin Mei-Hua answered")

    # A reader reads the whole thread and says it answered their question too.
    reader = new_page()
    reader.goto(question.get_absolute_url())
    thread = reader.locator(".reply").first
    expect(thread).to_contain_text(REPLY)
    expect(thread.locator(".reply__follow-up")).to_contain_text(FOLLOW_UP_ANSWER)
    expect(reader.get_by_text(ANSWER)).to_be_visible()  # added under the question
    thread.get_by_role("link", name="This answered my question too").click()
    reader.get_by_role("button", name="Yes, it answered my question too").click()
    expect(reader.get_by_text("Thank you: it is counted.")).to_be_visible()

    # The patient thanks Dr. Yeh, who reads the note on My replies.
    patient.reload()
    patient.get_by_role("link", name="Thank Dr. Yeh Po-Shou").click()
    patient.get_by_label("A note for the doctor (optional)").fill("Sleeping well again, thanks!")
    patient.get_by_role("button", name="Send my thanks").click()
    expect(patient.get_by_text("Dr. Yeh Po-Shou will see it.")).to_be_visible()
    yeh.goto("/dashboard/me/")
    expect(yeh.get_by_text("Sleeping well again, thanks!")).to_be_visible()
