"""Every page kind is valid HTML for the W3C Nu HTML checker (npm vnu-jar, Java).
The pages come from the Django test client; the checker runs once for all of them (the
JVM is slow to start). No browser needed: skipped without java or the jar, unless
QA_PORTAL_REQUIRE_BROWSER=1."""

import json
import subprocess
from urllib.parse import unquote, urlparse

import pytest

from questions import services

from .conftest import ask, logged_in_client


def _conversation(archive):
    """A Q&A with information added on a doctor's request and an answered follow-up."""
    question = ask(archive, title="My hands tingle when I wake up")
    services.ask_for_information(
        doctor=archive.doctor, question=question, request="Does it happen in both hands?"
    )
    services.add_information(
        question=question, author=archive.patient, answer="Only the right hand, for a minute."
    )
    reply = services.publish_reply(
        doctor=archive.doctor, question=question, body="Sleep with the wrist straight. " * 2
    )
    services.ask_follow_up(author=archive.patient, reply=reply, body="For how many weeks?")
    services.answer_follow_up(doctor=archive.doctor, reply=reply, body="Two to four weeks. " * 2)
    return question


@pytest.fixture
def public_pages(archive):
    question = archive.answered[0]
    conversation = _conversation(archive)
    return {
        "question-conversation": (conversation.get_absolute_url(), 200),
        "helped": (f"/replies/{conversation.replies.get().pk}/helped/", 200),
        "home": ("/", 200),
        "question": (question.get_absolute_url(), 200),
        "department-index": ("/departments/", 200),
        "department": (f"/departments/{archive.neurology.slug}/", 200),
        "topic-index": ("/topics/", 200),
        "topic": (f"/topics/{archive.sleep.slug}/", 200),
        "doctor": (f"/doctors/{archive.doctor.slug}/", 200),
        "search": ("/search/?q=legs+sleep", 200),
        "login": ("/accounts/login/", 200),
        "signup": ("/accounts/signup/", 200),
        "not-found": ("/questions/999999/no-such-question/", 404),
    }


def test_public_pages_are_valid_html(client, public_pages, vnu_command, tmp_path):
    """0 errors from the Nu HTML checker on every public page kind."""
    files = {}
    for name, (path, status) in public_pages.items():
        response = client.get(path)
        assert response.status_code == status, name
        if name == "search":
            assert b"search-results" in response.content  # a page with results
        files[name] = response.content
    assert nu_errors(vnu_command, tmp_path, files) == []


def test_account_pages_are_valid_html(page_kinds, vnu_command, tmp_path):
    """0 errors from the Nu HTML checker on the account page and the two-factor pages,
    each as its person sees it (the second step and enrolment before the second factor)."""
    files = {}
    for kind in page_kinds:
        if not (kind.name == "account" or kind.name.startswith("two-factor")):
            continue
        response = logged_in_client(kind.user, **kind.login).get(kind.path)
        assert response.status_code == 200, kind.name
        files[kind.name] = response.content
    assert nu_errors(vnu_command, tmp_path, files) == []


def nu_errors(vnu_command, folder, pages: dict[str, bytes]) -> list[str]:
    """The Nu HTML checker's errors on the pages (name: HTML), in one run."""
    files = {}
    for name, content in pages.items():
        file = folder / f"{name}.html"
        file.write_bytes(content)
        files[file.name] = name
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *map(str, folder.iterdir())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr; the exit status is 1 when it found errors.
    report = json.loads(result.stderr or result.stdout)
    errors = [
        f"{files[unquote(urlparse(message['url']).path).rsplit('/', 1)[-1]]} "
        f"line {message.get('lastLine', '?')}: {message['message']} "
        f"[{message.get('extract', '').strip()}]"
        for message in report["messages"]
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
    assert errors or result.returncode == 0
    return errors
