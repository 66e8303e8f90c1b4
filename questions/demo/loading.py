"""Loading the demo data (`manage.py load_demo`, run by `make run`). Idempotent: every row
is found by a natural key (slug, e-mail, or a question's title and nickname) and updated
in place, so a second load changes nothing."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from questions.changes import archive_changed
from questions.meaning import vectors
from questions.models import CrisisTerm, FAQTopic, Question, Reply
from questions.search.vectors import refresh_search_vectors
from specialists.models import Department, Doctor

from .data import (
    ANCHOR,
    CHINESE_QA,
    DEPARTMENTS,
    DEPARTMENTS_ZH,
    DOCTORS,
    DOCTORS_ZH,
    GENERATED,
    REFERENCE_QA,
    REFERENCE_TOPICS,
    SIMILAR_QA,
    TOPIC_DESCRIPTIONS,
    TOPICS_ZH,
    generated_qas,
    unanswered,
)


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create or update all demo rows; return how many of each kind exist afterwards."""
    rng = random.Random(20001128)
    User = get_user_model()

    departments = {}
    for position, (name, slug, description) in enumerate(DEPARTMENTS, start=1):
        name_zh, description_zh = DEPARTMENTS_ZH[slug]
        departments[slug], _ = Department.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name, "name_zh_hant": name_zh, "description_en": description,
                "description_zh_hant": description_zh, "position": position,
            },
        )  # fmt: skip

    doctors = {}
    for name, slug, department, title, hospital, bio in DOCTORS:
        user, created = User.objects.get_or_create(
            email=f"{slug}@doctors.example.org", defaults={"email_verified_at": timezone.now()}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        name_zh, title_zh, hospital_zh, bio_zh = DOCTORS_ZH[slug]
        doctors[slug], _ = Doctor.objects.update_or_create(
            slug=slug,
            defaults={
                "user": user, "department": departments[department],
                "name_en": name, "name_zh_hant": name_zh, "title_en": title,
                "title_zh_hant": title_zh, "hospital_en": hospital,
                "hospital_zh_hant": hospital_zh, "bio_en": bio, "bio_zh_hant": bio_zh,
            },
        )  # fmt: skip

    topics = {}
    for position, name in enumerate(REFERENCE_TOPICS, start=1):
        topics[name] = _topic(name, departments["neurology"], position, featured=True)
    for department, (department_topics, _worries) in GENERATED.items():
        for position, (name, featured) in enumerate(department_topics, start=1):
            topics[name] = _topic(name, departments[department], position, featured=featured)

    # The demo's patient is verified, like every account from before sign-up checked it.
    patient, created = User.objects.get_or_create(
        email="demo.patient@example.org", defaults={"email_verified_at": timezone.now()}
    )
    if created:
        patient.set_unusable_password()
        patient.save(update_fields=["password"])

    answered = [REFERENCE_QA, *SIMILAR_QA, *CHINESE_QA, *generated_qas(rng)]
    # The demo's Q&A of an earlier version (its generated titles) leave the archive.
    kept = {(qa.title, qa.nickname) for qa in answered}
    kept |= {(title, "Demo patient") for _department, _status, title, _body in unanswered()}
    Question.objects.filter(author=patient).exclude(
        pk__in=[
            pk
            for pk, title, nickname in patient.questions.values_list("pk", "title", "nickname")
            if (title, nickname) in kept
        ]
    ).delete()
    demo_ids = []
    for qa in answered:
        question, _ = Question.objects.update_or_create(
            title=qa.title,
            nickname=qa.nickname,
            defaults={
                "author": patient, "age_range": qa.age_range, "gender": qa.gender,
                "department": departments[qa.department], "body": qa.body,
                "headline": qa.headline, "more_info": qa.more_info,
                "status": Question.Status.ANSWERED, "asked_at": qa.asked_at,
                "answered_at": qa.asked_at + timedelta(hours=5),
            },
        )  # fmt: skip
        demo_ids.append(question.pk)
        question.topics.set([topics[name] for name in qa.topics])
        Reply.objects.update_or_create(
            question=question,
            doctor=doctors[qa.doctor],
            defaults={"body": qa.reply, "published_at": qa.asked_at + timedelta(hours=5)},
        )

    for index, (department, status, title, body) in enumerate(unanswered()):
        Question.objects.update_or_create(
            title=title,
            nickname="Demo patient",
            defaults={
                "author": patient, "age_range": "30~39", "gender": "other",
                "department": departments[department] if department else None,
                "body": body, "status": status,
                "asked_at": ANCHOR + timedelta(days=index + 1),
                "is_priority": bool(CrisisTerm.objects.found_in(title, body)),
            },
        )  # fmt: skip

    refresh_search_vectors()
    # The demo's own Q&A only: generate_archive loads the demo into a large archive.
    vectors.embed(demo_ids)
    vectors.find_similar(demo_ids)
    archive_changed()
    return {
        "departments": Department.objects.count(),
        "doctors": Doctor.objects.count(),
        "topics": FAQTopic.objects.count(),
        "questions": Question.objects.count(),
        "answered": Question.objects.public().count(),
        "replies": Reply.objects.count(),
    }


def _topic(name: str, department: Department, position: int, *, featured: bool) -> FAQTopic:
    name_zh, description_zh = TOPICS_ZH[name]
    topic, _ = FAQTopic.objects.update_or_create(
        name_en=name,
        defaults={
            "name_zh_hant": name_zh, "description_en": TOPIC_DESCRIPTIONS[name],
            "description_zh_hant": description_zh, "department": department,
            "position": position, "is_featured": featured,
        },
    )  # fmt: skip
    return topic
