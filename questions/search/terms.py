"""Splitting text into the terms to look for: words and pieces of Chinese text. The lowest
layer of search: it imports nothing of the site, and the models use it."""

import re

from django.contrib.postgres.search import SearchQuery

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


def stem(word: str, *, longer_than: int = 3) -> str:
    """A crude stem, enough for substring matching and marking: "jerks" finds "jerk" and
    "jerks". Only words longer than `longer_than` lose their "s"."""
    return word[:-1] if len(word) > longer_than and word.endswith("s") else word


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
            found.append(stem(word))
    return list(dict.fromkeys(found))[:MAX_TERMS]


def named_in(text: str, items, *, names: tuple[str, ...], limit: int = 5) -> list:
    """Of items already read (departments, FAQ topics), those with a name, in any language,
    that holds one of the text's terms or that the text holds: "濕疹" and "eczema on my
    hands" both find the topic named Eczema and 濕疹."""
    words = terms(text)
    typed = (text or "")[:MAX_INPUT].casefold()
    if not words:
        return []
    found = []
    for item in items:
        values = [value.casefold() for name in names if (value := getattr(item, name, None))]
        if any(word in value for value in values for word in words) or any(
            len(value) >= 2 and value in typed for value in values
        ):
            found.append(item)
            if len(found) == limit:
                break
    return found


def any_word_parts(text: str, *, vendor: str) -> tuple[str, str]:
    """For "more like this" on PostgreSQL: the text's words as a raw English tsquery
    matching any of them, and the pieces of its Chinese text as a raw 'simple' one; empty
    strings elsewhere or for a text without them."""
    if vendor != "postgresql":
        return "", ""
    found = terms(text)
    # terms() keeps letters only, so the raw tsquery syntax cannot be broken by input.
    words = " | ".join(word for word in found if not CJK.search(word))
    pieces = " | ".join(piece for piece in found if CJK.search(piece))
    return words, pieces


def word_query(words: str, pieces: str):
    """The tsquery of any_word_parts (None when both are empty)."""
    queries = []
    if words:
        queries.append(SearchQuery(words, search_type="raw", config="english"))
    if pieces:  # Chinese: the two-character pieces the search vectors hold
        queries.append(SearchQuery(pieces, search_type="raw", config="simple"))
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else queries[0] | queries[1]


def any_word_query(text: str, *, vendor: str):
    """A tsquery matching any of the text's words (and pieces of its Chinese text), for
    "more like this" on PostgreSQL; None elsewhere, or when the text has no terms."""
    return word_query(*any_word_parts(text, vendor=vendor))
