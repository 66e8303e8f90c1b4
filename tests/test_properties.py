"""Property-based tests (hypothesis): whatever text is typed or sent, the forms, the
search parser, the search and the form views answer with a page or a form error — they
never raise and never give a 500."""

import uuid
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa_portal.forms import DeleteAccountForm, PreferencesForm, SignupForm
from questions.forms import AskForm, DeclineForm, QuestionForm, ReferForm, ReplyForm, ReportForm
from questions.search.page import run as run_search
from questions.search.parsing import parse_query
from questions.search.terms import terms
from tests.factories import DepartmentFactory, FAQTopicFactory, UserFactory, answered_question

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=60,
    database=None,  # no .hypothesis/ folder in the worktree; failures print their example
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character, lone surrogates and NUL included, with some hostile words mixed in.
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=300),
    st.sampled_from(
        ["", " ", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "\u202e", "\u200b",
         "20~29", "female", "1", "-1", "99999999999999999999", "on", "emergency", "other",
         "a" * 5000, "%", "_", "\\", '"', "OR", "AND NOT", "日本語", "ما"]
    ),
)  # fmt: skip
# What can travel in a real request: text without surrogates (they cannot be encoded).
SENDABLE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
FORM_KEYS = [
    "title", "body", "nickname", "age_range", "gender", "department", "consent",
    "submission_token", "reason", "text", "note", "email", "password", "password1",
    "password2", "email_on_reply", "status", "author", "is_staff",
]  # fmt: skip
FORM_DATA = st.dictionaries(st.sampled_from(FORM_KEYS), ANY_TEXT, max_size=len(FORM_KEYS))
FORMS = [AskForm, QuestionForm, ReplyForm, ReferForm, DeclineForm, ReportForm, SignupForm]


@pytest.fixture
def department():
    return DepartmentFactory()


@SETTINGS
@given(data=FORM_DATA, form_class=st.sampled_from(FORMS))
def test_forms_never_raise(department, data, form_class):
    """Every public form validates anything: valid or with errors, never an exception."""
    form = form_class(data)
    if form.is_valid():
        assert form.cleaned_data is not None
    else:
        assert form.errors


@SETTINGS
@given(data=FORM_DATA)
def test_account_forms_never_raise(data):
    user = UserFactory.build(email="someone@example.org")
    user.set_password("a-long-test-password")
    DeleteAccountForm(user, data).is_valid()
    PreferencesForm(data, instance=user).is_valid()


@SETTINGS
@given(text=ANY_TEXT)
def test_the_search_parser_never_raises(text):
    parsed = parse_query(text)
    assert isinstance(parsed.is_empty, bool)
    terms(text)


@SETTINGS
@given(text=SENDABLE_TEXT, page=st.one_of(st.none(), SENDABLE_TEXT, st.integers()))
def test_the_search_never_raises(text, page):
    """run_search with any text and page number gives a page of results."""
    result = run_search(text, page_number=page, page_size=20)
    assert result.page.number >= 1


@pytest.fixture
def archive(settings):
    settings.REPORTS_PER_HOUR = settings.SIGNUPS_PER_HOUR = 1_000_000
    department = DepartmentFactory(slug="neurology")
    FAQTopicFactory(department=department, slug="sleep")
    return answered_question(department=department, title="Twitching legs at night")


def _encoded(draw_bytes: bytes) -> str:
    return quote_from_bytes(draw_bytes, safe="")


QUERY_VALUE = st.one_of(
    SENDABLE_TEXT.map(lambda text: quote(text, safe="")),
    st.binary(max_size=200).map(_encoded),  # invalid UTF-8 and NUL bytes too
)


@SETTINGS
@given(q=QUERY_VALUE, department=QUERY_VALUE, topic=QUERY_VALUE, page=QUERY_VALUE)
def test_the_search_page_never_fails(archive, q, department, topic, page):
    """Any query string (invalid UTF-8 and NUL included): a page, or a 400 for a NUL."""
    client = Client(raise_request_exception=False)
    url = f"{reverse('questions:search')}?q={q}&department={department}&topic={topic}&page={page}"
    response = client.get(url)
    assert response.status_code in (200, 400), url
    if "%00" not in url:
        assert response.status_code == 200, url
    for other in ("questions:ask-suggestions", "questions:api-list"):
        response = client.get(f"{reverse(other)}?q={q}&since={department}&page={page}")
        assert response.status_code in (200, 400, 404)


@SETTINGS
@given(data=FORM_DATA)
def test_the_form_views_never_fail(archive, data):
    """Ask, sign up, report, edit and account forms posted with anything: a form error, a
    redirect after success, or a 400 — never a 500."""
    data = {key: value for key, value in data.items() if not _has_surrogate(value)}
    cache.clear()  # the per-hour limits on asking and reporting count every example
    user = UserFactory()
    client = Client(raise_request_exception=False)
    for url in (reverse("signup"), reverse("questions:report", args=[archive.pk])):
        response = client.post(url, data)
        assert response.status_code in (200, 302, 400), (url, response.status_code)
    client.force_login(user)
    ask = {**data, "submission_token": data.get("submission_token") or str(uuid.uuid4())}
    for url in (reverse("questions:ask"), reverse("account"), reverse("account-delete")):
        response = client.post(url, ask)
        assert response.status_code in (200, 302, 400), (url, response.status_code)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= character <= "\udfff" for character in text)
