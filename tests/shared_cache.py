"""The shared cache under test: the file cache of the embedded default and the real Redis of
production (rate limits, TOTP replay protection and the goal figures live there).

A test that depends on the cache requests the ``shared_cache`` fixture (or
``@pytest.mark.usefixtures("shared_cache")``) and runs once on each backend, ``[file]`` and
``[redis]``; every other test keeps the fast in-process cache of tests/settings.py.

    DIGIT_TEST_REDIS_URL       Redis for the tests (default redis://127.0.0.1:6379/15)
    DIGIT_TEST_REDIS=required  Redis missing is a failure (CI sets it)
    DIGIT_TEST_REDIS=skip      the [redis] runs are skipped
    otherwise                  they are skipped, with the reason, when Redis is not reachable

Test processes share one Redis database: each uses its own key prefix and removes only its own
keys (Django's ``clear()`` would empty the whole database under the other processes).
"""

import os
import uuid

import pytest
from django.core.cache import cache

from digit.access.shared_cache import ForgivingRedisCache

REDIS_URL = os.environ.get("DIGIT_TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
REDIS_MODE = os.environ.get("DIGIT_TEST_REDIS", "auto")
KEY_PREFIX = f"digit-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex}"


class RedisCacheOfThisProcess(ForgivingRedisCache):
    """Digit's Redis cache whose ``clear()`` deletes this process's keys only."""

    def clear(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True


_redis_problem: list[str] = []  # filled once per process: "" when Redis answers


def redis_problem() -> str:
    """Why Redis cannot be used ("" when it can)."""
    if not _redis_problem:
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
            _redis_problem.append("")
        except redis.RedisError as error:
            _redis_problem.append(f"Redis not reachable at {REDIS_URL}: {error}")
    return _redis_problem[0]


def pytest_report_header(config):
    if REDIS_MODE == "skip":
        return "shared cache: file; Redis skipped (DIGIT_TEST_REDIS=skip)"
    return f"shared cache: file and Redis at {REDIS_URL} (DIGIT_TEST_REDIS={REDIS_MODE})"


def _use_redis_or_skip():
    if REDIS_MODE == "skip":
        pytest.skip("Redis runs skipped (DIGIT_TEST_REDIS=skip)")
    problem = redis_problem()
    if problem and REDIS_MODE == "required":
        pytest.fail(f"{problem} (DIGIT_TEST_REDIS=required)", pytrace=False)
    if problem:
        pytest.skip(f"{problem}: start Redis or set DIGIT_TEST_REDIS_URL")
    return {
        "BACKEND": "tests.shared_cache.RedisCacheOfThisProcess",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": KEY_PREFIX,
    }


@pytest.fixture(params=["file", "redis"])
def shared_cache(request, settings, tmp_path):
    """The default cache is the file cache or Redis (one run each), empty; returns the name."""
    if request.param == "redis":
        config = _use_redis_or_skip()
    else:
        config = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    settings.CACHES = {"default": config}
    cache.clear()
    yield request.param
    cache.clear()
