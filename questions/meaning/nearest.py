"""The Q&A nearest in meaning to a vector: an exact search over every stored vector, held
in each process's memory and read again when the vectors change.

Exact search is a matrix product: on the demo archive and archives of some tens of
thousands of Q&A it takes well under a millisecond to a few. Larger archives need an
approximate index, which is not built yet (see the README): past MAX_EXACT_ROWS vectors
(2 kB each in memory) meaning is not searched, and the log says so once.
"""

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache

from questions.models import QuestionVector

from . import encoder

VERSION_KEY = "meaning-version"  # moves whenever vectors are written or removed


@dataclass(frozen=True)
class _Matrix:
    version: int
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
    global _matrix
    version = _version()
    matrix = _matrix
    if matrix is not None and matrix.version == version:
        return matrix
    with _lock:
        if _matrix is None or _matrix.version != version:
            rows = QuestionVector.objects.filter(model=encoder.MODEL).values_list(
                "question_id", "vector"
            )
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
    matrix = _current()
    if not len(matrix.ids) or limit <= 0:
        return []
    scores = matrix.vectors @ np.asarray(vector, dtype=np.float32)
    count = min(limit, len(scores))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(matrix.ids[row]), float(scores[row])) for row in top if scores[row] >= min_score]


def nearest_many(
    vectors: np.ndarray, *, limit: int, min_score: float = 0.0
) -> list[list[tuple[int, float]]]:
    """nearest() for several vectors at once (one matrix product)."""
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
