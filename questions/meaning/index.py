"""An approximate nearest-neighbour index of the vectors of meaning (usearch: HNSW, float16,
cosine), for archives too large for exact search.

`manage.py build_meaning_index` writes it beside MEANING_INDEX_PATH under a name that holds
the time it was built, then points MEANING_INDEX_PATH (a symbolic link) at it in one step:
it can run while the site serves. Every worker memory-maps the file read-only, so a
machine holds it once however many workers it runs, and notices a new build within
CHECK_EVERY seconds. Vectors made after the build are searched exactly from the database
(questions.meaning.nearest) until the next build, so a new answer is found at once.
"""

import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from django.conf import settings
from usearch.index import Index

from questions.models import QuestionVector

from . import encoder

CHECK_EVERY = 5.0  # seconds between looks at which file the link points to
BATCH = 10_000


@dataclass(frozen=True)
class Built:
    path: str  # the file itself, not the link
    built_at: datetime  # vectors made after it are not in the index
    index: Index


_lock = threading.Lock()
_built: Built | None = None
_checked_at = 0.0


def _name(built_at: datetime) -> str:
    return f"meaning-{built_at.strftime('%Y%m%dT%H%M%S%fZ')}.usearch"


def _built_at(path: str) -> datetime:
    stamp = Path(path).name.removeprefix("meaning-").removesuffix(".usearch")
    return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)


def build(progress=None) -> int:
    """Build the index of every vector of the current model and make it the one in force.
    `progress(done, total)` is told as it goes. Returns how many vectors it holds."""
    link = Path(settings.MEANING_INDEX_PATH)
    link.parent.mkdir(parents=True, exist_ok=True)
    built_at = datetime.now(UTC)
    rows = QuestionVector.objects.filter(model=encoder.MODEL, made_at__lte=built_at)
    total = rows.count()
    index = Index(ndim=encoder.DIMENSIONS, metric="cos", dtype="f16")
    ids, vectors, done = [], [], 0
    for question_id, data in rows.values_list("question_id", "vector").iterator(chunk_size=BATCH):
        ids.append(question_id)
        vectors.append(QuestionVector.unpack(data))
        if len(ids) == BATCH:
            index.add(np.array(ids, dtype=np.uint64), np.vstack(vectors))
            done += len(ids)
            ids, vectors = [], []
            if progress:
                progress(done, total)
    if ids:
        index.add(np.array(ids, dtype=np.uint64), np.vstack(vectors))
        done += len(ids)
    if progress:
        progress(done, total)
    target = link.parent / _name(built_at)
    index.save(str(target))
    swap = link.parent / f".{link.name}.swap"
    swap.unlink(missing_ok=True)
    swap.symlink_to(target.name)
    os.replace(swap, link)  # one step: a reader sees the old build or the new one
    for old in link.parent.glob("meaning-*.usearch"):
        if old != target:
            old.unlink()  # workers that mapped it keep reading it until they look again
    return done


def current() -> Built | None:
    """The index in force in this process (None without one), looked for again every
    CHECK_EVERY seconds."""
    global _built, _checked_at
    if not settings.MEANING_INDEX_PATH:
        return None
    now = time.monotonic()
    if now - _checked_at < CHECK_EVERY:
        return _built
    with _lock:
        _checked_at = now
        path = os.path.realpath(settings.MEANING_INDEX_PATH)
        if _built is not None and _built.path == path:
            return _built
        if not os.path.isfile(path):
            _built = None
            return None
        _built = Built(path, _built_at(path), Index.restore(path, view=True))
        return _built


def forget() -> None:
    """Look at the link again on the next search (tests, and after a build here)."""
    global _checked_at
    _checked_at = 0.0
