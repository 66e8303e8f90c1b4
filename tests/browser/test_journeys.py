"""The site's main journeys in a real browser: a patient asks, a doctor replies, the
patient and a reader read, staff curate. Every page on the way must load without console
errors, CSP violations or failed requests (the `problems` fixture checks at the end)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from questions import services
from questions.models import Question

from .conftest import PASSWORD, ask, log_in

pytestmark = pytest.mark.browser


def test_patient_signs_up_asks_and_sees_the_question_waiting(
    archive, new_page, settings, live_server
):
    """A new patient signs up, confirms the address from the e-mailed link, sees similar
    answered questions while typing the title, sends the question and finds it in My
    questions as waiting for a doctor."""
    settings.BASE_URL = live_server.url
    mail.outbox = []
    page = new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    page.get_by_label("E-mail address").fill("new.patient@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # The ask page waits for the address to be confirmed; the e-mailed link confirms it.
    expect(page).to_have_url(re.compile(r"/ask/$"))
    expect(page.get_by_text("Confirm your e-mail address to ask")).to_be_visible()
    (email,) = mail.outbox
    link = re.search(rf"{re.escape(live_server.url)}/accounts/verify/\S+/", email.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my e-mail address").click()
    expect(page.get_by_text("your e-mail address is confirmed")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ask a doctor").click()
    expect(page).to_have_url(re.compile(r"/ask/$"))
    page.get_by_label("Department").select_option(label="Neurology")
    with page.expect_response(re.compile(r"/ask/suggestions/\?q=")):
        page.get_by_label("Title").press_sequentially("My legs jerk when falling asleep")
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("link", name=archive.answered[0].title)).to_be_visible()

    page.get_by_label("Your question").fill(
        "Every night my legs jerk just as I fall asleep and it wakes me up. Why?"
    )
    page.get_by_label("Nickname:", exact=True).fill("SleepyOwl")
    page.get_by_label("Age range").select_option("20~29")
    page.get_by_label("female", exact=True).check()
    page.get_by_label(re.compile("I understand that my question")).check()
    page.get_by_role("button", name="Send my question").click()

    question = Question.objects.get(author__email="new.patient@example.org")
    assert question.status == Question.Status.OPEN
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My questions").click()
    item = page.locator(".my-question").filter(has_text="My legs jerk when falling asleep")
    expect(item).to_be_visible()
    expect(item.locator(".status")).to_have_text("Waiting for a doctor")


def test_doctor_claims_previews_and_publishes_while_a_colleague_sees_it_claimed(archive, new_page):
    """A doctor of the department finds the question in the queue, claims it, previews and
    publishes a reply; a second doctor meanwhile sees it claimed and cannot take it."""
    question = ask(archive)
    page = new_page()
    log_in(page, archive.doctor.user.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    row = page.locator(".queue tbody tr").filter(has_text=question.title)
    expect(row).to_be_visible()
    row.get_by_role("button", name=re.compile("^Reply")).click()
    expect(page.get_by_role("heading", name="Your reply")).to_be_visible()

    colleague = new_page()
    log_in(colleague, archive.second_doctor.user.email)
    colleague.goto("/dashboard/")
    other_row = colleague.locator(".queue tbody tr").filter(has_text=question.title)
    expect(other_row).to_contain_text("Dr. Yeh Po-Shou")
    expect(other_row).to_contain_text("Being answered")
    expect(other_row.get_by_role("button")).to_have_count(0)
    colleague.goto(f"/dashboard/questions/{question.pk}/")
    expect(colleague.get_by_text("Dr. Yeh Po-Shou is answering this question")).to_be_visible()
    expect(colleague.get_by_role("button", name="Publish")).to_have_count(0)

    reply_text = "These are hypnic jerks: harmless twitches as the body falls asleep."
    page.get_by_role("textbox", name="Your reply").fill(reply_text)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".preview")
    expect(preview).to_contain_text(reply_text)
    expect(page.get_by_role("textbox", name="Your reply")).to_have_value(reply_text)
    page.get_by_role("button", name="Publish").click()

    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/[^/]+/"))
    expect(page.locator(".reply").first).to_contain_text(reply_text)
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    # Besides the reply's e-mail, each doctor was told of a sign-in from a new browser.
    alerts = [message.to for message in mail.outbox if "New sign-in" in message.subject]
    assert sorted(alerts) == [[archive.second_doctor.user.email], [archive.doctor.user.email]]
    replies = [message.to for message in mail.outbox if "New sign-in" not in message.subject]
    assert replies == [[archive.patient.email]]


@pytest.fixture
def answered_by_browser_journey(archive, settings, live_server):
    """The question of the journeys, answered by Dr. Yeh (the reply e-mail is sent)."""
    settings.BASE_URL = live_server.url
    question = ask(archive)
    services.publish_reply(
        doctor=archive.doctor,
        question=question,
        body="These are hypnic jerks: harmless twitches as the body falls asleep.",
    )
    question.refresh_from_db()
    return question


def test_patient_follows_the_email_and_a_reader_finds_the_answer(
    archive, answered_by_browser_journey, new_page, live_server
):
    """The patient opens the link in the reply e-mail and reads the reply; an anonymous
    reader finds the question by search and on its department page and follows a Similar
    Q&A link."""
    question = answered_by_browser_journey
    (email,) = mail.outbox
    link = re.search(rf"{re.escape(live_server.url)}/questions/\S+", email.body).group(0)
    assert link == live_server.url + question.get_absolute_url()

    patient = new_page()
    log_in(patient, archive.patient.email)
    patient.goto(link)
    expect(patient.locator(".reply").first).to_contain_text("hypnic jerks")
    patient.get_by_role("navigation", name="Main").get_by_role("link", name="My questions").click()
    expect(patient.locator(".my-question .status").first).to_have_text("Answered")

    reader = new_page()
    reader.goto("/")
    reader.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    reader.get_by_label("Words to look for").fill("legs jerk asleep")
    reader.get_by_role("main").get_by_role("button", name="Search").click()
    results = reader.locator(".search-results")
    expect(results.get_by_role("link", name=question.title)).to_be_visible()

    reader.get_by_role("navigation", name="Main").get_by_role("link", name="Departments").click()
    reader.get_by_role("main").get_by_role("link", name="Neurology").first.click()
    expect(reader).to_have_url(re.compile(r"/departments/neurology/$"))
    reader.get_by_role("main").get_by_role("link", name=question.title).first.click()
    expect(reader).to_have_url(re.compile(re.escape(question.get_absolute_url()) + "$"))
    expect(reader.locator(".reply").first).to_contain_text("hypnic jerks")

    similar = reader.locator(".similar__item").first
    target = similar.locator(".similar__headline a").inner_text()
    similar.get_by_role("link", name=re.compile("Read More")).click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text(target)
    assert question.get_absolute_url() not in reader.url


def test_staff_tag_the_question_and_write_more_info(archive, answered_by_browser_journey, new_page):
    """Staff tag the question with an FAQ topic and write a More info text in the admin;
    the topic page lists the question and its page shows the text."""
    question = answered_by_browser_journey
    reader = new_page()
    reader.goto(question.get_absolute_url())  # now in the anonymous page cache
    reader.goto(f"/topics/{archive.sleep.slug}/")
    expect(reader.get_by_role("link", name=question.title)).to_have_count(0)

    page = new_page()
    log_in(page, archive.staff.email)
    page.goto(f"/admin/questions/question/{question.pk}/change/")
    page.locator(".field-topics .select2-selection").click()
    page.locator(".select2-search__field").fill("Sle")
    page.get_by_role("option", name=re.compile("Sleep")).click()
    page.get_by_label("More info").fill("## Hypnic jerks\n\nMost people have them. *Sleep well.*")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    assert list(question.topics.values_list("slug", flat=True)) == [archive.sleep.slug]
    reader.goto(f"/topics/{archive.sleep.slug}/")
    expect(reader.get_by_role("link", name=question.title)).to_be_visible()
    reader.goto(question.get_absolute_url())
    expect(reader.get_by_role("heading", name="Hypnic jerks")).to_be_visible()
    expect(reader.locator("em").filter(has_text="Sleep well.")).to_be_visible()
