"""Turning what a person typed into terms to look for in the archive.

The suggestions on the ask page use simple matching that works on every database; the
full-text search of the discovery issue builds on the same terms.
"""

import re

MAX_TERMS = 6
MAX_INPUT = 200
STOP_WORDS = {
    "and", "the", "for", "with", "have", "has", "had", "was", "are", "been", "this", "that",
    "what", "when", "why", "how", "can", "does", "should", "from", "into", "about", "after",
    "before", "very", "my", "your", "you", "not", "any", "all", "but", "its", "it's", "our",
    "doctor", "hello", "please", "thank", "thanks",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def terms(text: str) -> list[str]:
    """Up to six distinct terms: words of three letters or more that are not stop words,
    and two-character pieces of Chinese text (which has no spaces between words)."""
    text = (text or "")[:MAX_INPUT].casefold()
    found: list[str] = []
    for run in CJK.findall(text):
        pieces = [run] if len(run) <= 2 else [run[i : i + 2] for i in range(len(run) - 1)]
        found.extend(pieces)
    for word in WORD.findall(CJK.sub(" ", text)):
        if len(word) >= 3 and word not in STOP_WORDS:
            # A crude stem, enough for substring matching: "jerks" finds "jerk" and "jerks".
            found.append(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return list(dict.fromkeys(found))[:MAX_TERMS]
