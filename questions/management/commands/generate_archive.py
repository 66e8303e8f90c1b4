"""Fill PostgreSQL with a large, realistic archive for the benchmark in bench/.

    manage.py generate_archive --questions 1000000 --processes 2

Departments, doctors and topics come from the demo data; questions, replies and their FAQ
topics are written with COPY in batches, then the full-text vectors are computed in SQL,
then the vectors of meaning: the generated texts repeat (about 300,000 different ones in a
million, each asked a few times, as patients do), so each different text is encoded once,
by `--processes` processes side by side, and its vector written for every question that
asks it. A progress bar with the time left goes to stderr.
"""

import multiprocessing
import random
import time
from datetime import timedelta

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from machinery.progress import Progress
from questions.changes import archive_changed
from questions.demo.loading import load_demo
from questions.meaning import encoder, nearest, vectors
from questions.models import FAQTopic, Question
from questions.search.vectors import VECTOR_SQL
from specialists.models import Doctor

SYMPTOMS = (  # noqa: SIM905 - a word list reads better as one string
    "headache dizziness numbness tingling tremor twitching cramps insomnia fatigue fever "
    "cough rash itching swelling bloating nausea heartburn palpitations wheezing sneezing "
    "tinnitus stiffness weakness fainting spasms jerks acne anxiety constipation earache"
).split()
BODY_PARTS = (  # noqa: SIM905
    "hand hands legs feet knees back neck shoulders eyes ears nose throat stomach skin "
    "scalp chest arms fingers toes calf thigh jaw eyelid face"
).split()
TIMES = ["at night", "in the morning", "after meals", "when I stand up", "after exercise",
         "when I am stressed", "for two weeks", "for a month", "since last year",
         "on and off", "every day", "after work"]  # fmt: skip
ADVICE = [
    "This is often caused by tiredness and stress; rest well and keep regular hours.",
    "Please keep a diary of when it happens and see a doctor if it gets worse.",
    "An examination at the outpatient clinic is recommended to find the cause.",
    "Drink enough water, avoid caffeine in the evening and try gentle stretching.",
    "If you also have fever, weakness or severe pain, go to the emergency department.",
    "Blood tests and a physical examination can rule out the common causes.",
]
# One question in twenty is asked in Chinese, from words of its own.
CHINESE_SYMPTOMS = [
    "頭痛", "頭暈", "失眠", "麻木", "發燒", "咳嗽", "發癢", "胃痛", "心悸", "耳鳴", "抽筋",
    "水腫", "疲倦", "脹氣", "過敏",
]  # fmt: skip
CHINESE_PARTS = [
    "手", "腳", "背", "脖子", "肩膀", "眼睛", "胸口", "肚子", "膝蓋", "頭", "皮膚", "喉嚨",
]  # fmt: skip
CHINESE_TIMES = ["晚上", "早上", "飯後", "運動後", "起床時", "上班時", "壓力大時", "睡前"]
CHINESE_DURATIONS = ["一週", "兩週", "一個月", "好幾個月", "半年"]
NICKNAMES = [
    "Ming", "Amy", "Leo", "Tina", "Grace", "Ivy", "Sam", "Wendy", "Eric", "Nina", "Peter",
    "Joy", "Ray", "Cindy", "Daniel", "Yuki", "Ben", "小美", "阿明", "小華",
]  # fmt: skip
AGES = [value for value, _label in Question.AgeRange.choices]
GENDERS = [value for value, _label in Question.Gender.choices]
BATCH = 50_000
ENCODE_CHUNK = 1000  # different texts a process encodes at a time
COPY_VECTORS = (
    'COPY questions_questionvector (question_id, model, digest, vector, "similar", made_at) '
    "FROM STDIN"
)


def _encode(texts: list[str]) -> np.ndarray:
    """float16 vectors of these texts (in a child process, or here)."""
    return encoder.encode(texts).astype("<f2")


