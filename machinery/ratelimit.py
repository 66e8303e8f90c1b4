"""Fixed-window rate limits kept in the cache (Redis in production, so every worker counts
together), the client's address behind proxies, and the 429 page that says when to try
again."""

import hashlib
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request, credentials=None) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For, it is that many entries from the right; a client cannot forge it by
    sending its own header, whose entries stand further left."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def login_username(request, credentials=None) -> str:
    """The address a login attempt was for, in one case, so that ALEX@… and alex@… count
    as the same account for the lockout (django-axes)."""
    source = credentials if credentials else getattr(request, "POST", {})
    return (source.get("username") or "").strip().casefold()


def hit(scope: str, key: str, *, limit: int, period: int) -> int | None:
    """Count one attempt; return None while within the limit, else seconds to wait."""
    now = time.time()
    window = int(now // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw IPs or e-mails in Redis
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * period - now))


def too_many_requests(request, retry_after: int):
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": max(1, math.ceil(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def check(request, scope: str, *, limit_setting: str, period: int = 3600, per: str = "ip"):
    """Count one attempt by this client (per="ip") or this logged-in account (per="user");
    return None while within the limit read from the setting, else seconds to wait."""
    key = f"user:{request.user.pk}" if per == "user" else client_ip(request)
    return hit(scope, key, limit=getattr(settings, limit_setting), period=period)


def ratelimit_post(scope: str, *, limit_setting: str, period: int = 3600, per: str = "ip"):
    """Limit POSTs to a view per client IP (or per account); the limit is read from a
    setting at call time, so that tests and the reliability bench can change it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                wait = check(request, scope, limit_setting=limit_setting, period=period, per=per)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
