"""XSS payloads in every field a patient, doctor or staff member can fill are inert
wherever they are shown: public pages, JSON-LD, feeds, the API, the patient's pages, the
dashboard, the admin and the e-mails."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.urls import reverse

from questions import services
from questions.models import Referral, Report
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SHORT = "<b onmouseover=alert(3)>"  # fits a 40-character nickname
BREAKOUT = "</script><script>alert(4)</script>"
# What must never appear in HTML as markup.
LIVE = ["<script>alert", "<img src=x", "<b onmouseover", 'href="javascript:', "</script><script>"]


def assert_inert(html: str, *, shows_payload: bool = True) -> None:
    """No payload is live markup; every <script> element is an external file or JSON data,
    and every JSON block is whole (nothing closed it early)."""
    for marker in LIVE:
        assert marker not in html, marker
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert ' src="' in tag or re.search(r'type="application/(ld\+)?json"', tag), tag
    for block in re.findall(
        r'<script [^>]*type="application/(?:ld\+)?json">(.*?)</script>', html, re.S
    ):
        json.loads(block)
    if shows_payload:
        assert "&lt;script&gt;alert(1)" in html or "\\u003Cscript\\u003Ealert(1)" in html


@pytest.fixture
def hostile():
    """A site where every free-text field holds a payload."""
    department = DepartmentFactory(name=f"Neurology {PAYLOAD}", description=PAYLOAD)
    other = DepartmentFactory(name=f"Cardiology {SHORT}", description=SHORT)
    doctor = DoctorFactory(
        department=department,
        name=f"Yeh {PAYLOAD}",
        title=f"Attending {SHORT}",
        hospital=f"Hsinchu {SHORT}",
        bio=f"Bio {PAYLOAD}",
    )
    colleague = DoctorFactory(department=department, name=f"Jiang {SHORT}")
    patient = UserFactory(full_name=PAYLOAD)
    topic = FAQTopicFactory(department=department, name=f"Sleep {SHORT}", description=PAYLOAD)
    public = AnsweredQuestionFactory(
        author=patient,
        department=department,
        nickname=SHORT,
        title=f"Help {PAYLOAD}",
        headline=f"Headline {PAYLOAD}",
        body=f"Body {PAYLOAD}\n{BREAKOUT}",
        more_info=f'Info {PAYLOAD}\n\n[link](javascript:alert(5)) <a href="javascript:x">a</a>',
    )
    public.topics.set([topic])
    reply = ReplyFactory(question=public, doctor=doctor, body=f"Reply {PAYLOAD}\n{BREAKOUT}")
    ReplyFactory(question=public, doctor=colleague, body=f"Second {PAYLOAD}")
    declined = QuestionFactory(
        author=patient,
        department=department,
        nickname=SHORT,
        title=f"Declined {PAYLOAD}",
        status="declined",
        decline_reason=f"Reason {PAYLOAD}",
    )
    waiting = QuestionFactory(
        author=patient,
        department=department,
        nickname=SHORT,
        title=f"Waiting {PAYLOAD}",
        body=f"Waiting body {PAYLOAD}",
    )
    Referral.objects.create(
        question=waiting,
        doctor=colleague,
        from_department=other,
        to_department=department,
        note=f"Note {PAYLOAD}",
    )
    report = Report.objects.create(question=public, reason="other", text=f"Report {PAYLOAD}")
    return {
        "department": department,
        "doctor": doctor,
        "patient": patient,
        "topic": topic,
        "public": public,
        "reply": reply,
        "declined": declined,
        "waiting": waiting,
        "report": report,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }


def test_public_pages(client, hostile):
    public = hostile["public"]
    pages = [
        reverse("home"),
        public.get_absolute_url(),
        reverse("questions:department-list"),
        hostile["department"].get_absolute_url(),
        reverse("questions:topic-list"),
        hostile["topic"].get_absolute_url(),
        reverse("questions:doctor-detail", args=[hostile["doctor"].slug]),
        reverse("questions:search") + "?q=Help",
        reverse("questions:report", args=[public.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), shows_payload=True)
    # A payload as the search itself.
    response = client.get(reverse("questions:search"), {"q": PAYLOAD})
    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_the_question_page_json_ld_holds_the_payload_as_data(client, hostile):
    """The JSON-LD blocks carry the payload as escaped JSON text: parsed back, it is the
    patient's text, and it never closed its <script> element."""
    html = client.get(hostile["public"].get_absolute_url()).content.decode()
    blocks = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    qa = next(block for block in blocks if block["@type"] == "QAPage")
    assert PAYLOAD in json.dumps(qa, ensure_ascii=False)
    assert BREAKOUT in qa["mainEntity"]["text"]
    assert "\\u003C/script\\u003E" in html


def test_the_more_info_markdown_is_sanitised(client, hostile):
    html = client.get(hostile["public"].get_absolute_url()).content.decode()
    assert "javascript:" not in html.split('class="prose"')[1].split("</div>")[0]


