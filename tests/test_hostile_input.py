"""Hostile input never gives a 500: NUL bytes, lone surrogates and invalid UTF-8 in the
path, the query string, form fields and headers; huge bodies and paths; right-to-left and
zero-width characters; unknown choices; extra POST fields. The answer is a 400, a 404 or
a form error, and nothing saved changes. A walk over every URL pattern of the resolver
(admin included) fills each argument with hostile values."""

import uuid
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from qa_portal.models import User
from questions.models import Question, Report
from tests.factories import DepartmentFactory, QuestionFactory, UserFactory, answered_question
from tests.security_world import build_world, snapshot
from tests.url_patterns import all_routes

pytestmark = pytest.mark.django_db

# Percent-encoded, as they travel in a request: %ED%A0%80 is a UTF-16 surrogate half
# encoded as UTF-8 (invalid UTF-8), %C3%28 and %FF plainly invalid UTF-8.
SURROGATE = "%ED%A0%80"
HOSTILE_ENCODED = [
    "%00",
    "a%00b",
    SURROGATE,
    "%C3%28%FF",
    quote("\u202egnp.exe\u200b"),
    quote("../../../etc/passwd", safe=""),
    quote("' OR 1=1; DROP TABLE questions_question; --", safe=""),
    quote("<script>alert(1)</script>\"'><img src=x onerror=alert(1)>", safe=""),
    "99999999999999999999999",
    "-1",
    "A" * 100_000,
]
FIELDS = [
    "q", "page", "department", "topic", "since", "scope", "mine", "next", "o", "p", "e",
    "title", "body", "nickname", "age_range", "gender", "reason", "text", "note", "email",
    "username", "password", "password1", "password2", "action", "language", "consent",
    "submission_token", "_to_field", "_popup", "_changelist_filters", "all",
]  # fmt: skip
# The superuser passes every login and staff check; the doctor, the dashboard's.
WALK_ROLES = ("anonymous", "doctor", "superuser")
# Query strings and form bodies: each field gets another hostile value, then all get NUL,
# then all get 100 kB.
PACKED = "&".join(
    f"{field}={HOSTILE_ENCODED[2 + n % (len(HOSTILE_ENCODED) - 3)]}"
    for n, field in enumerate(FIELDS)
)
QUERIES = [PACKED, "&".join(f"{field}=%00" for field in FIELDS), f"q={'A' * 100_000}"]


def _fill(route, value: str) -> str:
    """The route's path with every argument set to the (already encoded) value."""
    import re

    path = route.pattern.lstrip("^").rstrip("$")
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda _m: value, path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda _m: value, path)
    return "/" + path


ROUTES = all_routes()


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_url_walk_never_a_500(route):
    """Every URL pattern, each argument replaced by each hostile value, with hostile query
    strings and form bodies, GET and POST, anonymous and logged in as a doctor and as a
    superuser: never a server error, and nothing saved changes. (The admin's pages are
    generic: they are walked as the superuser, who gets past the login, with fewer
    values.)"""
    world = build_world()
    is_admin = route.pattern.startswith("admin/")
    values = HOSTILE_ENCODED if route.converters else [""]
    roles = WALK_ROLES
    queries = QUERIES if not route.converters else QUERIES[:1]
    if is_admin:
        roles = ("superuser",)
        if route.converters:
            values = ["%00", SURROGATE + quote("../<x>'", safe=""), "A" * 100_000]
    before = snapshot()
    clients = {}
    for role in roles:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        clients[role] = client
    for value in values:
        path = _fill(route, value)
        for query in queries:
            for role, client in clients.items():
                get = client.get(f"{path}?{query}")
                post = client.generic(
                    "POST", path, query.encode(), content_type="application/x-www-form-urlencoded"
                )
                for method, response in (("GET", get), ("POST", post)):
                    assert response.status_code < 500, (role, method, path[:200], query[:200])
                if world.users[role] is not None and "logout" in route.key:
                    client.force_login(world.users[role])
    if route.key != "account":  # one checkbox: any POST is valid (the box left unticked)
        assert snapshot() == before, "a hostile request changed saved data"


# The request as a whole.


def test_nul_in_path_query_and_headers_is_a_400(client):
    """A NUL byte in the path, a query parameter (name or value) or a header is refused
    before any view runs."""
    question = answered_question()
    url = question.get_absolute_url()
    assert client.get(url + "%00/").status_code in (400, 404)
    assert client.get(url, {"q": "a\x00b"}).status_code == 400
    assert client.get(url + "?a%00=1").status_code == 400
    assert client.get("/search/?q=%00").status_code == 400
    assert client.get(url, HTTP_USER_AGENT="evil\x00agent").status_code == 400
    assert client.get(url, HTTP_COOKIE="sessionid=\x00").status_code == 400
    assert client.get(url).status_code == 200


