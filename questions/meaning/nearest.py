"""The Q&A nearest in meaning to a vector.

Without an index (MEANING_INDEX_PATH empty, or not built yet) an exact search over every
stored vector, held in each process's memory and read again when the vectors change: one
matrix product. Past MAX_EXACT_ROWS vectors (float32 in memory) meaning is not searched
that way, and the log says so. With an index (questions.meaning.index) the approximate search
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
    return nearest_many([vector], limit=limit, min_score=min_score)[0]


def nearest_many(
    vectors, *, limit: int, min_score: float = 0.0, threads: int = 1
) -> list[list[tuple[int, float]]]:
    """nearest() for several vectors: the index's nearest of each (on `threads` threads; 0
    for every core, for batch work, never in a web request), and one matrix product for
    the vectors searched exactly, which replace the index's older copies."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, encoder.DIMENSIONS)
    if limit <= 0:
        return [[] for _vector in vectors]
    matrix = _current()
    built = index.current()
    exact = vectors @ matrix.vectors.T if len(matrix.ids) else None
    approximate = None
    if built is not None and len(built.index) and len(vectors) == 1:
        approximate = [built.index.search(vectors[0], limit, threads=threads)]
    elif built is not None and len(built.index):
        batch = built.index.search(vectors, limit, threads=threads)  # several in one call
        approximate = [batch[row] for row in range(len(vectors))]
    found = []
    for row in range(len(vectors)):
        scores: dict[int, float] = {}
        if approximate is not None:
            match = approximate[row]
            for key, distance in zip(match.keys, match.distances, strict=True):
                scores[int(key)] = 1.0 - float(distance)
        if exact is not None:
            count = min(limit, exact.shape[1])
            for column in np.argpartition(-exact[row], count - 1)[:count]:
                scores[int(matrix.ids[column])] = float(exact[row, column])
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        found.append([(pk, score) for pk, score in ranked[:limit] if score >= min_score])
    return found
