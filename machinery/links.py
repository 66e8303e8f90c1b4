"""reverse() for the archive's pages, remembered.

A question page links its department and its doctors several times over (breadcrumbs,
headline, replies, structured data), and the lists link the same departments on every
request: a look-up here costs a small fraction of a reverse(). The key holds the script
prefix, which a deployment under a sub-path sets per request.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=4096)
def _link(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


def link(name: str, *args) -> str:
    """reverse(name, args=args), remembered for the next page that links the same place."""
    return _link(get_script_prefix(), name, args)
