import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached figures of an earlier test (same ids after rollback) must not leak in."""
    cache.clear()
    yield
    cache.clear()
