"""reverse() for the archive's pages, remembered.

A question page links its department and its doctors several times over (breadcrumbs,
headline, replies, structured data), and the lists link the same departments on every
request: a look-up here costs a small fraction of a reverse(). The key holds the script
prefix, which a deployment under a sub-path sets per request.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.html import format_html


@lru_cache(maxsize=4096)
def _link(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


def link(name: str, *args) -> str:
    """reverse(name, args=args), remembered for the next page that links the same place."""
    return _link(get_script_prefix(), name, args)


def tel_uri(number: str) -> str:
    """tel: and the digits (and +) of a telephone number."""
    return "tel:" + "".join(character for character in number if character in "+0123456789")


def tel_link(number: str) -> str:
    """A telephone number as a link a phone calls, still read as the number."""
    return format_html('<a class="tel" href="{}">{}</a>', tel_uri(number), number)


def tel_text(number: str) -> str:
    """A telephone number in a plain-text e-mail: the number, then its tel: address in
    angle brackets, which mail programs make a link."""
    return f"{number} <{tel_uri(number)}>"
