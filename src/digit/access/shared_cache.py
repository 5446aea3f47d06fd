"""The shared cache (Redis) of several application servers, and what Digit does without it.

Pages keep serving: a read that finds Redis gone is a cache miss and the page is computed
(goal figures, charts); a write is dropped (fail open). Sessions are in the database, so
everyone stays signed in. Sign-in and the second factor are refused instead (fail closed):
their protection against guessing (failed sign-ins per address) and replay (TOTP codes used)
lives in Redis, and without it they would be unprotected. ``/healthz`` says "cache":
"unavailable" meanwhile, and all is back when Redis is, without a restart.
"""

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Views whose protection lives in the cache: refused while it does not answer (fail closed).
NEEDS_THE_CACHE = {"account_login", "mfa_authenticate", "mfa_reauthenticate"}


def _forgiving(name: str, on_error: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            log.warning("shared cache unavailable (%s): %s", name, type(error).__name__)
            return on_error(*args, **kwargs)

    return method


def _default(key: object, default: object = None, *args: object, **kwargs: object) -> object:
    return default


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache that behaves as an empty cache while Redis does not answer: reads
    miss, writes are dropped, ``add`` says "not added" (so a lock is never taken)."""

    get = _forgiving("get", _default)
    get_many = _forgiving("get_many", lambda *a, **k: {})
    has_key = _forgiving("has_key", lambda *a, **k: False)
    set = _forgiving("set", lambda *a, **k: None)
    set_many = _forgiving("set_many", lambda data, *a, **k: list(data))
    add = _forgiving("add", lambda *a, **k: False)
    touch = _forgiving("touch", lambda *a, **k: False)
    delete = _forgiving("delete", lambda *a, **k: False)
    delete_many = _forgiving("delete_many", lambda *a, **k: None)


def cache_answers() -> bool:
    """Whether the shared cache stores and returns a value now."""
    key, value = "digit:cache-answers", uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        return bool(cache.get(key) == value)
    except Exception:  # a cache without the forgiving wrapper raises its own errors
        log.warning("shared cache unavailable", exc_info=True)
        return False


class RefuseSignInWithoutCacheMiddleware:
    """Sign-in and the second factor answer 503 with an explanation while the cache is gone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        match = request.resolver_match
        if request.method != "POST" or match is None or match.url_name not in NEEDS_THE_CACHE:
            return None
        if cache_answers():
            return None
        return render(request, "access/sign_in_unavailable.html", status=503)
