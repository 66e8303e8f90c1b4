"""Structured data (questions.structured_data): the QAPage and ProfilePage JSON-LD, only on
public pages."""

import json
import re

import pytest

from questions import services
from tests.factories import AnsweredQuestionFactory, DoctorFactory, QuestionFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def structured(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_qapage_json_ld_matches_the_page(client):
    """QAPage: the question and its answers with authors, dates and agree counts; every
    text in it is visible on the page; breadcrumbs too."""
    question = AnsweredQuestionFactory(title="Twitching at night </script><b>", nickname="ALEX")
    first = ReplyFactory(question=question, body="Take a warm bath.")
    second = ReplyFactory(question=question, doctor=DoctorFactory(), body="Also rest.")
    services.agree_with_reply(doctor=DoctorFactory(), reply=first)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "</script><b>" not in html.split("<body>")[0]  # escaped inside the data block
    qa, crumbs = structured(html)
    assert qa["@type"] == "QAPage"
    main = qa["mainEntity"]
    assert main["name"] == question.title and main["text"] == question.body
    assert main["answerCount"] == 2
    assert main["author"] == {"@type": "Person", "name": "ALEX"}
    assert main["acceptedAnswer"]["text"] == "Take a warm bath."
    assert main["acceptedAnswer"]["upvoteCount"] == 1
    assert main["acceptedAnswer"]["author"]["name"] == f"Dr. {first.doctor.name}"
    assert main["suggestedAnswer"][0]["text"] == "Also rest."
    body = html.split("<body>")[1]
    for text in ("Take a warm bath.", "Also rest.", "ALEX", first.doctor.name):
        assert text in body
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home", question.department.name, question.display_title,
    ]  # fmt: skip
    assert second


def test_profile_page_json_ld(client):
    doctor = DoctorFactory(name="Yeh Po-Shou", hospital="Hsinchu Hospital", bio="Sleep.")
    profile, _crumbs = structured(client.get(doctor.get_absolute_url()).content.decode())
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["name"] == "Dr. Yeh Po-Shou"
    assert profile["mainEntity"]["worksFor"]["name"] == "Hsinchu Hospital"


def test_non_public_pages_carry_no_structured_data(client):
    question = QuestionFactory()
    client.force_login(question.author)
    assert structured(client.get(question.get_absolute_url()).content.decode()) == []
