"""Whole-page caching of public pages for anonymous readers.

A cached page is the HTML every anonymous reader gets: it carries no CSRF token, no CSP
nonce and nothing about the reader (the language form posts without a token, and logged-in
readers are never served from or stored into this cache). Invalidation is precise where it
is cheap and broad where it is rare:

- publishing or editing a reply forgets that question's page at once;
- hiding or restoring a Q&A, changing its topics or headline, merging topics and marking
  duplicates bump a generation number, which retires every cached page (they also show
  in other pages' Similar Q&A and Related FAQ);
- so does a change to a department, a doctor, a doctor's account or an FAQ topic (names
  show on the pages they answered; the home and department pages list them), whoever
  makes it: see listed_changed and account_changed.

Pages expire after PAGE_CACHE_SECONDS in any case.

With Redis, each worker also keeps the pages it fetched (up to PAGE_COPIES_BYTES) and uses
its copy without asking Redis while a thread tells it of every invalidation above
(qa_portal.redis_cache.LocalCopies): a hit then costs no network round trip.
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation

GENERATION_KEY = "page-generation"


def _first_generation() -> int:
    """The generation when the cache has none (new, flushed, or restarted without
    persistence): a number of milliseconds since 1970, so that it never meets a
    generation from before the flush, which template fragments in workers' memory may
    still be keyed by."""
    cache.add(GENERATION_KEY, time.time_ns() // 1_000_000, timeout=None)
    return cache.get(GENERATION_KEY, 0)


def _page_key(pk: int, language: str) -> str:
    return f"page:question:v2:{pk}:{language}"


def _copies():
    """This worker's copies of cached pages, or None without Redis."""
    local_copies = getattr(cache, "local_copies", None)
    if local_copies is None:
        return None
    return local_copies("pages", settings.PAGE_COPIES_BYTES, watch=GENERATION_KEY)


def _reader_is_anonymous(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


QUESTION_PATH = re.compile(r"^/questions/(\d{1,18})/([^/]{1,200})/$")  # longer: never a page


# Headers that belong to one response, not to the page.
_PER_RESPONSE_HEADERS = frozenset({"date", "set-cookie", "x-request-id"})


def _cached(pk: int, slug: str, language: str):
    """The stored page if it is current: (etag, content, headers), else None, and the
    generation in force (no round trip when this worker has a copy, else one)."""
    key = _page_key(pk, language)
    copies = _copies()
    if copies is not None:
        stored = copies.get(key)
        if stored is not None:  # any change since it was fetched would have dropped it
            return (stored[2:5] if stored[1] == slug else None), stored[0]
        seen = copies.changes()
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _first_generation()
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        if copies is not None:
            expires_at = stored[5] + settings.PAGE_CACHE_SECONDS
            copies.put(key, stored, expires_at, seen, size=len(stored[3]) + 1000)
        if stored[1] == slug:
            return stored[2:5], generation
    return None, generation


def _response(request, stored):
    etag, content, headers = stored
    if request.META.get("HTTP_IF_NONE_MATCH") == etag:
        response = HttpResponseNotModified()
        for name, value in headers:
            if name.lower() not in ("content-type", "content-language", "content-length"):
                response.headers[name] = value
        return response
    response = HttpResponse(content)
    # The headers were checked when the page was stored: set them without checking each
    # one again (that was a sixth of a cache hit's time).
    response.headers._store.update((name.lower(), (name, value)) for name, value in headers)
    return response


def _store(response, entry) -> None:
    pk, slug, language, generation = entry
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in _PER_RESPONSE_HEADERS
    ]
    cache.set(
        _page_key(pk, language),
        (generation, slug, etag, response.content, headers, time.time()),
        timeout=settings.PAGE_CACHE_SECONDS,
    )


class CachedPageMiddleware:
    """Answers an anonymous reader's question page from the cache before any other
    middleware runs, so a hit costs one cache round trip. It is first in MIDDLEWARE: a
    page is stored with the headers the whole stack gave it (Content-Security-Policy,
    HSTS, Vary, Content-Language…), and a hit replays them. Plain-HTTP requests that
    SecurityMiddleware would redirect are left to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = None
        if settings.PAGE_CACHE_SECONDS > 0 and _reader_is_anonymous(request):
            match = QUESTION_PATH.match(request.path_info)
            if match and settings.SECURE_SSL_REDIRECT and not request.is_secure():
                match = None
        if match is None:
            return self.get_response(request)
        pk, slug = int(match[1]), match[2]
        language = translation.get_language_from_request(request)
        stored, generation = _cached(pk, slug, language)
        if stored is not None:
            from . import viewcounts

            viewcounts.record_view(pk)
            return _response(request, stored)
        request.page_cache_entry = (pk, slug, language, generation)
        response = self.get_response(request)
        entry = getattr(response, "page_cache_entry", None)
        if entry is not None and response.status_code == 200 and not response.cookies:
            _store(response, entry)
        return response


def cache_question_page(view):
    """Marks a question page that may be stored for anonymous readers: the view renders it
    and CachedPageMiddleware, which looked the page up first, stores it with its final
    headers. The page must not depend on the reader: it holds no CSRF token (the language
    form posts without one) and no CSP nonce."""

    @wraps(view)
    def wrapped(request, pk: int, slug: str = "", **kwargs):
        response = view(request, pk, slug, **kwargs)
        entry = getattr(request, "page_cache_entry", None)
        if (
            entry is not None
            and entry[:2] == (pk, slug)
            and entry[2] == getattr(request, "LANGUAGE_CODE", None)
            and _reader_is_anonymous(request)
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
        return entry[3]
    copies = _copies()
    if copies is None:
        return cache.get(GENERATION_KEY) or _first_generation()
    found = copies.get(GENERATION_KEY)
    if found is None:
        seen = copies.changes()
        found = cache.get(GENERATION_KEY) or _first_generation()
        if cache.reachable():  # not the default given while Redis did not answer
            copies.put(GENERATION_KEY, found, time.time() + 60, seen)
    return found


def forget_question(pk: int) -> None:
    """One question's page changed (a reply published or edited)."""
    keys = [_page_key(pk, code) for code, _name in settings.LANGUAGES]
    copies = _copies()
    if copies is None:
        cache.delete_many(keys)
        return
    cache.change_and_announce(copies.channel, "\n".join(["keys", *keys]), delete=keys)
    copies.drop(keys)


def listed_changed(sender, **kwargs) -> None:
    """post_save and post_delete of Department, Doctor and FAQTopic (connected in apps.py:
    the specialists app knows nothing of pages). Their names show on question pages, and
    the home and department pages list them in cached fragments."""
    transaction.on_commit(retire_all)


def account_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """post_save of the user model: a doctor whose account is closed (or reopened) leaves
    (or rejoins) their department's list at once. A login saves only last_login: nothing
    to do then, nor for a new account."""
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    from specialists.models import Doctor

    if Doctor.objects.filter(user_id=instance.pk).exists():
        transaction.on_commit(retire_all)


def retire_all() -> None:
    """Something that shows on many pages changed: start a new generation."""
    copies = _copies()
    _first_generation()  # so that the increment never starts from nothing
    if copies is not None:
        cache.change_and_announce(copies.channel, "*", incr=GENERATION_KEY)
        copies.drop()
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # gone between the two calls
        _first_generation()
