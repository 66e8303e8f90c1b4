"""Whole pages kept in the cache for anonymous readers, and the generation that retires
them all at once.

A cached page is the HTML every anonymous reader gets: it carries no CSRF token, no CSP
nonce and nothing about the reader, and logged-in readers are never served from or
stored into this cache. A page is one of a kind of pages addressed by an id and a slug
(`/questions/<id>/<slug>/`), kept once per language. Invalidation is precise where it is
cheap and broad where it is rare: `forget(kind, pk)` drops one page, `retire_all()` starts
a new generation, which retires every page (and the template fragments and cached ids
keyed by the generation). Which change calls which is decided by the app that owns the
pages. Pages expire after PAGE_CACHE_SECONDS in any case.

With Redis, each worker also keeps the pages it fetched (up to PAGE_COPIES_BYTES) and uses
its copy without asking Redis while a thread tells it of every invalidation
(machinery.redis_cache.LocalCopies): a hit then costs no network round trip.
"""

import hashlib
import re
import time
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.http.response import ResponseHeaders
from django.utils import translation

from . import metrics

GENERATION_KEY = "page-generation"
# When the generation last changed (seconds since 1970): pages and fragments rendered
# soon after may be kept for the new generation, so they must not read a lagging replica.
RETIRED_AT_KEY = "page-generation-retired-at"
RETIRED_AT_MEMORY_SECONDS = 60
# Headers that belong to one response, not to the page.
PER_RESPONSE_HEADERS = frozenset({"date", "set-cookie", "x-request-id"})


class PageEntry(NamedTuple):
    """A page looked up and not found: what to store it under once it is rendered."""

    kind: str
    pk: int
    slug: str
    language: str
    generation: int


class StoredPage(NamedTuple):
    generation: int
    slug: str
    etag: str
    content: bytes
    headers: list  # (name, value) pairs, as the whole middleware stack gave them
    stored_at: float  # epoch seconds


def is_anonymous_reader(request) -> bool:
    """No session and no messages cookie: the page cannot depend on who reads it."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _may_be_cached(request) -> bool:
    return request.method in ("GET", "HEAD") and is_anonymous_reader(request)


def _first_generation() -> int:
    """The generation when the cache has none (new, flushed, or restarted without
    persistence): a number of milliseconds since 1970, so that it never meets a
    generation from before the flush, which template fragments in workers' memory may
    still be keyed by."""
    cache.add(GENERATION_KEY, time.time_ns() // 1_000_000, timeout=None)
    return cache.get(GENERATION_KEY, 0)


def retired_within(seconds: float) -> bool:
    """Whether a new generation started less than `seconds` ago (at most a minute back)."""
    retired_at = cache.get(RETIRED_AT_KEY)
    return retired_at is not None and time.time() - retired_at < seconds


def page_key(kind: str, pk: int, language: str) -> str:
    return f"page:{kind}:v3:{pk}:{language}"


def copies():
    """This worker's copies of cached pages, or None without Redis."""
    local_copies = getattr(cache, "local_copies", None)
    if local_copies is None:
        return None
    return local_copies(
        "pages", settings.PAGE_COPIES_BYTES, watch=GENERATION_KEY, on_call=_run_broadcast
    )


# Work that every worker does when asked through the page cache's channel: a word, and
# the function that does it in the worker's listener thread.
_broadcast_handlers: dict = {}


def on_broadcast(word: str, handler) -> None:
    """Run `handler()` in each worker that hears broadcast(word), in a thread started for
    it (which may close its own database connection when done)."""
    _broadcast_handlers[word] = handler


def broadcast(word: str) -> int | None:
    """Ask every running worker (on every machine sharing Redis) to run its handler for
    `word`. Returns how many heard it: the workers whose listener runs, which are those
    that keep page copies (PAGE_COPIES_MB above 0). None without Redis, where no channel
    reaches other processes."""
    local = copies()
    if local is None:
        return None
    return cache.announce(local.channel, f"call\n{word}")


def _run_broadcast(word: str) -> None:
    """In a thread of its own (LocalCopies starts one for each broadcast)."""
    handler = _broadcast_handlers.get(word)
    if handler is not None:
        handler()


def _cached(kind: str, pk: int, slug: str, language: str):
    """The stored page if it is current, else None, and the generation in force (no round
    trip when this worker has a copy, else one)."""
    key = page_key(kind, pk, language)
    local = copies()
    if local is not None:
        stored = local.get(key)
        if stored is not None:  # any change since it was fetched would have dropped it
            return (stored if stored.slug == slug else None), stored.generation
        seen = local.changes()
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _first_generation()
    stored = found.get(key)
    if isinstance(stored, StoredPage) and stored.generation == generation:
        if local is not None:
            expires_at = stored.stored_at + settings.PAGE_CACHE_SECONDS
            local.put(key, stored, expires_at, seen, size=len(stored.content) + 1000)
        if stored.slug == slug:
            return stored, generation
    return None, generation


# Setting the stored headers straight into the response's own dict skips re-checking each
# one (a sixth of a cache hit's time). It relies on a private attribute of Django's
# ResponseHeaders: fenced here, with the public API as the fallback, and checked by a test.
FAST_HEADERS = isinstance(getattr(ResponseHeaders({}), "_store", None), dict)


