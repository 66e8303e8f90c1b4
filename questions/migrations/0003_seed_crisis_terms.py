"""Seed the crisis terms staff start from: English and Traditional Chinese phrases that
suggest self-harm, a heart attack, breathing trouble, a stroke or an overdose."""

from django.db import migrations

TERMS = [
    # self-harm and suicide
    "suicide", "suicidal", "kill myself", "end my life", "want to die", "self-harm",
    "self harm", "hurt myself", "cut myself",
    "自殺", "自殘", "想死", "不想活", "輕生", "割腕",
    # heart and breathing
    "chest pain", "crushing chest", "can't breathe", "cannot breathe", "can not breathe",
    "difficulty breathing", "short of breath", "choking",
    "胸痛", "胸口痛", "胸悶", "無法呼吸", "不能呼吸", "喘不過氣", "呼吸困難",
    # stroke signs
    "stroke", "face drooping", "facial droop", "slurred speech", "sudden weakness",
    "sudden numbness", "中風", "嘴歪", "口齒不清", "半邊無力", "突然無力",
    # overdose and poisoning
    "overdose", "overdosed", "took too many pills", "poisoning", "swallowed bleach",
    "吃太多藥", "吞藥", "服藥過量", "中毒",
    # heavy bleeding, unconsciousness, seizures
    "unconscious", "passed out", "won't wake up", "seizure", "heavy bleeding",
    "昏迷", "叫不醒", "抽搐", "大量出血",
]  # fmt: skip


def seed(apps, schema_editor):
    CrisisTerm = apps.get_model("questions", "CrisisTerm")
    existing = {term.lower() for term in CrisisTerm.objects.values_list("term", flat=True)}
    CrisisTerm.objects.bulk_create(
        CrisisTerm(term=term) for term in TERMS if term.lower() not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("questions", "0002_question_ask_fields_crisis_terms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
