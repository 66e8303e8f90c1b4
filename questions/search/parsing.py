"""What a reader typed into the search box, read as web-search syntax."""

import re
from dataclasses import dataclass, field

from .terms import CJK

TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
MAX_QUERY = 200


@dataclass
class ParsedQuery:
    """A query in the syntax people type into web search: words, "quoted phrases",
    -excluded words and OR between alternatives."""

    text: str
    groups: list[list[str]] = field(default_factory=list)  # OR of AND-groups
    excluded: list[str] = field(default_factory=list)
    quoted: bool = False  # a "quoted phrase" asks for those exact words
    # The positive words as typed (case kept, which the sentence encoder reads): its meaning.
    meaning_text: str = ""

    @property
    def positive_terms(self) -> list[str]:
        return list(dict.fromkeys(term for group in self.groups for term in group))

    @property
    def is_empty(self) -> bool:
        return not self.positive_terms

    @property
    def has_cjk(self) -> bool:
        return any(CJK.search(term) for term in self.positive_terms)


def parse_query(text: str) -> ParsedQuery:
    text = " ".join((text or "").replace("\x00", " ").split())[:MAX_QUERY]
    parsed = ParsedQuery(text=text)
    group: list[str] = []
    as_typed: list[str] = []
    for match in TOKEN.finditer(text):
        negative = match.group(1) or match.group(3)
        phrase = match.group(2)
        word = match.group(4)
        if phrase is None and word.lower() == "or":
            if group:
                parsed.groups.append(group)
            group = []
            continue
        term = " ".join((phrase if phrase is not None else word).split())
        term = term.strip(".,;:!?()[]{}'\"`*+").casefold()
        if not term or not any(ch.isalnum() for ch in term):
            continue
        if negative:
            parsed.excluded.append(term)
        else:
            group.append(term)
            as_typed.append(" ".join((phrase if phrase is not None else word).split()))
            parsed.quoted = parsed.quoted or phrase is not None
    if group:
        parsed.groups.append(group)
    parsed.meaning_text = " ".join(as_typed)
    return parsed