class Command(BaseCommand):
    help = "Generate N answered questions with replies and topics in PostgreSQL (bulk COPY)."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1128)
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Processes that encode the texts side by side, one core each.",
        )

    def handle(self, *args, questions: int, seed: int, processes: int = 1, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_archive writes with COPY: set DATABASE_URL to PostgreSQL.")
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")  # bulk work, not a web request
        load_demo()
        rng = random.Random(seed)
        doctors = list(Doctor.objects.values_list("pk", "department_id"))
        by_department: dict[int, list[int]] = {}
        for doctor_id, department_id in doctors:
            by_department.setdefault(department_id, []).append(doctor_id)
        topics: dict[int, list[int]] = {}
        for topic_id, department_id in FAQTopic.objects.values_list("pk", "department_id"):
            topics.setdefault(department_id, []).append(topic_id)
        departments = sorted(by_department)
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM questions_question")
            first_id = cursor.fetchone()[0] + 1
        now = timezone.now()
        texts: dict[tuple[str, str], list[int]] = {}  # the questions asking each text
        progress = Progress(questions, "questions")
        for batch_start in range(0, questions, BATCH):
            size = min(BATCH, questions - batch_start)
            self._copy_batch(rng, first_id + batch_start, size, departments, by_department,
                             topics, now, texts)  # fmt: skip
            progress.show(batch_start + size)
        progress.finish()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('questions_question', 'id'), "
                "(SELECT max(id) FROM questions_question))"
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('questions_reply', 'id'), "
                "(SELECT max(id) FROM questions_reply))"
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('questions_taggedquestion', 'id'), "
                "(SELECT max(id) FROM questions_taggedquestion))"
            )
        last_id = first_id + questions - 1
        progress = Progress(questions, "search")
        step = 100_000
        for low in range(first_id, last_id + 1, step):
            with connection.cursor() as cursor:
                cursor.execute(VECTOR_SQL + " WHERE q.id BETWEEN %s AND %s", [low, low + step - 1])
            progress.show(min(low + step - first_id, questions))
        progress.finish()
        embedded = self._embed(texts, processes) if encoder.available() else 0
        # VACUUM as well as ANALYZE: a freshly copied table has no visibility map, so the
        # archive pages' index-only scans would still visit every row (autovacuum would
        # get there on a live site, hours later).
        # Outside a transaction only (VACUUM refuses to run in one, as in a test).
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in ("questions_question", "questions_reply", "questions_taggedquestion",
                          "questions_questionvector"):  # fmt: skip
                cursor.execute(f"{vacuum} {table}")
        archive_changed()  # written with COPY: the one step every write ends in
        self.stdout.write(
            f"Generated {questions:,} answered questions with replies and topics"
            f" ({embedded:,} different texts of meaning) in {time.monotonic() - started:.0f}s."
        )

    def _embed(self, texts: dict[tuple[str, str], list[int]], processes: int) -> int:
        """Encode each different text once and write its vector for every question that
        asks it (their nearest Q&A are left to `embed_questions`, after the index)."""
        asking = {
            vectors.text_of(Question(title=title, body=body)): pks
            for (title, body), pks in texts.items()
        }
        distinct = list(asking)
        chunks = [distinct[start : start + ENCODE_CHUNK]
                  for start in range(0, len(distinct), ENCODE_CHUNK)]  # fmt: skip
        progress = Progress(len(distinct), "meaning")
        done = 0
        made_at = timezone.now()
        if processes > 1:
            # Forked after the encoder loaded (encoder.available() above): the children
            # share its pages, and only encode: no database, no cache.
            pool = multiprocessing.get_context("fork").Pool(processes)
            encoded = pool.imap(_encode, chunks)
        else:
            pool, encoded = None, map(_encode, chunks)
        try:
            for chunk, chunk_vectors in zip(chunks, encoded, strict=True):
                with connection.cursor() as cursor, cursor.copy(COPY_VECTORS) as copy:
                    for text, vector in zip(chunk, chunk_vectors, strict=True):
                        row = (encoder.MODEL, vectors.digest(text), vector.tobytes(), "[]")
                        for pk in asking[text]:
                            copy.write_row((pk, *row, made_at))
                done += len(chunk)
                progress.show(done)
        finally:
            if pool is not None:
                pool.terminate()
        progress.finish()
        nearest.changed()
        return len(distinct)

    def _copy_batch(self, rng, first_id, size, departments, by_department, topics, now, texts):
        question_rows, reply_rows, tag_rows = [], [], []
        for offset in range(size):
            pk = first_id + offset
            department = rng.choice(departments)
            if rng.random() < 0.05:
                symptom, part, when = (
                    rng.choice(CHINESE_SYMPTOMS),
                    rng.choice(CHINESE_PARTS),
                    rng.choice(CHINESE_TIMES),
                )
                title = f"{part}{symptom}，{when}特別明顯怎麼辦"
                body = (
                    f"醫師您好，我最近{rng.choice(CHINESE_DURATIONS)}{when}{part}常常{symptom}，"
                    f"有時還會{rng.choice(CHINESE_SYMPTOMS)}，請問是什麼原因？需要做檢查嗎？"
                )
            else:
                symptom, part, when, since = (
                    rng.choice(SYMPTOMS),
                    rng.choice(BODY_PARTS),
                    rng.choice(TIMES),
                    rng.choice(SYMPTOMS),
                )
                # The second symptom follows from the others: texts repeat, as they do.
                number = SYMPTOMS.index(symptom) * 7 + SYMPTOMS.index(since)
                also = SYMPTOMS[number % len(SYMPTOMS)]
                title = f"{symptom.capitalize()} in my {part} {when}"
                body = (
                    f"Hello doctor, I have had {symptom} in my {part} {when}. "
                    f"It started after {since} and sometimes {also} "
                    f"comes with it. Should I be worried, and which examination do I need?"
                )
            texts.setdefault((title, body), []).append(pk)
            asked = now - timedelta(minutes=(size - offset) + rng.randint(0, 600) + pk)
            answered = asked + timedelta(hours=rng.randint(1, 72))
            question_rows.append((
                pk, rng.choice(NICKNAMES), rng.choice(AGES), rng.choice(GENDERS), department,
                title, body, "", slugify(title, allow_unicode=True)[:200] or "question",
                "answered", asked, answered, "", False, "", False, 0, "",
            ))  # fmt: skip
            reply_rows.append((
                pk, rng.choice(by_department[department]),
                f"Hello: {rng.choice(ADVICE)} {rng.choice(ADVICE)}", answered,
            ))  # fmt: skip
            if topics.get(department):
                tag_rows.append((pk, rng.choice(topics[department])))
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY questions_question (id, nickname, age_range, gender, department_id, "
                "title, body, headline, slug, status, asked_at, answered_at, more_info, "
                "is_priority, decline_reason, is_hidden, view_count, language) FROM STDIN"
            ) as copy:
                for row in question_rows:
                    copy.write_row(row)
            with cursor.copy(
                "COPY questions_reply (question_id, doctor_id, body, published_at) FROM STDIN"
            ) as copy:
                for row in reply_rows:
                    copy.write_row(row)
            with cursor.copy(
                "COPY questions_taggedquestion (content_object_id, tag_id) FROM STDIN"
            ) as copy:
                for row in tag_rows:
                    copy.write_row(row)
