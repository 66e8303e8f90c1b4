"""The evaluation set (bench/meaning_set.py, measured by bench/meaning_eval.py): search
with meaning finds nine answers in ten in its first five results, where words alone find
fewer than one in ten, and loses nothing on exact medical terms."""

import sys
from pathlib import Path

import pytest
from django.core.cache import cache

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

import meaning_eval  # noqa: E402
from meaning_set import QUERIES  # noqa: E402

pytestmark = pytest.mark.django_db


def test_recall_at_five_by_words_by_meaning_and_both():
    cache.clear()
    keys = meaning_eval.build()
    by_key = {key: pk for pk, key in keys.items()}
    found = {"words": [], "hybrid": [], "hybrid-term": [], "words-term": []}
    for text, kind, key in QUERIES:
        ranked = meaning_eval.rankings(text)
        for method in ("words", "hybrid"):
            hit = by_key[key] in ranked[method][:5]
            found[method].append(hit)
            if kind == "term":
                found[f"{method}-term"].append(hit)
    recall = {method: sum(hits) / len(hits) for method, hits in found.items()}
    assert recall["hybrid"] >= 0.9
    assert recall["words"] < 0.2
    assert recall["hybrid-term"] == recall["words-term"] == 1.0
