"""Query-level timings on the generated archive: search (one and three words, against the
same search done with ILIKE), the search by meaning alone, and Similar Q&A, each over many
different inputs, with p50 and p95. Run after `manage.py generate_archive` (and, for a
million Q&A, `build_meaning_index` with QA_PORTAL_MEANING_INDEX set):

    DATABASE_URL=postgres://…/qa_bench .venv/bin/python bench/queries.py [--samples 200]
    … bench/queries.py --words-only   # the same without meaning, to see what it costs
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

from django.contrib.postgres.search import SearchQuery  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from questions.archive.similar import similar_list  # noqa: E402
from questions.management.commands.generate_archive import (  # noqa: E402
    BODY_PARTS,
    CHINESE_PARTS,
    CHINESE_SYMPTOMS,
    SYMPTOMS,
)
from questions.meaning import encoder  # noqa: E402
from questions.meaning.hybrid import nearest_ids  # noqa: E402
from questions.models import Question  # noqa: E402
from questions.search.page import run as run_search  # noqa: E402
from questions.search.parsing import parse_query  # noqa: E402
from questions.search.ranking import POOL  # noqa: E402

PAGE = 20


def timed(function) -> float:
    cache.clear()  # each query as the first in a minute: no kept ranking, no kept total
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def fts_page(text: str) -> None:
    """What the search page runs for a query it has not seen in the last minute: the ranked
    ids of the matches, the first page's rows, the highlighted excerpts."""
    result = run_search(text)
    list(result.page.object_list)


def _ilike_condition(text: str) -> tuple[str, list[str]]:
    """The query's words matched with ILIKE '%…%' in every field full text reads (title,
    headline, question, published replies), all words required."""
    clauses, params = [], []
    for word in text.split():
        pattern = f"%{word}%"
        clauses.append(
            "(q.title ILIKE %s OR q.headline ILIKE %s OR q.body ILIKE %s OR EXISTS ("
            "SELECT 1 FROM questions_reply r WHERE r.question_id = q.id"
            " AND r.published_at IS NOT NULL AND r.body ILIKE %s))"
        )
        params += [pattern] * 4
    return " AND ".join(clauses), params


PUBLIC = "q.status = 'answered' AND NOT q.is_hidden"


def ilike_same_page(text: str) -> None:
    """The search page done with ILIKE by the same rule as full text: the newest POOL
    matches, ranked the way substring matching can (title or headline hits first, then the
    newest), counted and paged: what a site without full text would write."""
    condition, params = _ilike_condition(text)
    title_hit = " OR ".join("(q.title ILIKE %s OR q.headline ILIKE %s)" for _word in text.split())
    title_params = [f"%{word}%" for word in text.split() for _twice in range(2)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM (SELECT q.id, q.answered_at, ({title_hit}) AS in_title"
            f" FROM questions_question q WHERE {PUBLIC} AND {condition}"
            f" ORDER BY q.answered_at DESC, q.id DESC LIMIT {POOL}) AS pool"
            " ORDER BY in_title DESC, answered_at DESC, id DESC",
            title_params + params,
        )
        ids = [row[0] for row in cursor.fetchall()]
    list(Question.objects.latest_answered().filter(pk__in=ids[:PAGE]))


def ilike_first_rows(text: str) -> None:
    """ILIKE at its most favourable: the 20 newest rows holding the words, unranked and
    uncounted (a scan that stops at the 20th match)."""
    condition, params = _ilike_condition(text)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q.id FROM questions_question q WHERE {PUBLIC} AND {condition}"
            f" ORDER BY q.answered_at DESC, q.id DESC LIMIT {PAGE}",
            params,
        )
        cursor.fetchall()


def ilike_question_rows(text: str) -> None:
    """ILIKE at its very most favourable: as above, but not looking in the replies (a
    smaller search than full text's), so that the scan can stop at the 20th match; with
    the replies PostgreSQL matches every reply first, in one hashed pass."""
    clauses, params = [], []
    for word in text.split():
        clauses.append("(q.title ILIKE %s OR q.headline ILIKE %s OR q.body ILIKE %s)")
        params += [f"%{word}%"] * 3
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q.id FROM questions_question q WHERE {PUBLIC} AND {' AND '.join(clauses)}"
            f" ORDER BY q.answered_at DESC, q.id DESC LIMIT {PAGE}",
            params,
        )
        cursor.fetchall()


