"""Privacy: a patient's e-mail address, real name and IP address never appear on a
public page, feed, sitemap, JSON-LD block or API answer, and private pages are never
kept by a cache (Cache-Control: private, no-store)."""

import re
import uuid
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from questions.models import Question
from tests.factories import DepartmentFactory, DoctorFactory, FAQTopicFactory, UserFactory
from tests.security_world import build_world

pytestmark = pytest.mark.django_db

EMAIL = "quennell.zabriskie+health@private-mailbox.test"
FIRST, LAST = "Quennell", "Zabriskie-Hart"
REMOTE_IP = "203.0.113.77"
FORWARDED_IP = "198.51.100.23"
SECRETS = [
    EMAIL,
    EMAIL.split("@")[0],
    "private-mailbox",
    FIRST,
    LAST,
    REMOTE_IP,
    FORWARDED_IP,
]
# Never crawled: the pages for one person, and the forms.
PRIVATE = ("/admin/", "/accounts/", "/my/", "/dashboard/", "/ask/submitted/", "/report/", "/i18n/")
SEEDS = [
    "/",
    "/robots.txt",
    "/sitemap.xml",
    "/feeds/latest.rss",
    "/feeds/latest.atom",
    "/api/questions/",
    "/departments/",
    "/topics/",
    "/search/?q=twitching",
    "/ask/suggestions/?q=twitching",
]
LINK = re.compile(
    r'(?:href|src)="([^"]+)"'
    r"|<loc>([^<]+)</loc>|<link>([^<]+)</link>"
    r'|"(?:url|item|@id)": "([^"]+)"'
)


@pytest.fixture
def answered_by_a_doctor(settings, mailoutbox, django_capture_on_commit_callbacks):
    """The patient signs up, confirms the address from the e-mailed link, asks from a known
    address through a proxy, and a doctor of the department answers through the dashboard."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.BASE_URL = "http://testserver"
    department = DepartmentFactory(name="Neurology", slug="neurology")
    topic = FAQTopicFactory(department=department, name="Sleep", slug="sleep")
    doctor = DoctorFactory(department=department)
    patient_client = Client(REMOTE_ADDR=REMOTE_IP, HTTP_X_FORWARDED_FOR=FORWARDED_IP)
    password = "a-long-enough-password-42"
    with django_capture_on_commit_callbacks(execute=True):
        response = patient_client.post(
            reverse("signup"), {"email": EMAIL, "password1": password, "password2": password}
        )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", mailoutbox[-1].body).group(1)
    assert patient_client.post(link).status_code == 302
    from qa_portal.models import User

    patient = User.objects.get(email=EMAIL)
    patient.full_name = f"{FIRST} {LAST}"
    patient.save()
    response = patient_client.post(
        reverse("questions:ask"),
        {
            "title": "Twitching legs when falling asleep",
            "body": "Every night my legs twitch as I fall asleep. Is this dangerous at all?",
            "nickname": "Moonlight",
            "age_range": "20~29",
            "gender": "female",
            "department": department.pk,
            "consent": "on",
            "submission_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    question.topics.set([topic])
    doctor_client = Client(REMOTE_ADDR="192.0.2.1")
    doctor_client.force_login(doctor.user)
    doctor_client.post(reverse("questions:dashboard-claim", args=[question.pk]))
    response = doctor_client.post(
        reverse("questions:dashboard-question", args=[question.pk]),
        {"body": "Sleep starts are common and harmless; see a doctor if it persists.",
         "action": "publish"},
    )  # fmt: skip
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "answered"
    return {"question": question, "doctor": doctor, "patient": patient}


def _crawl(client, seeds, limit=300):
    """Every public page reachable from the seeds through links, sitemaps, feeds and the
    API, on this site, skipping the private paths."""
    seen, queue, fetched = set(), deque(seeds), {}
    while queue and len(fetched) < limit:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen or parts.path.startswith(PRIVATE) or parts.path.startswith("/static/"):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = response.content.decode()
        fetched[path] = text
        for groups in LINK.findall(text):
            link = next(group for group in groups if group)
            queue.append(urljoin(path, link.replace("&amp;", "&")))
    return fetched


def test_public_pages_never_show_the_patients_email_name_or_ip(answered_by_a_doctor):
    """A crawl of the public site as an anonymous reader finds the question (with its
    JSON-LD, in the feeds, sitemaps and API) and never the patient's e-mail, name or IP
    address."""
    question = answered_by_a_doctor["question"]
    for client in (Client(),):
        seeds = [*SEEDS, question.get_absolute_url(), f"/api/questions/{question.pk}/"]
        pages = _crawl(client, seeds)
        must_visit = {
            question.get_absolute_url(),
            "/departments/neurology/",
            "/topics/sleep/",
            "/departments/neurology/feed.rss",
            "/topics/sleep/feed.atom",
            f"/api/questions/{question.pk}/",
            "/sitemap-questions.xml",
            reverse("questions:doctor-detail", args=[answered_by_a_doctor["doctor"].slug]),
        }
        assert must_visit <= set(pages), must_visit - set(pages)
        assert "application/ld+json" in pages[question.get_absolute_url()]
        assert "Moonlight" in pages[question.get_absolute_url()]
        for path, text in pages.items():
            for secret in SECRETS:
                assert secret.lower() not in text.lower(), (secret, path)


def test_a_logged_in_reader_sees_no_one_elses_details(client, answered_by_a_doctor):
    reader = UserFactory()
    client.force_login(reader)
    pages = _crawl(client, [*SEEDS, answered_by_a_doctor["question"].get_absolute_url()], 60)
    assert answered_by_a_doctor["question"].get_absolute_url() in pages
    for path, text in pages.items():
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), (secret, path)


def test_the_check_finds_a_leak():
    """The crawl's check is not vacuous: a page with the address fails it."""
    with pytest.raises(AssertionError):
        for secret in SECRETS:
            assert secret.lower() not in f"<p>{EMAIL}</p>".lower()


