"""Recall@5 and MRR of search on the evaluation set (bench/meaning_set.py): words only,
meaning only, and the two fused as the search page fuses them.

    [DATABASE_URL=postgres://…] .venv/bin/python bench/meaning_eval.py

It builds the set's archive in a throwaway database (test_<name>, dropped afterwards):
on PostgreSQL word search is its full text, elsewhere substrings, as on the site.
"""

import os
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_portal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "meaning-evaluation-only")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from meaning_set import ARCHIVE, QUERIES  # noqa: E402

from questions.meaning import hybrid, vectors  # noqa: E402
from questions.models import Question, Reply  # noqa: E402
from questions.search.page import run  # noqa: E402
from questions.search.parsing import parse_query  # noqa: E402
from questions.search.vectors import refresh_search_vectors  # noqa: E402
from specialists.models import Department, Doctor  # noqa: E402

TOP = 5


def build() -> dict[int, str]:
    """The set's archive; returns {question id: key}."""
    User = get_user_model()
    patient = User.objects.create_user("evaluation@example.org")
    keys, now = {}, timezone.now()
    for position, (key, (slug, title, body, reply)) in enumerate(ARCHIVE.items()):
        department, _created = Department.objects.get_or_create(slug=slug, defaults={"name": slug})
        doctor = Doctor.objects.filter(department=department).first() or Doctor.objects.create(
            user=User.objects.create_user(f"{slug}@doctors.example.org"), name=f"Doctor {slug}",
            slug=slug, department=department, hospital="Evaluation Hospital",
        )  # fmt: skip
        asked = now - timedelta(days=position + 1)
        question = Question.objects.create(
            author=patient, nickname="Eval", age_range="30~39", gender="other",
            department=department, title=title, body=body, status=Question.Status.ANSWERED,
            asked_at=asked, answered_at=asked + timedelta(hours=2),
        )  # fmt: skip
        Reply.objects.create(question=question, doctor=doctor, body=reply, published_at=asked)
        keys[question.pk] = key
    refresh_search_vectors()
    vectors.embed(list(keys))
    return keys


def rankings(text: str) -> dict[str, list[int]]:
    public = Question.objects.public()
    meaning = hybrid.nearest_ids(parse_query(text).meaning_text, within=public, limit=20)
    cache.clear()  # a search's ranking is kept for a minute
    fused = [question.pk for question in run(text).page.object_list]
    cache.clear()
    page_module = sys.modules["questions.search.page"]
    page_module.nearest_ids = lambda *args, **kwargs: []  # the search page without meaning
    try:
        words = [question.pk for question in run(text).page.object_list]
    finally:
        page_module.nearest_ids = hybrid.nearest_ids
    return {"words": words, "meaning": meaning, "hybrid": fused}


def main() -> None:
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        keys = build()
        by_key = {key: pk for pk, key in keys.items()}
        scores = defaultdict(lambda: defaultdict(list))  # method -> kind -> [(hit, rr)]
        misses = []
        for text, kind, key in QUERIES:
            wanted = by_key[key]
            for method, ranked in rankings(text).items():
                rank = ranked.index(wanted) + 1 if wanted in ranked else None
                hit = rank is not None and rank <= TOP
                scores[method][kind].append((hit, 1 / rank if rank else 0.0))
                if method == "hybrid" and not hit:
                    misses.append((text, key, rank))
        kinds = ["everyday", "cross", "term", "typo"]
        print(f"database: {connection.vendor}; {len(ARCHIVE)} Q&A, {len(QUERIES)} queries")
        print(f"{'method':<8} {'kind':<9} {'n':>3} {'recall@5':>9} {'MRR':>6}")
        for method in ("words", "meaning", "hybrid"):
            for kind in [*kinds, "all"]:
                rows = [
                    row for k in (kinds if kind == "all" else [kind]) for row in scores[method][k]
                ]
                recall = sum(hit for hit, _rr in rows) / len(rows)
                mrr = sum(rr for _hit, rr in rows) / len(rows)
                print(f"{method:<8} {kind:<9} {len(rows):>3} {recall:>9.3f} {mrr:>6.3f}")
        for text, key, rank in misses:
            print(f"hybrid miss: {text!r} -> {key} (rank {rank})")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