def test_feeds_carry_escaped_html(client, hostile):
    """Feed readers render an item's description (RSS) or summary (Atom) as HTML: the
    patient's text is escaped inside it, so the decoded HTML holds no markup."""
    urls = [
        reverse("questions:feed-latest"),
        reverse("questions:feed-latest-atom"),
        reverse("questions:feed-department", args=[hostile["department"].slug]),
        reverse("questions:feed-department-atom", args=[hostile["department"].slug]),
        reverse("questions:feed-topic", args=[hostile["topic"].slug]),
        reverse("questions:feed-topic-atom", args=[hostile["topic"].slug]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        html_parts = [
            element.text or ""
            for element in root.iter()
            if element.tag in ("description", "{http://www.w3.org/2005/Atom}summary")
        ]
        item_parts = [part for part in html_parts if "Body" in part]
        assert item_parts, url
        for part in item_parts:
            assert "<script" not in part and "<img" not in part, url
            assert "&lt;script&gt;alert(1)" in part


def test_sitemaps_and_api_are_data_not_html(client, hostile):
    """The API answers JSON (nosniff, so no browser reads it as HTML) with the text as
    typed; sitemaps are XML that parses."""
    for url in (
        reverse("questions:api-list"),
        reverse("questions:api-detail", args=[hostile["public"].pk]),
    ):
        response = client.get(url)
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert PAYLOAD in json.dumps(response.json(), ensure_ascii=False)
    for section in ("questions", "departments", "topics", "doctors"):
        response = client.get(reverse("sitemap-section", args=[section]))
        if response.status_code == 200:
            ET.fromstring(response.content)
    suggestions = client.get(reverse("questions:ask-suggestions"), {"q": "Help"})
    assert suggestions["Content-Type"] == "application/json"


def test_the_patients_pages(client, hostile):
    client.force_login(hostile["patient"])
    for url in (
        reverse("questions:my-questions"),
        hostile["declined"].get_absolute_url(),
        reverse("questions:edit", args=[hostile["waiting"].pk]),
        reverse("questions:withdraw", args=[hostile["waiting"].pk]),
        reverse("questions:ask"),
        reverse("account"),
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), shows_payload=url != reverse("account"))


def test_the_second_factor_and_browsers(client, hostile):
    """A passkey's name and a browser's description (from the User-Agent header, which
    anyone sets) are escaped on the account and second factor pages."""
    from qa_portal.models import Passkey
    from tests.signing_in import PASSWORD

    patient = hostile["patient"]
    Passkey.objects.create(user=patient, name=PAYLOAD[:60], credential_id="x", public_key=b"k")
    agent = (
        "Mozilla/5.0 (Linux; Android 10; <script>alert(1)</script> Build/QQ) "
        "AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
    )
    client.post(
        reverse("login"), {"username": patient.email, "password": PASSWORD},
        headers={"User-Agent": agent},
    )  # fmt: skip
    client.force_login(patient)
    account = client.get(reverse("account")).content.decode()
    assert "&lt;script&gt;alert(1)" in account  # the description, from the header
    assert_inert(account)
    setup = client.get(reverse("two-factor-setup")).content.decode()
    assert_inert(setup)


def test_the_dashboard(client, hostile):
    client.force_login(hostile["doctor"].user)
    for url in (
        reverse("questions:dashboard"),
        reverse("questions:dashboard") + "?scope=all",
        reverse("questions:dashboard-me"),
        reverse("questions:dashboard-question", args=[hostile["waiting"].pk]),
        reverse("questions:dashboard-reply-edit", args=[hostile["reply"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())
    # A preview renders the doctor's text as the page will.
    response = client.post(
        reverse("questions:dashboard-question", args=[hostile["waiting"].pk]),
        {"body": f"Preview {PAYLOAD} long enough", "action": "preview"},
    )
    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_the_admin(client, hostile):
    client.force_login(hostile["superuser"])
    pages = [reverse("admin:index"), reverse("staff-backlog")]
    for model, obj in (
        ("questions_question", hostile["public"]),
        ("questions_question", hostile["waiting"]),
        ("questions_reply", hostile["reply"]),
        ("questions_report", hostile["report"]),
        ("questions_referral", hostile["waiting"].referrals.get()),
        ("questions_faqtopic", hostile["topic"]),
        ("specialists_department", hostile["department"]),
        ("specialists_doctor", hostile["doctor"]),
        ("qa_portal_user", hostile["patient"]),
    ):
        pages += [
            reverse(f"admin:{model}_changelist"),
            reverse(f"admin:{model}_change", args=[obj.pk]),
            reverse(f"admin:{model}_history", args=[obj.pk]),
        ]
    pages.append(reverse("admin:questions_triagequestion_changelist"))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), shows_payload=False)


def test_emails_are_plain_text(hostile, django_capture_on_commit_callbacks):
    """E-mails are text/plain with no HTML part: a payload is shown as typed, never run;
    the subject is one line."""
    question = QuestionFactory(
        author=hostile["patient"],
        department=hostile["department"],
        nickname=SHORT,
        title=f"Mail {PAYLOAD}",
    )
    other = QuestionFactory(author=hostile["patient"], department=hostile["department"])
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_reply(doctor=hostile["doctor"], question=question, body=f"Reply {PAYLOAD}")
        services.decline_question(
            question=other, reason=f"Because {PAYLOAD}", doctor=hostile["doctor"]
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert "\n" not in message.subject
    assert PAYLOAD in mail.outbox[1].body


def test_an_unescaped_field_would_be_caught():
    """The check itself: live markup fails it."""
    with pytest.raises(AssertionError):
        assert_inert(f"<p>{PAYLOAD}</p>", shows_payload=False)
    with pytest.raises(json.JSONDecodeError):
        assert_inert(
            '<script type="application/ld+json">{"a": "x</script>"}</script>',
            shows_payload=False,
        )
