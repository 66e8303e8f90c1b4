"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live
server, which runs the site with the production settings the other tests use (DEBUG off).

Never `playwright install`: the browser is /usr/bin/chromium (apt package `chromium`).
Without it these tests are skipped, unless QA_PORTAL_REQUIRE_BROWSER=1 (CI), when they fail.
"""

import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test.utils import override_settings

# Playwright's sync API runs an event loop in the test thread, and Django refuses ORM calls
# from a thread with a running loop. The tests themselves are synchronous: allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("QA_PORTAL_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = Path(os.environ.get("QA_PORTAL_TEST_ARTIFACTS", ROOT / "test-artifacts"))
PASSWORD = "a-long-test-password"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def require_browser() -> bool:
    return os.environ.get("QA_PORTAL_REQUIRE_BROWSER", "") == "1"


def missing_tool(reason: str):
    """Skip locally; fail where the tools are required (CI)."""
    if require_browser():
        pytest.fail(f"{reason} (QA_PORTAL_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(f"{reason}; set QA_PORTAL_REQUIRE_BROWSER=1 to make this a failure")


@pytest.fixture(autouse=True)
def _browser_tools_present(request):
    """Tests marked `browser` need Chromium and axe-core: without them they skip with the
    reason, or fail under QA_PORTAL_REQUIRE_BROWSER=1."""
    if request.node.get_closest_marker("browser") is None:
        return
    if not CHROMIUM.exists():
        missing_tool(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not AXE_JS.exists():
        missing_tool(f"{AXE_JS} is missing (run `npm ci`)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, not a browser downloaded by Playwright. (Checked here too: this
    session fixture is set up before any function-scoped one.)"""
    if not CHROMIUM.exists():
        missing_tool(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, over plain http://localhost. SecurityMiddleware reads
    its settings once, when the server starts: it starts with no redirect to HTTPS and no
    HSTS, and the settings go back at once (other tests see the production ones)."""
    from pytest_django.live_server_helper import LiveServer

    address = request.config.getvalue("liveserver") or "localhost"
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _cookies_over_http(request):
    """The browser gets the session and CSRF cookies over plain HTTP."""
    if "live_server" in request.fixturenames:
        test_settings = request.getfixturevalue("settings")
        test_settings.SESSION_COOKIE_SECURE = False
        test_settings.CSRF_COOKIE_SECURE = False
        # A __Host- cookie must be Secure: over plain HTTP the browser would refuse it.
        test_settings.SESSION_COOKIE_NAME = "sessionid"
        test_settings.CSRF_COOKIE_NAME = "csrftoken"


@dataclass
class Problems:
    """What went wrong in the browser while a test ran: console errors (Chromium reports
    CSP violations there), uncaught exceptions, failed requests and error responses."""

    expected_statuses: dict[str, int] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)

    def expect_status(self, path: str, status: int) -> None:
        self.expected_statuses[path] = status

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"uncaught error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    @staticmethod
    def _path(url: str) -> str:
        return urlsplit(url).path

    def _console(self, message) -> None:
        if message.type in ("error", "warning") and (
            message.type == "error" or "Content Security Policy" in message.text
        ):
            source = message.location.get("url") or message.page.url
            if (
                message.text.startswith("Failed to load resource")
                and self._path(source) in self.expected_statuses
            ):
                return  # the response itself is checked in _response
            self.found.append(f"console {message.type} ({source}): {message.text}")

    def _request_failed(self, request) -> None:
        # ERR_ABORTED is the browser cancelling a request because the page went on to the
        # next one (a favicon still loading, say); a blocked or broken request says more.
        if request.failure != "net::ERR_ABORTED":
            self.found.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status < 400:
            return
        if self.expected_statuses.get(self._path(response.url)) == response.status:
            return
        self.found.append(f"HTTP {response.status} for {response.request.method} {response.url}")

    def assert_none(self) -> None:
        assert not self.found, "The browser reported problems:\n" + "\n".join(self.found)


@pytest.fixture
def problems():
    found = Problems()
    yield found
    found.assert_none()


@pytest.fixture
def new_page(browser, live_server, problems):
    """new_page(viewport=…, bypass_csp=…) -> a watched page in a fresh context (its own
    cookies: one per person in a journey)."""
    contexts = []

    def make(*, viewport=DESKTOP, bypass_csp=False):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, bypass_csp=bypass_csp, locale="en-US"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()
    # Views counted by the live server would be written at exit, after the test database
    # is gone.
    from questions.archive import viewcounts

    viewcounts.discard()


def authenticator_code(key: bytes, after: int = -1) -> tuple[str, int]:
    """A code an authenticator app holding `key` shows, and its time step: the current
    one, or when the step `after` was already used (the site never accepts a code twice),
    the next step's (within the one step of clock drift the site allows), else the next
    step's after waiting for it."""
    from django_otp.oath import TOTP

    totp = TOTP(key)
    now = totp.t()
    step = max(now, after + 1)
    if step > now + 1:
        time.sleep(totp.step - time.time() % totp.step + 0.1)
        return authenticator_code(key, after)
    totp.time = step * totp.step
    return f"{totp.token():0{totp.digits}d}", step


def give_authenticator(user):
    """A confirmed authenticator app, as after enrolment: its key is `device.bin_key`."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def log_in(page, email: str, password: str = PASSWORD, *, second_step: bool = True) -> None:
    """Log in through the form. An account with an authenticator app gives its code at
    the second step too, unless `second_step` is False (the test takes that step)."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if second_step and urlsplit(page.url).path == "/accounts/two-factor/":
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        code, _step = authenticator_code(device.bin_key, after=device.last_t)
        page.get_by_label(re.compile(r"^Code:?$")).fill(code)
        page.get_by_role("main").get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


SAVED_SCREENSHOTS: list[Path] = []


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ and say where."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    SAVED_SCREENSHOTS.append(path)
    return path


def pytest_terminal_summary(terminalreporter):
    if SAVED_SCREENSHOTS:
        terminalreporter.write_line(
            f"{len(SAVED_SCREENSHOTS)} screenshots saved in {ARTIFACTS / 'screenshots'}"
        )


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: nothing scrolls)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture(scope="session")
def vnu_command():
    java = shutil.which("java")
    if java is None:
        missing_tool("java is not installed (the Nu HTML checker needs Java 17)")
    if not VNU_JAR.exists():
        missing_tool(f"{VNU_JAR} is missing (run `npm ci`)")
    return [java, "-jar", str(VNU_JAR)]


