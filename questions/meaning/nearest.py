"""The Q&A nearest in meaning to a vector: an exact search over every stored vector, held
in each process's memory and read again when the vectors change.

Exact search is a matrix product: on the demo archive and archives of some tens of
thousands of Q&A it takes well under a millisecond to a few. Larger archives need an
approximate index, which is not built yet (see the README): past MAX_EXACT_ROWS vectors
(2 kB each in memory) meaning is not searched, and the log says so once.
"""

import logging
import threading
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache

from questions.models import QuestionVector

from . import encoder
from .vectors import VERSION_KEY


@dataclass(frozen=True)
class _Matrix:
    version: int
    ids: np.ndarray  # int64, one a row
    vectors: np.ndarray  # float32, (rows, DIMENSIONS), each of length 1


logger = logging.getLogger(__name__)
MAX_EXACT_ROWS = 100_000

_lock = threading.Lock()
_matrix: _Matrix | None = None


def _current() -> _Matrix:
    global _matrix
    version = cache.get(VERSION_KEY, 0)
    matrix = _matrix
    if matrix is not None and matrix.version == version:
        return matrix
    with _lock:
        if _matrix is None or _matrix.version != version:
            rows = QuestionVector.objects.filter(model=encoder.MODEL).values_list(
                "question_id", "vector"
            )
            ids, vectors = [], []
            if rows.count() > MAX_EXACT_ROWS:
                if _matrix is None or len(_matrix.ids):
                    logger.warning("Too many vectors for exact search: meaning is not searched")
                rows = rows.none()
            for question_id, data in rows.iterator(chunk_size=2000):
                ids.append(question_id)
                vectors.append(QuestionVector.unpack(data))
            _matrix = _Matrix(
                version,
                np.array(ids, dtype=np.int64),
                np.vstack(vectors) if vectors else np.zeros((0, encoder.DIMENSIONS), np.float32),
            )
        return _matrix


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