def fts_count(text: str) -> None:
    parsed = parse_query(text)
    query = SearchQuery(parsed.text, search_type="websearch", config="english")
    Question.objects.public().filter(search_vector=query).count()


def ilike_count(text: str) -> None:
    condition, params = _ilike_condition(text)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM questions_question q WHERE {PUBLIC} AND {condition}",
                       params)  # fmt: skip
        cursor.fetchall()


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
    print(f"{name:<40}{statistics.median(samples):>9.1f}{p95:>9.1f}")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument(
        "--words-only", action="store_true", help="search without meaning (the encoder off)"
    )
    options = parser.parse_args()
    if options.words_only:
        encoder._failed = True  # as when the package cannot be used: words alone
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
    print(f"{'query':<40}{'p50 ms':>9}{'p95 ms':>9}")
    ilike_n = max(10, options.samples // 10)  # ILIKE is slow: fewer samples
    count_n = max(5, options.samples // 20)

    def measure(name, function, inputs):
        return report(name, [timed(lambda text=text: function(text)) for text in inputs])

    fts_one = measure("search, 1 word (full text)", fts_page, one)
    ilike_one = measure("search, 1 word (ILIKE, same page)", ilike_same_page, one[:ilike_n])
    ilike_rows = measure("search, 1 word (ILIKE, 20 rows, unranked)", ilike_first_rows,
                         one[:ilike_n])  # fmt: skip
    ilike_bare = measure("search, 1 word (ILIKE, 20 rows, no replies)", ilike_question_rows,
                         one[:ilike_n])  # fmt: skip
    fts_three = measure("search, 3 words (full text)", fts_page, three)
    ilike_three = measure("search, 3 words (ILIKE, same page)", ilike_same_page,
                          three[:ilike_n])  # fmt: skip
    # A word few questions hold (the demo's own vocabulary, absent from the generated
    # one): full text finds them in the index, ILIKE reads the whole table to be sure.
    rare = rare_words(rng, options.samples)
    fts_rare = measure("search, 1 rare word (full text)", fts_page, rare)
    ilike_rare = measure("search, 1 rare word (ILIKE, same page)", ilike_same_page,
                         rare[:ilike_n])  # fmt: skip
    # Chinese words (two to four characters) of the generated Chinese Q&A and of the demo's.
    chinese = [*CHINESE_SYMPTOMS, *(part for part in CHINESE_PARTS if len(part) > 1)]
    chinese += ["血壓", "過敏", "咳嗽"]
    chinese = [rng.choice(chinese) for _ in range(options.samples)]
    fts_chinese = measure("search, Chinese word (full text)", fts_page, chinese)
    if encoder.available():
        public = Question.objects.public()
        measure("meaning alone, 3 words", lambda text: nearest_ids(text, within=public), three)
        measure("meaning alone, Chinese word", lambda text: nearest_ids(text, within=public),
                chinese)  # fmt: skip
    fts_counted = measure("count all matches, 1 word (full text)", fts_count, one[:count_n])
    ilike_counted = measure("count all matches, 1 word (ILIKE)", ilike_count, one[:count_n])
    questions = {q.pk: q for q in Question.objects.filter(pk__in=sample_ids)}
    similar = report(
        "Similar Q&A (uncached)",
        [timed(lambda q=q: similar_list(q)) for q in questions.values()],
    )
    print(
        f"\nfull text vs ILIKE, the same page (p95): 1 rare word {ilike_rare / fts_rare:.0f}x; "
        f"1 common word {ilike_one / fts_one:.1f}x; 3 words {ilike_three / fts_three:.0f}x"
    )
    print(f"1 common word: vs ILIKE's 20 unranked rows {ilike_rows / fts_one:.2f}x "
          f"(without the replies {ilike_bare / fts_one:.2f}x); "
          f"counting all matches {ilike_counted / fts_counted:.1f}x")  # fmt: skip
    worst = max(fts_one, fts_three, fts_rare)
    print(f"targets: search p95 <= 50 ms (1 word, 3 words, rare word): "
          f"{'met' if worst <= 50 else 'MISSED'}; "
          f"a Chinese word {'within' if fts_chinese <= 50 else 'OVER'} 50 ms; "
          f"Similar Q&A p95 <= 10 ms: {'met' if similar <= 10 else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