@dataclass
class Archive:
    """A small public archive in Neurology, with its doctors and staff."""

    neurology: object
    sleep: object
    answered: list
    doctor: object
    second_doctor: object
    staff: object
    patient: object


@pytest.fixture
def archive(db):
    from questions.search.vectors import refresh_search_vectors
    from specialists.models import Department
    from tests.factories import (
        AnsweredQuestionFactory,
        DoctorFactory,
        FAQTopicFactory,
        ReplyFactory,
        UserFactory,
        days_ago,
    )

    neurology = Department.objects.create(
        name="Neurology", slug="neurology", description="The brain, nerves and sleep."
    )
    Department.objects.create(name="Cardiology", slug="cardiology", position=2)
    sleep = FAQTopicFactory(
        name="Sleep", slug="sleep", department=neurology, is_featured=True,
        description="Why sleep goes wrong and what helps.",
    )  # fmt: skip
    doctor = DoctorFactory(
        name="Yeh Po-Shou", slug="yeh-po-shou", department=neurology,
        user=UserFactory(email="dr.yeh@example.org"), hospital="Hsinchu Hospital",
        bio="Neurologist with an interest in sleep.",
    )  # fmt: skip
    second_doctor = DoctorFactory(
        name="Lin Mei-Hua", slug="lin-mei-hua", department=neurology,
        user=UserFactory(email="dr.lin@example.org"),
    )  # fmt: skip
    answered = []
    for days, title, body in [
        (
            30,
            "Legs jerk while falling asleep at night",
            # A long unbroken word must wrap rather than widen a phone's page.
            "My legs jerk as I fall asleep, see https://example.org/" + "sleeplessnights" * 6 + ".",
        ),
        (20, "Hands twitch when I sleep after work", "My hands twitch in my sleep."),
        (10, "Waking up at night with numb arms", "My arms go numb at night."),
    ]:
        question = AnsweredQuestionFactory(
            department=neurology, title=title, body=body + " " + "It happens often. " * 3,
            answered_at=days_ago(days), asked_at=days_ago(days + 2), topics=[sleep],
        )  # fmt: skip
        ReplyFactory(question=question, doctor=doctor)
        answered.append(question)
    refresh_search_vectors(ids=[question.pk for question in answered])
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    # Doctors and staff have a second factor, as they must (log_in gives its code).
    for user in (doctor.user, second_doctor.user, staff):
        give_authenticator(user)
    return Archive(
        neurology=neurology,
        sleep=sleep,
        answered=answered,
        doctor=doctor,
        second_doctor=second_doctor,
        staff=staff,
        patient=UserFactory(email="patient@example.org"),
    )


