"""Whole-page caching of public pages for anonymous readers.

A cached page is the HTML every anonymous reader gets: it carries no CSRF token, no CSP
nonce and nothing about the reader (the language form posts without a token, and logged-in
readers are never served from or stored into this cache). Invalidation is precise where it
is cheap and broad where it is rare:

- publishing or editing a reply forgets that question's page at once;
- hiding or restoring a Q&A, changing its topics or headline, merging topics and marking
  duplicates bump a generation number, which retires every cached page (they also show
  in other pages' Similar Q&A and Related FAQ).

Pages expire after PAGE_CACHE_SECONDS in any case.
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "page-generation"


def _page_key(pk: int, language: str) -> str:
    return f"page:question:{pk}:{language}"


def _reader_is_anonymous(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


QUESTION_PATH = re.compile(r"^/questions/(\d+)/([^/]+)/$")


def _cached(pk: int, slug: str, language: str):
    """The stored page if it is current: (etag, content, content type), else None, and the
    generation in force (one round trip to the cache)."""
    key = _page_key(pk, language)
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    stored = found.get(key)
    if stored is not None and stored[0] == generation and stored[1] == slug:
        return stored[2:], generation
    return None, generation


def _response(request, stored, language: str):
    etag, content, content_type = stored
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    response["Content-Language"] = language
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


class CachedPageMiddleware:
    """Answers an anonymous reader's question page from the cache before the session,
    locale, CSRF and authentication middleware run: placed after SecurityMiddleware and
    the Content-Security-Policy middleware, so the response still gets their headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS > 0 and _reader_is_anonymous(request):
            match = QUESTION_PATH.match(request.path_info)
            if match:
                language = translation.get_language_from_request(request)
                stored, _generation = _cached(int(match[1]), match[2], language)
                if stored is not None:
                    from . import viewcounts

                    viewcounts.record_view(int(match[1]))
                    return _response(request, stored, language)
        return self.get_response(request)


def cache_question_page(view, *, on_hit=None):
    """Serve and store question pages for anonymous readers (CachedPageMiddleware serves
    most hits earlier; this serves them where the middleware is not installed)."""

    @wraps(view)
    def wrapped(request, pk: int, slug: str = "", **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _reader_is_anonymous(request):
            return view(request, pk, slug, **kwargs)
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        stored, generation = _cached(pk, slug, language)
        if stored is not None:
            if on_hit is not None:
                on_hit(pk)
            return _response(request, stored, language)
        response = view(request, pk, slug, **kwargs)
        if response.status_code == 200 and not response.cookies:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            cache.set(
                _page_key(pk, language),
                (generation, slug, etag, response.content, response["Content-Type"]),
                timeout=seconds,
            )
        return response

    return wrapped


def generation() -> int:
    return cache.get(GENERATION_KEY, 0)


def forget_question(pk: int) -> None:
    """One question's page changed (a reply published or edited)."""
    cache.delete_many([_page_key(pk, code) for code, _name in settings.LANGUAGES])


def retire_all() -> None:
    """Something that shows on many pages changed: start a new generation."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)
