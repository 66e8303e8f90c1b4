"""Departments and FAQ topics speak the reader's language: their names and descriptions
are kept in English and Traditional Chinese (django-modeltranslation), shown in the
reader's language on every page, feed, structured data and e-mail, with both in the API;
a missing translation falls back to the other language. Addresses never change."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from questions import services
from questions.models import FAQTopic
from questions.search.vectors import refresh_search_vectors
from specialists.models import Department
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    ReplyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hant"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def named():
    department = DepartmentFactory(
        name_en="Dermatology",
        name_zh_hant="皮膚科",
        slug="dermatology",
        description_en="Skin, hair and nails.",
        description_zh_hant="皮膚、頭髮與指甲。",
    )
    topic = FAQTopicFactory(
        name_en="Eczema",
        name_zh_hant="濕疹",
        slug="eczema",
        department=department,
        is_featured=True,
        description_en="Dry, itchy, red skin.",
        description_zh_hant="皮膚乾、癢、發紅。",
    )
    doctor = DoctorFactory(
        department=department,
        is_verified=True,
        name_en="Wang Shu-Fen",
        name_zh_hant="王淑芬",
        title_en="Attending Physician",
        title_zh_hant="主治醫師",
        hospital_en="Keelung Hospital",
        hospital_zh_hant="基隆醫院",
    )
    question = AnsweredQuestionFactory(
        department=department,
        topics=[topic],
        title="Itchy patches on my elbows",
        body="Dry and itchy patches on both elbows for a month.",
    )
    ReplyFactory(question=question, doctor=doctor)
    refresh_search_vectors()
    return {"department": department, "topic": topic, "doctor": doctor, "question": question}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("( ", "(").replace(" )", ")")


def _json_ld(html: str) -> list:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_the_department_page_in_each_language(client, named):
    url = named["department"].get_absolute_url()
    chinese = client.get(url, **ZH).content.decode()
    english = client.get(url, **EN).content.decode()
    assert "皮膚科" in chinese and "皮膚、頭髮與指甲。" in chinese
    assert "<h1>Dermatology" in english or ">Dermatology<" in english
    assert "皮膚科" not in english
    # The address is the same in both.
    assert url == "/departments/dermatology/"


def test_the_question_page_related_faq_breadcrumbs_and_json_ld_in_chinese(client, named):
    html = client.get(named["question"].get_absolute_url(), **ZH).content.decode()
    assert "濕疹 (皮膚科)" in _text(html)
    crumbs = next(data for data in _json_ld(html) if data.get("@type") == "BreadcrumbList")
    assert "皮膚科" in [item["name"] for item in crumbs["itemListElement"]]
    english = client.get(named["question"].get_absolute_url(), **EN).content.decode()
    assert "Eczema (Dermatology)" in _text(english) and "濕疹" not in english


def test_the_doctor_profile_json_ld_names_the_department_in_the_readers_language(client, named):
    html = client.get(named["doctor"].get_absolute_url(), **ZH).content.decode()
    assert "皮膚科" in json.dumps(_json_ld(html), ensure_ascii=False)


def test_doctors_are_named_in_the_readers_language(client, named):
    """The reply's signature, the profile page and its ProfilePage data."""
    page = _text(client.get(named["question"].get_absolute_url(), **ZH).content.decode())
    assert "基隆醫院 皮膚科 王淑芬 醫師" in page
    english = _text(client.get(named["question"].get_absolute_url(), **EN).content.decode())
    assert "Dr. Wang Shu-Fen, Dermatology Department, Keelung Hospital." in english
    html = client.get(named["doctor"].get_absolute_url(), **ZH).content.decode()
    data = json.dumps(_json_ld(html), ensure_ascii=False)
    assert "王淑芬" in data and "主治醫師" in data and "基隆醫院" in data
    # A doctor with no Chinese hospital shows the English one.
    other = DoctorFactory(department=named["department"], hospital="Taipei Hospital")
    assert "Taipei Hospital" in client.get(other.get_absolute_url(), **ZH).content.decode()


def test_the_ask_form_lists_departments_in_chinese(client, named):
    client.force_login(UserFactory())
    html = client.get(reverse("questions:ask"), **ZH).content.decode()
    assert ">皮膚科</option>" in html
    html = client.get(reverse("questions:ask"), **EN).content.decode()
    assert ">Dermatology</option>" in html


def test_the_home_page_and_topic_pages_in_chinese(client, named):
    assert "濕疹" in client.get(reverse("home"), **ZH).content.decode()
    html = client.get(named["topic"].get_absolute_url(), **ZH).content.decode()
    assert "濕疹" in html and "皮膚乾、癢、發紅。" in html
    assert "濕疹" in client.get(reverse("questions:topic-list"), **ZH).content.decode()
    assert "皮膚科" in client.get(reverse("questions:department-list"), **ZH).content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_name_the_department_and_topic_in_the_readers_language(client, named, kind):
    department = client.get(f"/departments/dermatology/feed.{kind}", **ZH).content.decode()
    assert "皮膚科" in department
    topic = client.get(f"/topics/eczema/feed.{kind}", **ZH).content.decode()
    assert "濕疹" in topic
    assert "Eczema" in client.get(f"/topics/eczema/feed.{kind}", **EN).content.decode()


