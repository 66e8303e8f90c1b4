import re

import pytest
from django.core.management import call_command

from qa_portal.models import User
from questions.models import FAQTopic, Question, Reply
from specialists.models import Department, Doctor

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "departments": list(Department.objects.values_list("slug", "name", "position")),
        "doctors": list(Doctor.objects.values_list("slug", "department__slug", "hospital")),
        "topics": list(FAQTopic.objects.values_list("slug", "department__slug", "is_featured")),
        "questions": list(
            Question.objects.order_by("pk").values_list(
                "pk", "title", "status", "asked_at", "answered_at", "department__slug"
            )
        ),
        "replies": list(Reply.objects.order_by("pk").values_list("pk", "doctor__slug", "body")),
        "tags": sorted(Question.topics.through.objects.values_list("content_object", "tag")),
    }


def test_load_demo_twice_changes_nothing():
    """Running the demo command a second time changes no row."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first


def test_demo_users_are_verified():
    """The demo's patient and doctors have verified addresses, as every account from before
    sign-up checked them."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.exists()
    assert not User.objects.filter(email_verified_at__isnull=True).exists()


def test_demo_gives_every_page_content():
    """A dozen departments, each with answered questions and doctors; every topic has Q&A; a
    department archive needs a second page; a few questions are not public; some in Chinese."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Department.objects.count() >= 12
    for department in Department.objects.all():
        assert Question.objects.in_department(department).exists(), department
        assert department.doctors.exists(), department
    for topic in FAQTopic.objects.all():
        assert Question.objects.with_topic(topic).exists(), topic
    assert Question.objects.in_department(Department.objects.get(slug="neurology")).count() > 20
    assert Question.objects.exclude(status="answered").exists()
    assert Question.objects.public().filter(title__contains="失眠").exists()


def test_demo_has_chinese_qa_that_read_and_search_in_chinese(client):
    """At least five answered Q&A in Chinese, each with a Chinese reply; their pages show the
    Chinese text in the Chinese interface, and a Chinese word finds them."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    han = re.compile(r"[\u4e00-\u9fff]")
    chinese = [q for q in Question.objects.public() if han.search(q.title)]
    assert len(chinese) >= 5
    for question in chinese:
        assert all(han.search(reply.body) for reply in question.replies.all()), question
        assert "，" in question.body and "," not in question.body, question
    question = next(q for q in chinese if "胃食道逆流" in q.title)
    page = client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert "吃完飯後胸口常常灼熱，是胃食道逆流嗎？" in page.content.decode()
    assert "回覆日期：" in page.content.decode()
    found = client.get("/search/", {"q": "胃食道逆流"}, HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert question in list(found.context["page_obj"])


REFERENCE_ELEMENTS = [
    "<title>Involuntary Limb Jerks During Sleep: Causes and Insights - Neurology</title>",
    "Share to:",
    "Involuntary small twitches of the hands and feet during sleep?",
    "Hello Dr. Yeh: After I fall asleep, it seems that my hands and feet involuntarily twitch "
    "(not cramps), and I do not feel any discomfort myself.<br>I would like to ask why this "
    "happens.",
    "ALEX, 20~29 year old female.",
    'Ask Date: <time datetime="2000-11-28T09:30:00+08:00">2000/11/28</time>',
    "Dr. Yeh Po-Shou reply Neurology",
    "If you are experiencing physical fatigue and insufficient rest, such symptoms may occur.",
    "Dr. Yeh Po-Shou, Neurology Department, Hsinchu Hospital.",
    "Reply Date: <time",
    ">2000/11/28</time>",
    ">More Info</h2>",
    "<h3>What Are Hypnic Jerks?</h3>",
    "<h3>Management Strategies</h3>",
    ">Similar Q&A</h2>",
    ">Related FAQ</h2>",
]


SIMILAR_HEADLINES = [
    "Understanding Involuntary Muscle Jerks During Sleep: Causes and Concerns",
    "Understanding Unexplained Leg Jerks During Sleep: Causes and Solutions",
    "Understanding Sleep Jerks: Causes and Solutions for Insomnia",
    "Understanding Sleep-Related Limb Pain: Causes and Solutions",
]


def test_reference_question_page_has_every_element_in_order(client):
    """The demo's reference question renders every element of the reference page, in its
    order, with the ten Related FAQ topics as "Topic (Neurology)" links."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    question = Question.objects.get(title__startswith="Involuntary small twitches")
    response = client.get(f"/questions/{question.pk}/")
    assert response.status_code == 301
    response = client.get(response["Location"])
    text = response.content.decode()
    position = 0
    for element in REFERENCE_ELEMENTS:
        found = text.find(element, position)
        assert found >= 0, f"missing or out of order: {element!r}"
        position = found + len(element)
    # The four similar Q&A of the reference page, each with its excerpt, doctor and link
    # (their order is the similarity ranking's: text rank on PostgreSQL, recency elsewhere).
    similar = text[text.index(">Similar Q&A</h2>") : text.index(">Related FAQ</h2>")]
    headlines = re.findall(r'<h3 class="similar__headline"><a href="[^"]+">([^<]+)</a>', similar)
    assert sorted(headlines) == sorted(SIMILAR_HEADLINES)
    for line in ("Dr. Jiang Junyi reply Neurology", "Dr. Ding Xianwei reply Neurosurgery",
                 "Dr. Li Zhengfeng reply Psychiatry", "Dear Ms. Elsa, You mentioned",
                 "Hello doctor, recently I have been experiencing sudden body jerks"):  # fmt: skip
        assert line in similar
    assert similar.count("Read More") == 4
    topics = re.findall(
        r'<a href="/topics/[^"]+/">([^<]+) <span class="topic-list__department">\((\w+)\)',
        text,
    )
    assert topics == [
        (name, "Neurology")
        for name in [
            "Involuntary Body Movements", "Sleep", "Facial Twitching", "Body Shaking",
            "Eyelid Muscle Twitching", "Muscle Cramp", "Tremor",
            "Autonomic Nervous System Dysfunction", "Leg Numbness", "Muscle Fasciculation",
        ]
    ]  # fmt: skip
    for label in ("LINE", "Facebook", ">X<", "E-mail", "Copy link"):
        assert label in text


def test_departments_and_topics_have_their_chinese_names(client):
    """A zh-TW browser sees the names a hospital in Taiwan uses, the English one the
    English names; both from the same addresses."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    neurology = Department.objects.get(slug="neurology")
    assert (neurology.name_en, neurology.name_zh_hant) == ("Neurology", "神經內科")
    assert neurology.description_zh_hant and neurology.description_en
    assert not FAQTopic.objects.filter(name_zh_hant__isnull=True).exists()
    assert not FAQTopic.objects.filter(description_en="").exists()
    chinese = client.get("/departments/", HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()
    for name in ("神經內科", "神經外科", "身心科", "心臟內科", "皮膚科", "胃腸肝膽科", "眼科",
                 "耳鼻喉科", "骨科", "小兒科", "婦產科", "家庭醫學科"):  # fmt: skip
        assert name in chinese
    assert "Neurology" not in chinese
    topic = client.get("/topics/tremor/", HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()
    assert "顫抖" in topic and "神經內科" in topic
    assert "Tremor" in client.get("/topics/tremor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    doctor = client.get("/doctors/yeh-po-shou/", HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()
    assert "葉柏壽" in doctor and "新竹醫院" in doctor and "Hsinchu" not in doctor


def test_the_demo_of_an_earlier_version_leaves_the_archive():
    """Q&A the demo's patient has that the demo no longer holds (an earlier version's
    generated titles) are removed; the others are kept as they are."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    patient = User.objects.get(email="demo.patient@example.org")
    old = Question.objects.filter(author=patient).first()
    Question.objects.create(
        author=patient, nickname="Ming", age_range="30~39", gender="female",
        title="Cannot fall asleep before 3 am (for a month)",
        body="I cannot fall asleep before three in the morning for a month for three days.",
        department=old.department, status=Question.Status.ANSWERED, answered_at=old.asked_at,
    )  # fmt: skip
    before = Question.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Question.objects.count() == before - 1
    assert not Question.objects.filter(title__endswith="(for a month)").exists()
    assert Question.objects.filter(pk=old.pk).exists()
