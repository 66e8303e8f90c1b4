"""Query-level timings on the generated archive: search (one and three words, against the
same search done with ILIKE) and Similar Q&A, each over many different inputs, with p50
and p95. Run after `manage.py generate_archive`:

    DATABASE_URL=postgres://…/qa_bench .venv/bin/python bench/queries.py [--samples 200]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_portal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from questions import search  # noqa: E402
from questions.management.commands.generate_archive import (  # noqa: E402
    BODY_PARTS,
    CHINESE,
    SYMPTOMS,
)
from questions.models import Question  # noqa: E402

PAGE = 20


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def fts_page(text: str) -> None:
    """What the search page runs: the cached total aside, the ranked page of ids."""
    parsed = search.parse_query(text)
    results = search.search(Question.objects.latest_answered(), parsed, vendor="postgresql")
    list(results.values_list("pk", flat=True)[:PAGE])


def ilike_page(text: str) -> None:
    condition = Q()
    for word in text.split():
        condition &= (
            Q(title__icontains=word) | Q(headline__icontains=word) | Q(body__icontains=word)
        )
    list(Question.objects.public().filter(condition).order_by("-answered_at").values_list(
        "pk", flat=True)[:PAGE])  # fmt: skip


def fts_count(text: str) -> None:
    parsed = search.parse_query(text)
    query = search.SearchQuery(parsed.text, search_type="websearch", config="english")
    Question.objects.public().filter(search_vector=query).count()


def ilike_count(text: str) -> None:
    condition = Q()
    for word in text.split():
        condition &= (
            Q(title__icontains=word) | Q(headline__icontains=word) | Q(body__icontains=word)
        )
    Question.objects.public().filter(condition).count()


def rare_words(rng, count: int) -> list[str]:
    """Words of the demo Q&A's titles that the generator never writes, each held by few
    questions."""
    generated = {word.lower() for text in (*SYMPTOMS, *BODY_PARTS) for word in text.split()}
    words = set()
    for title in Question.objects.public().filter(pk__lte=500).values_list("title", flat=True):
        for word in title.lower().replace("?", " ").replace(",", " ").split():
            if word.isascii() and word.isalpha() and len(word) >= 6 and word not in generated:
                words.add(word)
    words = sorted(words)
    return [rng.choice(words) for _ in range(count)] if words else []


def report(name: str, samples: list[float]) -> float:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{name:<34}{statistics.median(samples):>9.1f}{p95:>9.1f}")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=200)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database of generate_archive.")
    rng = random.Random(7)
    one = [rng.choice(SYMPTOMS) for _ in range(options.samples)]
    three = [
        f"{rng.choice(SYMPTOMS)} {rng.choice(BODY_PARTS)} {rng.choice(SYMPTOMS)}"
        for _ in range(options.samples)
    ]
    total = Question.objects.count()
    ids = list(Question.objects.public().values_list("pk", flat=True)[:: max(1, total // 2000)])
    sample_ids = rng.sample(ids, min(options.samples, len(ids)))
    for text in one[:10]:  # warm the caches the way a running site has them warm
        fts_page(text)

    print(f"{total:,} questions; {options.samples} different inputs each\n")
    print(f"{'query':<34}{'p50 ms':>9}{'p95 ms':>9}")
    fts_one = report("search, 1 word (full text)", [timed(lambda t=t: fts_page(t)) for t in one])
    fts_three = report("search, 3 words (full text)",
                       [timed(lambda t=t: fts_page(t)) for t in three])  # fmt: skip
    ilike_n = max(10, options.samples // 10)  # ILIKE is slow: fewer samples
    ilike_one = report("search, 1 word (ILIKE)",
                       [timed(lambda t=t: ilike_page(t)) for t in one[:ilike_n]])  # fmt: skip
    ilike_three = report("search, 3 words (ILIKE)",
                         [timed(lambda t=t: ilike_page(t)) for t in three[:ilike_n]])  # fmt: skip
    # A word few questions hold (the demo's own vocabulary, absent from the generated
    # one): full text finds them in the index, ILIKE reads the whole table to be sure.
    rare = rare_words(rng, options.samples)
    fts_rare = report("search, 1 rare word (full text)",
                      [timed(lambda t=t: fts_page(t)) for t in rare])  # fmt: skip
    ilike_rare = report("search, 1 rare word (ILIKE)",
                        [timed(lambda t=t: ilike_page(t)) for t in rare[:ilike_n]])  # fmt: skip
    # Chinese words (two to four characters) of the generated Chinese Q&A and of the demo's.
    chinese = [piece for title, body in CHINESE for piece in (title[:2], title[2:4], body[6:9])]
    chinese += ["血壓", "過敏", "咳嗽"]
    chinese = [rng.choice(chinese) for _ in range(options.samples)]
    fts_chinese = report("search, Chinese word (full text)",
                         [timed(lambda t=t: fts_page(t)) for t in chinese])  # fmt: skip
    count_n = max(5, options.samples // 20)
    fts_counted = report("count all matches, 1 word (FTS)",
                         [timed(lambda t=t: fts_count(t)) for t in one[:count_n]])  # fmt: skip
    ilike_counted = report("count all matches, 1 word (ILIKE)",
                           [timed(lambda t=t: ilike_count(t)) for t in one[:count_n]])  # fmt: skip
    questions = {q.pk: q for q in Question.objects.filter(pk__in=sample_ids)}
    similar = report(
        "Similar Q&A (uncached)",
        [timed(lambda q=q: Question.objects.similar_list(q)) for q in questions.values()],
    )
    print(f"\nfull text vs ILIKE (p95): first page, 1 rare word {ilike_rare / fts_rare:.0f}x; "
          f"first page, 1 common word {ilike_one / fts_one:.1f}x; "
          f"first page, 3 words {ilike_three / fts_three:.0f}x; "
          f"all matches, 1 word {ilike_counted / fts_counted:.1f}x")  # fmt: skip
    worst = max(fts_one, fts_three, fts_rare, fts_chinese)
    print(f"targets: search p95 <= 50 ms: {'met' if worst <= 50 else 'MISSED'}; "
          f"Similar Q&A p95 <= 10 ms: {'met' if similar <= 10 else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