def set_checked_headers(response, headers) -> None:
    """Set headers that were checked when the page was stored."""
    if FAST_HEADERS:
        response.headers._store.update((name.lower(), (name, value)) for name, value in headers)
    else:
        for name, value in headers:
            response.headers[name] = value


def _response(request, stored: StoredPage):
    if request.META.get("HTTP_IF_NONE_MATCH") == stored.etag:
        response = HttpResponseNotModified()
        for name, value in stored.headers:
            if name.lower() not in ("content-type", "content-language", "content-length"):
                response.headers[name] = value
        return response
    response = HttpResponse(stored.content)
    set_checked_headers(response, stored.headers)
    return response


def _store(response, entry: PageEntry) -> None:
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_RESPONSE_HEADERS
    ]
    stored = StoredPage(entry.generation, entry.slug, etag, response.content, headers, time.time())
    cache.set(
        page_key(entry.kind, entry.pk, entry.language), stored, timeout=settings.PAGE_CACHE_SECONDS
    )


class CachedPageMiddleware:
    """Answers an anonymous reader's page from the cache before any other middleware runs,
    so a hit costs one cache round trip at most. It goes first in MIDDLEWARE: a page is
    stored with the headers the whole stack gave it (Content-Security-Policy, HSTS, Vary,
    Content-Language…), and a hit replays them. Plain-HTTP requests that SecurityMiddleware
    would redirect are left to it.

    A subclass names the kind of page (`kind`), the addresses it serves (`path`, a regular
    expression whose groups are the page's id and slug), the URL name of the view whose
    pages they are (`view_name`, for the metrics) and may act on each hit
    (`served_from_cache`)."""

    kind: str
    path: re.Pattern
    view_name: str

    def __init__(self, get_response):
        self.get_response = get_response

    def served_from_cache(self, pk: int) -> None:
        """Called for each page answered from the cache."""

    def __call__(self, request):
        match = None
        if settings.PAGE_CACHE_SECONDS > 0 and _may_be_cached(request):
            match = self.path.match(request.path_info)
            if match and settings.SECURE_SSL_REDIRECT and not request.is_secure():
                match = None
        if match is None:
            return self.get_response(request)
        pk, slug = int(match[1]), match[2]
        language = translation.get_language_from_request(request)
        stored, generation = _cached(self.kind, pk, slug, language)
        if stored is not None:
            self.served_from_cache(pk)
            metrics.name_view(request, self.view_name)
            return _response(request, stored)
        request.page_cache_entry = PageEntry(self.kind, pk, slug, language, generation)
        response = self.get_response(request)
        entry = getattr(response, "page_cache_entry", None)
        if entry is not None and response.status_code == 200 and not response.cookies:
            _store(response, entry)
        return response


def cacheable_page(view):
    """Marks a page that may be stored for anonymous readers: the view renders it and
    CachedPageMiddleware, which looked the page up first, stores it with its final
    headers. The page must not depend on the reader: it holds no CSRF token and no CSP
    nonce."""

    @wraps(view)
    def wrapped(request, pk: int, slug: str = "", **kwargs):
        response = view(request, pk, slug, **kwargs)
        entry = getattr(request, "page_cache_entry", None)
        if (
            entry is not None
            and (entry.pk, entry.slug) == (pk, slug)
            and entry.language == getattr(request, "LANGUAGE_CODE", None)
            and _may_be_cached(request)
        ):
            response.page_cache_entry = entry
        return response

    return wrapped


def generation(request=None) -> int:
    """The generation in force. For a page about to be stored, the one it will be stored
    under (read with the page, no round trip; a copy could be a moment older). Else this
    worker's copy when it has one (a retirement drops it), or Redis's."""
    entry = getattr(request, "page_cache_entry", None)
    if entry is not None:
        return entry.generation
    local = copies()
    if local is None:
        return cache.get(GENERATION_KEY) or _first_generation()
    found = local.get(GENERATION_KEY)
    if found is None:
        seen = local.changes()
        found = cache.get(GENERATION_KEY) or _first_generation()
        if cache.reachable():  # not the default given while Redis did not answer
            local.put(GENERATION_KEY, found, time.time() + 60, seen)
    return found


def forget(kind: str, pk: int) -> None:
    """One page changed: drop it, in every language."""
    keys = [page_key(kind, pk, code) for code, _name in settings.LANGUAGES]
    local = copies()
    if local is None:
        cache.delete_many(keys)
        return
    cache.change_and_announce(local.channel, "\n".join(["keys", *keys]), delete=keys)
    local.drop(keys)


def retire_all() -> None:
    """Something that shows on many pages changed: start a new generation."""
    cache.set(RETIRED_AT_KEY, time.time(), timeout=RETIRED_AT_MEMORY_SECONDS)
    local = copies()
    _first_generation()  # so that the increment never starts from nothing
    if local is not None:
        cache.change_and_announce(local.channel, "*", incr=GENERATION_KEY)
        local.drop()
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # gone between the two calls
        _first_generation()