def test_surrogates_reaching_the_middleware_are_a_400(rf, django_assert_num_queries):
    """Django's decoding never yields a lone surrogate, but should one reach the middleware
    (a header, the path, a query value) it is refused without touching the database."""
    from qa_portal.middleware import RejectNullBytesMiddleware

    middleware = RejectNullBytesMiddleware(lambda request: pytest.fail("view reached"))
    requests = [
        rf.get("/search/", HTTP_X_CUSTOM="a\ud800b"),
        rf.get("/search/", HTTP_REFERER="\x00"),
    ]
    path = rf.get("/search/")
    path.path = path.path_info = "/search/\ud800/"
    query = rf.get("/search/")
    query.GET = query.GET.copy()
    query.GET["q"] = "\udfff"
    requests += [path, query]
    with django_assert_num_queries(0):
        for request in requests:
            assert middleware(request).status_code == 400


def test_nul_in_a_login_is_a_form_error_and_nothing_is_recorded(client):
    """A NUL in the e-mail or password of a login is a message next to the field; the
    failed-login records (which keep the User-Agent) are not reached with it."""
    from axes.models import AccessAttempt

    UserFactory(email="someone@example.org")
    response = client.post(
        reverse("login"), {"username": "someone@example.org\x00", "password": "x\x00y"}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert AccessAttempt.objects.count() == 0


def test_invalid_utf8_and_surrogates_in_a_form_are_harmless(client):
    """Invalid UTF-8 (a surrogate half among it) in a form body becomes U+FFFD: the form
    answers with its errors, never a 500."""
    user = UserFactory()
    client.force_login(user)
    body = f"title={SURROGATE}%C3%28&body=%FF%FE&nickname={SURROGATE}&age_range=%ED".encode()
    response = client.generic(
        "POST", reverse("questions:ask"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Question.objects.exists()
    response = client.get(f"/search/?q={SURROGATE}%C3%28")
    assert response.status_code == 200


def test_a_one_megabyte_body_is_a_form_error(client):
    """1 MB in the question is a message to shorten it; nothing is saved."""
    client.force_login(UserFactory())
    department = DepartmentFactory()
    response = client.post(
        reverse("questions:ask"),
        {
            "title": "Hands twitch at night",
            "body": "x" * 1_000_000,
            "nickname": "Moon",
            "age_range": "20~29",
            "gender": "female",
            "department": department.pk,
            "consent": "on",
            "submission_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert "Shorten your question to 4000 characters" in response.content.decode()
    assert not Question.objects.exists()


def test_bodies_past_the_upload_limit_and_too_many_fields_are_a_400(client, settings):
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE, or with more than DATA_UPLOAD_MAX_NUMBER_FIELDS
    fields, Django refuses the body with a 400 (not a 500); nothing is saved."""
    too_big = b"body=" + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    for url in (reverse("login"), reverse("signup"), reverse("questions:ask")):
        if url == reverse("questions:ask"):
            client.force_login(UserFactory())
        response = client.generic(
            "POST", url, too_big, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 400, url
    many = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.generic(
        "POST", reverse("questions:ask"), many, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    broken = client.generic(
        "POST",
        reverse("questions:ask"),
        b"--x\r\nnot a part",
        content_type="multipart/form-data; boundary=x",
    )
    assert broken.status_code in (200, 400)
    assert not Question.objects.exists()


def test_a_100_kb_address_is_a_414_and_a_long_one_a_404(client):
    """A 100 kB path or query string is refused as a proxy would (414); a long one within
    the limit (a 4,000-digit number, a 4 kB slug) is an ordinary 404 or redirect."""
    assert client.get("/" + "a" * 100_000 + "/").status_code == 414
    assert client.get("/search/", {"q": "a" * 100_000}).status_code == 414
    assert client.get("/admin/questions/question/", {"q": "a" * 100_000}).status_code == 414
    assert client.get("/questions/" + "9" * 4000 + "/").status_code == 404
    assert client.get("/questions/99999999999999999999999/").status_code == 404
    question = answered_question()
    assert client.get(f"/questions/{question.pk}/{'a' * 4000}/").status_code == 301
    assert client.get("/departments/" + "a" * 4000 + "/").status_code == 404
    assert client.get("/search/", {"q": "headache " * 400}).status_code == 200


# Forms: invisible characters, unknown choices, extra fields.


def _ask_data(**changes):
    data = {
        "title": "Hands twitch at night",
        "body": "After I fall asleep my hands and feet twitch. Why does this happen?",
        "nickname": "Moon",
        "age_range": "20~29",
        "gender": "female",
        "department": "",
        "consent": "on",
        "submission_token": str(uuid.uuid4()),
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nickname", "Moon\u202e"),  # right-to-left override
        ("nickname", "Mo\u200bon"),  # zero-width space
        ("nickname", "\u2067Moon\u2069"),  # right-to-left isolate
        ("title", "Hands twitch \u202eat night"),
        ("title", "Hands\u200d twitch at night"),  # zero-width joiner
        ("title", "\ufeffHands twitch at night"),  # byte order mark
    ],
)
def test_invisible_formatting_in_nickname_or_title_is_refused(client, field, value):
    """Zero-width and bidirectional control characters in a nickname or title (shown in
    running text on every page) are a message next to the field; the form keeps what was
    typed; nothing is saved."""
    client.force_login(UserFactory())
    response = client.post(reverse("questions:ask"), _ask_data(**{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()[field]] == ["invisible_formatting"]
    assert "Remove the invisible formatting characters" in response.content.decode()
    assert form[field].value() == value
    assert not Question.objects.exists()


def test_invisible_formatting_in_the_body_is_kept_inside_its_paragraph(client):
    """In the question body, right-to-left characters are harmless: the body is saved as
    typed, escaped, inside its own block, which ends any change of direction."""
    user = UserFactory()
    client.force_login(user)
    body = "My hands \u202etwitch at night\u202c and my feet too, since a month."
    response = client.post(reverse("questions:ask"), _ask_data(body=body))
    assert response.status_code == 302
    assert Question.objects.get().body == body


def test_editing_refuses_invisible_formatting_too(client):
    question = QuestionFactory(status="open")
    client.force_login(question.author)
    response = client.post(
        reverse("questions:edit", args=[question.pk]),
        {
            "title": "Moon\u200b twitching at night",
            "body": question.body,
            "nickname": question.nickname,
            "age_range": question.age_range,
            "gender": question.gender,
            "department": question.department_id,
        },
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert "\u200b" not in question.title


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age_range", "200~299"),
        ("gender", "robot"),
        ("department", "999999"),
        ("department", "neurology"),
        ("department", "1 OR 1=1"),
        ("submission_token", "not-a-uuid"),
    ],
)
def test_unknown_choices_are_form_errors(client, field, value):
    client.force_login(UserFactory())
    response = client.post(reverse("questions:ask"), _ask_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Question.objects.exists()


def test_unknown_report_reason_is_a_form_error(client):
    question = answered_question()
    response = client.post(
        reverse("questions:report", args=[question.pk]), {"reason": "<b>", "text": "x"}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Report.objects.exists()


def test_extra_fields_when_asking_are_ignored(client):
    """status, author, is_staff, is_hidden, headline, answered_at posted with a question
    change nothing: the question waits for triage under the asker's name."""
    user = UserFactory()
    other = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("questions:ask"),
        _ask_data(
            status="answered",
            author=other.pk,
            author_id=other.pk,
            is_staff="1",
            is_superuser="1",
            is_hidden="1",
            is_priority="1",
            headline="Staff headline",
            answered_at="2020-01-01",
            view_count="1000",
        ),
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.author == user and question.status == "triage"
    assert not question.is_hidden and question.headline == "" and question.answered_at is None
    assert question.view_count == 0
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser


def test_extra_fields_when_editing_are_ignored(client):
    question = QuestionFactory(status="open")
    client.force_login(question.author)
    response = client.post(
        reverse("questions:edit", args=[question.pk]),
        {
            "title": "Hands twitch a lot at night",
            "body": question.body,
            "nickname": question.nickname,
            "age_range": question.age_range,
            "gender": question.gender,
            "department": question.department_id,
            "status": "answered",
            "author": UserFactory().pk,
            "is_hidden": "1",
            "more_info": "<script>",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Hands twitch a lot at night"
    assert question.status == "open" and not question.is_hidden and question.more_info == ""


def test_extra_fields_when_signing_up_or_saving_preferences_are_ignored(client):
    response = client.post(
        reverse("signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
            "is_staff": "1",
            "is_superuser": "1",
            "is_active": "0",
            "full_name": "Injected",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert not user.is_staff and not user.is_superuser and user.is_active
    assert user.full_name == ""
    response = client.post(
        reverse("account"), {"email_on_reply": "on", "email": "x@example.org", "is_staff": "1"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.org" and not user.is_staff


def test_extra_fields_when_reporting_are_ignored(client):
    question = answered_question()
    client.post(
        reverse("questions:report", args=[question.pk]),
        {"reason": "spam", "text": "", "status": "resolved", "question": 999},
    )
    report = Report.objects.get()
    assert report.status == "open" and report.question == question


def test_the_world_has_every_role():
    """The walk above logs in as these; a renamed role would silently test nothing."""
    world = build_world()
    assert all(world.users[role] is not None for role in WALK_ROLES[1:])
