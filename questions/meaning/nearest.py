"""The Q&A nearest in meaning to a vector.

Without an index (MEANING_INDEX_PATH empty, or not built yet) an exact search over every
stored vector, held in each process's memory and read again when the vectors change: a
matrix product, well under a millisecond to a few for archives of some tens of thousands
of Q&A. Past MAX_EXACT_ROWS vectors (2 kB each in memory) meaning is not searched that
way, and the log says so. With an index (questions.meaning.index) the approximate search
of the index, merged with an exact search of the vectors made since it was built.
"""

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache

from questions.models import QuestionVector

from . import encoder, index

VERSION_KEY = "meaning-version"  # moves whenever vectors are written or removed


@dataclass(frozen=True)
class _Matrix:
    version: tuple  # the vectors' version, and the index build it completes
    ids: np.ndarray  # int64, one a row
    vectors: np.ndarray  # float32, (rows, DIMENSIONS), each of length 1


logger = logging.getLogger(__name__)
MAX_EXACT_ROWS = 100_000

_lock = threading.Lock()
_matrix: _Matrix | None = None


def _version() -> int:
    """The vectors' version in force. When the cache has none (new, flushed, restarted) a
    new one starts from the clock, so that it never meets the version a process read its
    vectors under before."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _current() -> _Matrix:
    """The vectors searched exactly: all of them, or those made since the index was built."""
    global _matrix
    built = index.current()
    version = (_version(), built.path if built else None)
    matrix = _matrix
    if matrix is not None and matrix.version == version:
        return matrix
    with _lock:
        if _matrix is None or _matrix.version != version:
            rows = QuestionVector.objects.filter(model=encoder.MODEL)
            if built is not None:
                rows = rows.filter(made_at__gt=built.built_at)
            rows = rows.values_list("question_id", "vector")
            ids, vectors = [], []
            for question_id, data in rows[: MAX_EXACT_ROWS + 1].iterator(chunk_size=2000):
                ids.append(question_id)
                vectors.append(QuestionVector.unpack(data))
            if len(ids) > MAX_EXACT_ROWS:
                logger.warning("Too many vectors for exact search: meaning is not searched")
                ids, vectors = [], []
            _matrix = _Matrix(
                version,
                np.array(ids, dtype=np.int64),
                np.vstack(vectors) if vectors else np.zeros((0, encoder.DIMENSIONS), np.float32),
            )
        return _matrix


def changed() -> None:
    """Tell every process that the vectors changed (their copies are read again)."""
    _version()  # so that the increment never starts from nothing
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # gone between the two calls
        _version()


def nearest(vector: np.ndarray, *, limit: int, min_score: float = 0.0) -> list[tuple[int, float]]:
    """(question id, cosine similarity) of the closest Q&A, closest first, at most `limit`,
    none below `min_score`."""
    if limit <= 0:
        return []
    vector = np.asarray(vector, dtype=np.float32)
    matrix = _current()
    scores: dict[int, float] = {}
    built = index.current()
    if built is not None and len(built.index):
        found = built.index.search(vector, limit)
        for key, distance in zip(found.keys, found.distances, strict=True):
            scores[int(key)] = 1.0 - float(distance)
    if len(matrix.ids):
        exact = matrix.vectors @ vector
        count = min(limit, len(exact))
        for row in np.argpartition(-exact, count - 1)[:count]:
            scores[int(matrix.ids[row])] = float(exact[row])  # newer than the index's copy
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return [(pk, score) for pk, score in ranked[:limit] if score >= min_score]


def nearest_many(
    vectors: np.ndarray, *, limit: int, min_score: float = 0.0
) -> list[list[tuple[int, float]]]:
    """nearest() for several vectors: one matrix product when there is no index."""
    if index.current() is not None:
        return [nearest(vector, limit=limit, min_score=min_score) for vector in vectors]
    matrix = _current()
    if not len(matrix.ids) or limit <= 0:
        return [[] for _vector in vectors]
    scores = np.asarray(vectors, dtype=np.float32) @ matrix.vectors.T
    count = min(limit, scores.shape[1])
    found = []
    for row in scores:
        top = np.argpartition(-row, count - 1)[:count]
        top = top[np.argsort(-row[top], kind="stable")]
        found.append([(int(matrix.ids[i]), float(row[i])) for i in top if row[i] >= min_score])
    return found