def test_the_account_page_shows_networks_never_addresses(settings):
    """The browsers signed in are listed with the address's network, never the address."""
    settings.TRUSTED_PROXY_COUNT = 1
    patient = UserFactory()
    client = Client(REMOTE_ADDR=REMOTE_IP, HTTP_X_FORWARDED_FOR=FORWARDED_IP)
    client.post(reverse("login"), {"username": patient.email, "password": "a-long-test-password"})
    page = client.get(reverse("account")).content.decode()
    assert "198.51.100.x" in page
    for secret in (REMOTE_IP, FORWARDED_IP):
        assert secret not in page


# Cache-Control.


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


def test_private_pages_are_private_and_not_stored():
    """Account, asking, own questions, the dashboard, the admin, login and sign-up pages:
    Cache-Control says private and no-store."""
    world = build_world()
    cases = {
        None: [
            reverse("login"),
            reverse("signup"),
            reverse("password_reset"),
            reverse("questions:report", args=[world.public.pk]),
            reverse("questions:ask"),  # the redirect to log in
        ],
        "patient_a": [
            reverse("questions:ask"),
            reverse("questions:my-questions"),
            reverse("questions:edit", args=[world.open_question.pk]),
            reverse("questions:withdraw", args=[world.open_question.pk]),
            reverse("questions:asked", args=[world.open_question.pk]),
            reverse("account"),
            reverse("account-export"),
            reverse("account-delete"),
            reverse("password_change"),
            reverse("two-factor-setup"),
            reverse("two-factor-confirm"),
            reverse("two-factor-authenticator"),
            reverse("two-factor-recovery-codes"),
            # A public page read by someone logged in shows who they are.
            world.public.get_absolute_url(),
            reverse("home"),
        ],
        "doctor": [
            reverse("questions:dashboard"),
            reverse("questions:dashboard-me"),
            reverse("questions:dashboard-question", args=[world.open_question.pk]),
        ],
        "superuser": [
            reverse("admin:index"),
            reverse("admin:questions_question_changelist"),
            reverse("staff-backlog"),
        ],
    }
    for role, urls in cases.items():
        client = Client()
        if role:
            client.force_login(world.users[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302), (role, url)
            assert {"private", "no-store"} <= _directives(response), (role, url)
            assert "public" not in _directives(response), (role, url)


def test_public_pages_for_anonymous_readers_stay_cacheable(client, django_assert_num_queries):
    """Anonymous readers (no session cookie) keep cacheable public pages, and the question
    page is still served from the page cache."""
    world = build_world()
    for url in (reverse("home"), reverse("questions:department-list"), "/feeds/latest.rss"):
        assert "no-store" not in _directives(client.get(url)), url
    url = world.public.get_absolute_url()
    first = client.get(url)
    assert "no-store" not in _directives(first)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert "no-store" not in _directives(again)
