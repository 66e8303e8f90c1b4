"""Pages a shared HTTP cache (Varnish, a CDN) may hold, and purging them by tag.

`SharedCacheMiddleware` marks a response public (`s-maxage`, `stale-while-revalidate`)
only when it is the same for every anonymous reader of that address in that language: a
safe method, status 200 or 301, a view named in SHARED_CACHE_PAGES, no session or
messages cookie sent, nobody logged in, no cookie set, no CSRF token used, and nothing
already marking it private. Everything else keeps the headers it had. Each shared page
names its tags in `X-Cache-Tags` ("all" and those SHARED_CACHE_PAGES gives its view), so
that the cache can drop it by tag; the cache removes the header before delivery.

`purge_after_commit(*tags)` sends, once the transaction commits, a task that asks every
cache in CACHE_PURGE_URLS to ban the pages carrying any of the tags (method BAN, tags in
`X-Cache-Tags`). A cache that is down never fails the write nor blocks a request: each
attempt has a short timeout, failures are logged, and the task tries again later a bounded
number of times when its backend can defer (a worker); the immediate backend, which runs
tasks inside the request, tries once.
"""

import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from machinery.pagecache import is_anonymous_reader

logger = logging.getLogger(__name__)

TAGS_HEADER = "X-Cache-Tags"
EVERY_PAGE_TAG = "all"
SHARED_STATUSES = frozenset({200, 301})
# A browser asks again every time (a 304 when the page is unchanged, through its ETag):
# its cache is never purged, and a reader must see a reply or a topic's new question at
# once, as shared caches show it once purged.
BROWSER_SECONDS = 0
STALE_WHILE_REVALIDATE_SECONDS = 30
PURGE_TIMEOUT_SECONDS = 1.5
PURGE_ATTEMPTS = 3
PURGE_BACKOFF_SECONDS = (5, 30)  # before the second and the third attempt


def shared_tags(request, response) -> list[str] | None:
    """The page's tags if every anonymous reader may be given this response from a shared
    cache, else None."""
    if settings.SHARED_CACHE_SECONDS <= 0:
        return None
    if request.method not in ("GET", "HEAD") or response.status_code not in SHARED_STATUSES:
        return None
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in settings.SHARED_CACHE_PAGES:
        return None
    if not is_anonymous_reader(request) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    if response.cookies or response.has_header("Set-Cookie"):
        return None
    directives = {
        part.strip().split("=")[0].lower()
        for part in response.headers.get("Cache-Control", "").split(",")
    }
    if directives & {"private", "no-store", "no-cache"}:
        return None
    extra = settings.SHARED_CACHE_PAGES[match.view_name]
    return [EVERY_PAGE_TAG, *(tag.format(**match.kwargs) for tag in extra)]


class SharedCacheMiddleware:
    """Public caching headers on the pages every anonymous reader shares. It goes outside
    the session, CSRF, authentication and security-headers middleware, so that it sees the
    cookies they set and the privacy they decided, and inside the whole-page cache
    (machinery.pagecache), so that a stored page replays the headers it was given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        tags = shared_tags(request, response)
        if tags is not None:
            shared = settings.SHARED_CACHE_SECONDS
            patch_cache_control(
                response,
                public=True,
                max_age=min(BROWSER_SECONDS, shared),
                s_maxage=shared,
                stale_while_revalidate=STALE_WHILE_REVALIDATE_SECONDS,
            )
            # The language comes from the cookie or Accept-Language, and a logged-in
            # reader's page differs: both must be part of any cache's key.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            response[TAGS_HEADER] = " ".join(tags)
        return response


def purge_after_commit(*tags: str) -> None:
    """Once the transaction commits, have every shared cache drop the pages carrying any
    of these tags. Nothing to do without CACHE_PURGE_URLS. An error while enqueueing is
    logged, never raised into the write (a robust on_commit callback)."""
    if not settings.CACHE_PURGE_URLS or not tags:
        return
    transaction.on_commit(lambda: purge_shared_cache.enqueue(tags=sorted(set(tags))), robust=True)


def send_ban(url: str, tags: list[str]) -> str | None:
    """One BAN request to one cache: None if it answered 2xx, else what went wrong."""
    request = urllib.request.Request(
        url.rstrip("/") + "/", method="BAN", headers={TAGS_HEADER: " ".join(tags)}
    )
    try:
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (OSError, ValueError) as error:  # refused, timed out, unreachable, bad URL
        return type(error).__name__ + (f": {error.reason}" if hasattr(error, "reason") else "")
    return None if 200 <= status < 300 else f"HTTP {status}"


@task
def purge_shared_cache(tags: list[str], urls: list[str] | None = None, attempt: int = 1) -> int:
    """Ban the pages carrying `tags` in each cache (all of CACHE_PURGE_URLS, or `urls` on a
    retry). Returns how many caches did not answer; never raises."""
    failed = []
    for url in settings.CACHE_PURGE_URLS if urls is None else urls:
        problem = send_ban(url, tags)
        if problem is not None:
            failed.append(url)
            logger.warning(
                "Shared cache purge of %s at %s failed (attempt %d of %d): %s",
                " ".join(tags), url, attempt, PURGE_ATTEMPTS, problem,
            )  # fmt: skip
    if failed and attempt < PURGE_ATTEMPTS:
        backend = purge_shared_cache.get_backend()
        if backend.supports_defer:
            delay = PURGE_BACKOFF_SECONDS[min(attempt, len(PURGE_BACKOFF_SECONDS)) - 1]
            try:
                purge_shared_cache.using(
                    run_after=timezone.now() + timedelta(seconds=delay)
                ).enqueue(tags=tags, urls=failed, attempt=attempt + 1)
            except Exception:
                logger.exception("Shared cache purge could not be retried")
        else:
            logger.warning("Shared cache purge not retried: the task backend runs it at once")
    elif failed:
        logger.error("Shared cache purge of %s given up after %d attempts", tags, attempt)
    return len(failed)