def ask(archive, *, title="My legs jerk when I am falling asleep", author=None):
    """An open Neurology question, asked through the service as the ask page does."""
    import uuid

    from questions import services

    return services.ask_question(
        author=author or archive.patient,
        title=title,
        body="Every night my legs jerk just as I fall asleep and it wakes me up. Why?",
        nickname="SleepyOwl",
        age_range="20~29",
        gender="female",
        department=archive.neurology,
        submission_token=uuid.uuid4(),
    ).question


@dataclass
class PageKind:
    name: str
    path: str
    user: object = None  # who is logged in (None: an anonymous reader)
    proven: bool = True  # False: signed in with the password only, the second step to come
    session: dict = field(default_factory=dict)  # more in the session (codes to show once)

    @property
    def login(self) -> dict:
        """How page_as and the test client log in for this kind of page."""
        return {"proven": self.proven, "session": self.session}


@pytest.fixture
def page_kinds(archive, problems, settings):
    """One page of every kind, with the person who would look at it."""
    settings.QUESTIONS_PER_DAY = 10  # the patient asks four times below
    from qa_portal import verification
    from questions import services
    from tests.factories import UserFactory

    not_found = "/questions/999999/no-such-question/"
    problems.expect_status(not_found, 404)

    waiting = ask(archive)
    services.claim_question(doctor=archive.doctor, question=waiting)
    question = archive.answered[0]
    doctor = archive.doctor.user
    unconfirmed = UserFactory(email="unconfirmed@example.org", unverified=True)
    verify_path = f"/accounts/verify/{verification.verification_token(unconfirmed)}/"
    # The conversation: a question waiting for the patient's answer, a reply with a
    # follow-up waiting, a reply to thank and mark.
    asked_back = ask(archive, title="My hands tingle when I wake up", author=archive.patient)
    services.ask_for_information(
        doctor=archive.doctor, question=asked_back, request="Does it happen in both hands?"
    )
    own = ask(archive, title="My feet twitch after a long walk", author=archive.patient)
    own_reply = services.publish_reply(
        doctor=archive.doctor, question=own, body="Stretch your calves before sleep. " * 2
    )
    services.ask_follow_up(
        author=archive.patient, reply=own_reply, body="Should I stretch in the morning too?"
    )
    reply = question.replies.first()
    two_factor = two_factor_pages(archive)
    return [
        PageKind("home", "/"),
        PageKind("question", question.get_absolute_url()),
        PageKind("department-index", "/departments/"),
        PageKind("department", f"/departments/{archive.neurology.slug}/"),
        PageKind("topic-index", "/topics/"),
        PageKind("topic", f"/topics/{archive.sleep.slug}/"),
        PageKind("doctor", f"/doctors/{archive.doctor.slug}/"),
        PageKind("search", "/search/?q=legs+sleep"),
        PageKind("login", "/accounts/login/"),
        PageKind("signup", "/accounts/signup/"),
        PageKind("ask", "/ask/", archive.patient),
        PageKind("ask-unconfirmed", "/ask/", unconfirmed),
        PageKind("verify-email", verify_path),
        PageKind("my-questions", "/my/questions/", archive.patient),
        PageKind("dashboard", "/dashboard/", doctor),
        PageKind("dashboard-reply", f"/dashboard/questions/{waiting.pk}/", doctor),
        PageKind("dashboard-settings", "/dashboard/settings/", doctor),
        PageKind("dashboard-follow-up", f"/dashboard/follow-ups/{own_reply.pk}/", doctor),
        PageKind("question-asked-back", asked_back.get_absolute_url(), archive.patient),
        PageKind("question-own", own.get_absolute_url(), archive.patient),
        PageKind("follow-up", f"/my/replies/{own_reply.pk}/follow-up/", archive.patient),
        PageKind("thank", f"/my/replies/{own_reply.pk}/thank/", archive.patient),
        PageKind("helped", f"/replies/{reply.pk}/helped/"),
        PageKind("not-found", not_found),
        *two_factor,
    ]


