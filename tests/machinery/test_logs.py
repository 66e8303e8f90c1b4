"""Logs: a request id on every line, and no question body, e-mail address or password."""

import copy
import io
import json
import logging
import logging.config
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from machinery.logs import RedactEmailFilter, RequestIdFilter
from questions.models import Question
from tests.factories import DepartmentFactory, DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "marigold.distinctive@example.org"
PASSWORD = "a-long-test-password"
NEW_PASSWORD = "violet lantern harbour"
BODY = "My left eyelid has twitched every evening since the ninth of March, zq-7731."


@pytest.fixture
def log_lines():
    """What the site's configured console handler writes (format, filters and all)."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RequestIdFilter) for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: stream.getvalue().splitlines()
    root.setLevel(level)
    handler.setStream(old)


def test_a_whole_flow_logs_no_body_email_or_password(
    log_lines, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """Sign in, ask, get an answer (e-mail sent), hit a missing page whose address holds
    the e-mail, reset the password: the log lines carry request ids and none contains the
    question's body, the e-mail address or either password."""
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    department = DepartmentFactory()
    patient = UserFactory(email=EMAIL)
    doctor = DoctorFactory(department=department)

    browser = Client()
    browser.post(reverse("login"), {"username": EMAIL, "password": "wrong password here"})
    response = browser.post(reverse("login"), {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    response = browser.post(
        reverse("questions:ask"),
        {
            "department": str(department.pk),
            "title": "Eyelid twitching in the evening",
            "body": BODY,
            "nickname": "MARI",
            "age_range": "30~39",
            "gender": "female",
            "consent": "on",
            "submission_token": "00000000-0000-4000-8000-000000000001",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(author=patient)

    doctor_browser = Client()
    doctor_browser.force_login(doctor.user)
    url = reverse("questions:dashboard-question", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        doctor_browser.post(url, {"body": "Often harmless; sleep more.", "action": "publish"})
    assert len(mailoutbox) == 1  # the "your question is answered" e-mail went out

    assert browser.get(f"/no-such-page/{EMAIL}/").status_code == 404
    browser.post(reverse("logout"))
    browser.post(reverse("password_reset"), {"email": EMAIL})
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mailoutbox[-1].body).group(1)
    form_page = browser.get(link, follow=True)
    browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    lines = log_lines()
    text = "\n".join(lines)
    # The flow did log: the e-mail task and the 404 (with the address blanked out).
    assert "Sent answered e-mail" in text or "e-mail for question" in text
    assert "Not Found: /no-such-page/[e-mail]/" in text
    for secret in (BODY, "zq-7731", EMAIL, "marigold", PASSWORD, NEW_PASSWORD):
        assert secret not in text, secret
    # Lines written while serving a request carry its id.
    assert re.search(r"\[[0-9a-f]{32}\] django.request Not Found", text)


def test_request_id_is_echoed_or_made():
    """A sane X-Request-ID from the proxy is kept and echoed; a missing or hostile one (new
    lines to forge log lines, overlong) is replaced by a fresh id."""
    client = Client()
    kept = client.get(reverse("healthz"), headers={"X-Request-ID": "lb-5f2c9a1e-0001"})
    assert kept["X-Request-ID"] == "lb-5f2c9a1e-0001"
    made = client.get(reverse("healthz"))
    assert re.fullmatch(r"[0-9a-f]{32}", made["X-Request-ID"])
    assert client.get(reverse("healthz"))["X-Request-ID"] != made["X-Request-ID"]
    for hostile in ("abc\r\nINFO forged line", "x" * 500, "<script>"):
        replaced = client.get(reverse("healthz"), headers={"X-Request-ID": hostile})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"]), hostile


def test_redaction_covers_arguments_exceptions_and_formatted_values():
    """The safety net blanks an address wherever it hides in a record."""

    class Holder:
        def __str__(self):
            return f"user {EMAIL}"

    def message_of(record):
        RedactEmailFilter().filter(record)
        formatter = logging.Formatter("%(message)s")
        return formatter.format(record)

    record = logging.LogRecord("t", logging.INFO, __file__, 1, "to %s", (EMAIL,), None)
    assert message_of(record) == "to [e-mail]"
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "by %s", (Holder(),), None)
    assert message_of(record) == "by user [e-mail]"
    try:
        raise ValueError(f"Key (email)=({EMAIL}) already exists.")
    except ValueError:
        import sys

        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = message_of(record)
    assert "Key (email)=([e-mail]) already exists." in text
    assert EMAIL not in text


def test_redaction_reads_a_long_line_once():
    """A 100 kB address logged as "Not Found" is left as it is (the unbounded pattern
    took 98 s over it: quadratic), and an address is still found inside long text."""
    from machinery.logs import EMAIL as PATTERN

    long_path = "/sitemap-" + "A" * 100_000 + ".xml"
    assert PATTERN.search(long_path) is None
    assert (
        PATTERN.sub("[e-mail]", "x" * 50_000 + f" {EMAIL} " + "y" * 50_000).count("[e-mail]") == 1
    )
    assert PATTERN.sub("[e-mail]", "a" * 200 + "@example.org").endswith("[e-mail]")


def test_json_lines_carry_the_request_id_and_are_redacted_too(settings):
    """DJANGO_LOG_FORMAT=json: the same handler, filters and all, writes one JSON object a
    line (the formatter configured in settings.LOGGING)."""
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    try:
        Client().get(reverse("healthz"), headers={"X-Request-ID": "lb-5f2c9a1e-0002"})
        logging.getLogger("qa_portal.test").warning("mailed %s", EMAIL)
    finally:
        logging.config.dictConfig(settings.LOGGING)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["level"] == "WARNING" and line["name"] == "qa_portal.test"
    assert line["message"] == "mailed [e-mail]"
    assert set(line) >= {"time", "request_id"}
