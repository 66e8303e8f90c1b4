"""Crisis by meaning: a question close in meaning to one of the staff's crisis examples
(questions.models.CrisisExample, in English and Chinese) is marked priority and shows the
emergency help, beside the staff's list of crisis words. It only ever adds help."""

import threading

import numpy as np

from questions.models import CrisisExample

from . import encoder

# Cosine similarity at which a question reads as one of the examples: measured on the demo
# archive, whose everyday questions stay below it.
CRISIS_SCORE = 0.55

_lock = threading.Lock()
_encoded: dict[tuple[str, ...], np.ndarray] = {}


def _examples() -> tuple[tuple[str, ...], np.ndarray]:
    texts = tuple(CrisisExample.objects.filter(is_active=True).values_list("text", flat=True))
    with _lock:
        vectors = _encoded.get(texts)
        if vectors is None:
            _encoded.clear()  # only the current examples are kept
            vectors = _encoded[texts] = encoder.encode(list(texts))
    return texts, vectors


def examples_like(*texts: str) -> list[str]:
    """The active crisis examples the texts (a title and a question) read as, closest
    first; none when the encoder cannot be used here."""
    text = " ".join(" ".join(texts).split())
    if not text or not encoder.available():
        return []
    examples, vectors = _examples()
    if not examples:
        return []
    scores = vectors @ encoder.encode([text])[0]
    order = np.argsort(-scores, kind="stable")
    return [examples[i] for i in order if scores[i] >= CRISIS_SCORE]