def test_the_api_gives_both_names(client, named):
    data = client.get(reverse("questions:api-detail", args=[named["question"].pk]), **EN).json()
    assert data["department"] == {
        "name": "Dermatology",
        "names": {"en": "Dermatology", "zh-hant": "皮膚科"},
        "slug": "dermatology",
    }
    assert data["topics"] == [
        {"name": "Eczema", "names": {"en": "Eczema", "zh-hant": "濕疹"}, "slug": "eczema"}
    ]
    chinese = client.get(reverse("questions:api-detail", args=[named["question"].pk]), **ZH)
    assert chinese.json()["department"]["name"] == "皮膚科"


def test_a_missing_translation_falls_back_to_the_other_language(client):
    department = DepartmentFactory(name_en="Cardiology", slug="cardiology")
    topic = FAQTopicFactory(name_en="Palpitations", slug="palpitations", department=department)
    with translation.override("zh-hant"):
        assert department.name == "Cardiology" and topic.name == "Palpitations"
    html = client.get(department.get_absolute_url(), **ZH).content.decode()
    assert "Cardiology" in html
    # A name only in Chinese shows to an English reader too, never an empty string.
    Department.objects.filter(pk=department.pk).update(name_en=None, name_zh_hant="心臟內科")
    department.refresh_from_db()
    with translation.override("en"):
        assert department.name == "心臟內科"
    assert "心臟內科" in client.get(department.get_absolute_url(), **EN).content.decode()
    data = client.get(reverse("questions:api-list"), **EN)
    assert data.status_code == 200


def test_search_finds_a_topic_and_its_questions_by_either_name(client, named):
    for words in ("濕疹", "eczema"):
        html = client.get(reverse("questions:search"), {"q": words}, **ZH).content.decode()
        assert "Itchy patches on my elbows" in html, words
        assert 'class="search-named"' in html and "/topics/eczema/" in html, words
    html = client.get(reverse("questions:search"), {"q": "皮膚科"}, **ZH).content.decode()
    assert "/departments/dermatology/" in html


def test_search_offers_the_topics_named_when_nothing_is_found(client, named):
    FAQTopicFactory(name_en="Hives", name_zh_hant="蕁麻疹", slug="hives")
    html = client.get(reverse("questions:search"), {"q": "蕁麻疹"}, **ZH).content.decode()
    assert "search-empty" in html and "/topics/hives/" in html


def test_a_renamed_or_merged_topic_is_found_by_its_new_name(client, named):
    topic = named["topic"]
    topic.name_zh_hant = "異位性皮膚炎"
    topic.save()
    html = client.get(reverse("questions:search"), {"q": "異位性皮膚炎"}, **ZH).content.decode()
    assert "Itchy patches on my elbows" in html
    target = FAQTopicFactory(name_en="Dermatitis", name_zh_hant="皮膚炎", slug="dermatitis")
    services.merge_topics(source=topic, target=target, actor=None)
    html = client.get(reverse("questions:search"), {"q": "Dermatitis"}, **EN).content.decode()
    assert "Itchy patches on my elbows" in html


def test_topics_match_by_either_name():
    FAQTopicFactory(name_en="Insomnia", name_zh_hant="失眠", slug="insomnia")
    assert [t.slug for t in FAQTopic.objects.matching("失眠好幾個月")] == ["insomnia"]
    assert [t.slug for t in FAQTopic.objects.matching("insomnia")] == ["insomnia"]


class TestAdmin:
    def test_both_languages_are_edited_side_by_side(self, client, staff):
        html = client.get(reverse("admin:specialists_department_add")).content.decode()
        assert 'name="name_en"' in html and 'name="name_zh_hant"' in html
        assert 'name="description_en"' in html and 'name="description_zh_hant"' in html
        html = client.get(reverse("admin:questions_faqtopic_add")).content.decode()
        assert 'name="name_en"' in html and 'name="name_zh_hant"' in html

    def test_the_chinese_name_is_optional_and_the_slug_stays(self, client, staff):
        response = client.post(
            reverse("admin:specialists_department_add"),
            {"name_en": "Urology", "name_zh_hant": "", "slug": "urology", "position": 3,
             "description_en": "", "description_zh_hant": ""},
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:3000]
        department = Department.objects.get(slug="urology")
        assert department.name_en == "Urology" and department.name_zh_hant is None
        response = client.post(
            reverse("admin:specialists_department_change", args=[department.pk]),
            {"name_en": "Urology", "name_zh_hant": "泌尿科", "slug": "urology", "position": 3,
             "description_en": "", "description_zh_hant": ""},
            **ZH,
        )  # fmt: skip
        assert response.status_code == 302
        department.refresh_from_db()
        assert (department.slug, department.name_en, department.name_zh_hant) == (
            "urology", "Urology", "泌尿科",
        )  # fmt: skip

    def test_a_second_department_without_a_chinese_name_is_no_clash(self, client, staff):
        DepartmentFactory(name_en="Urology", slug="urology")
        response = client.post(
            reverse("admin:specialists_department_add"),
            {"name_en": "Nephrology", "name_zh_hant": "", "slug": "nephrology", "position": 4,
             "description_en": "", "description_zh_hant": ""},
        )  # fmt: skip
        assert response.status_code == 302