def two_factor_pages(archive) -> list[PageKind]:
    """The second step, enrolment, the factors' page, recovery codes as first shown, and
    the account page listing the browsers signed in and remembered."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from qa_portal.accounts import twofactor
    from qa_portal.accounts.models import KnownBrowser, Passkey
    from tests.factories import DoctorFactory, UserFactory
    from tests.signing_in import password_only

    enrolling = DoctorFactory(
        user=UserFactory(email="dr.enrolling@example.org"), department=archive.neurology
    ).user
    # A passkey too (its key is never checked here): the pages offer both factors.
    with_passkey = archive.second_doctor.user
    Passkey.objects.create(
        user=with_passkey, name="Work laptop", credential_id="cGFzc2tleQ", public_key=b"key"
    )
    twofactor.issue_recovery_codes(user=with_passkey)
    codes = twofactor.issue_recovery_codes(user=archive.doctor.user)
    # Another browser signed in as the patient, and one remembered for the second step.
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
    elsewhere = Client(headers={"user-agent": firefox})
    password_only(elsewhere, archive.patient)
    elsewhere.get("/my/account/")
    KnownBrowser.objects.create(
        user=archive.patient,
        token_hash="0" * 64,
        description="Safari / iPhone",
        trusted_until=timezone.now() + timedelta(days=20),
    )
    return [
        PageKind("two-factor-enrol", "/accounts/two-factor/setup/", enrolling, proven=False),
        PageKind(
            "two-factor-authenticator",
            "/accounts/two-factor/authenticator/",
            enrolling,
            proven=False,
        ),
        PageKind("two-factor-verify", "/accounts/two-factor/", with_passkey, proven=False),
        PageKind("two-factor-factors", "/accounts/two-factor/setup/", with_passkey),
        PageKind(
            "two-factor-confirm",
            "/accounts/two-factor/confirm/?next=/accounts/two-factor/authenticator/",
            with_passkey,
        ),
        PageKind(
            "two-factor-recovery-codes",
            "/accounts/two-factor/recovery-codes/",
            archive.doctor.user,
            session={twofactor.NEW_CODES_KEY: codes},
        ),
        # Signed in with the password only: a patient's session is listed from its first
        # page (a forced login that skips the steps of signing in would not be).
        PageKind("account", "/my/account/", archive.patient, proven=False),
    ]


def logged_in_client(user, *, proven: bool = True, session: dict | None = None):
    """A test client logged in as the user: with the second factor given (the default),
    or with the password only (`proven=False`); `session` adds to its session."""
    from django.test import Client

    from tests.signing_in import password_only

    client = Client()
    if proven:
        client.force_login(user)
    else:
        password_only(client, user)
    if session:
        stored = client.session
        stored.update(session)
        stored.save()
    return client


@pytest.fixture
def page_as(new_page, live_server):
    """page_as(user, proven=…, session=…, …) -> a new page whose context is logged in as
    the user (or anonymous): see logged_in_client."""

    def make(user=None, *, proven=True, session=None, **options):
        page = new_page(**options)
        if user is not None:
            client = logged_in_client(user, proven=proven, session=session)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            page.context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        return page

    return make
