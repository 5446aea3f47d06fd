import pytest
from django.core.cache import cache

from digit.goals import indicators


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    """Cached figures of an earlier test (same ids after rollback) must not leak in, and
    figures follow every change at once (no grace period) unless a test says otherwise."""
    monkeypatch.setattr(indicators, "STALE_SECONDS", 0)
    cache.clear()
    indicators.forget_figures()
    yield
    cache.clear()
    indicators.forget_figures()
