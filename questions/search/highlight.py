"""Excerpts of a result with the words found marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .terms import CJK, stem


def highlight(text: str, terms: list[str], *, length: int = 240) -> str:
    """An excerpt of the text around the first term found, escaped, with the terms marked.
    Safe to show: everything but the <mark> elements is escaped."""
    text = " ".join((text or "").split())
    lowered = text.casefold()
    # Marking is stricter than matching: "legs" marks "legs", not the "leg" of "legal".
    stems = [stem(term, longer_than=4) for term in terms]
    stems = [stem for stem in stems if stem]
    positions = [lowered.find(stem) for stem in stems if lowered.find(stem) >= 0]
    start = max(0, min(positions) - length // 3) if positions else 0
    if start > 0:  # begin at a word, not inside one
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < min(positions) else start
    excerpt = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    if not stems:
        return escape(prefix + excerpt + suffix)
    # Mark words that start with a term ("jerk" in "jerks", not "sleep" in "asleep");
    # Chinese has no word boundaries, so its terms are marked wherever they occur.
    alternatives = [
        re.escape(stem) if CJK.search(stem) else r"(?<!\w)" + re.escape(stem)
        for stem in sorted(stems, key=len, reverse=True)
    ]
    pattern = re.compile("|".join(alternatives), re.I)
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(excerpt[last:]))
    return mark_safe(escape(prefix) + "".join(pieces) + escape(suffix))  # noqa: S308
