"""The programme's goal figures as pages, exports and the API use them: read once
(``digit.goals.selectors.figure_inputs``), computed purely (``digit.goals.figures``) and
cached until the underlying data change (``digit.goals.signals`` bumps the data version).
docs/goals.md defines every figure.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from digit.goals import selectors
from digit.goals.figures import ProgrammeFigures, compute
from digit.goals.freshness import data_version

CACHE_SECONDS = 300

# Figures are recomputed when the data change, but at most once per STALE_SECONDS: while a wave
# is open, submissions arrive every few seconds and each would otherwise cost a recomputation.
# Pages say "figures as of <time>". The latest figures also stay in this process, so that a
# page does not unpickle them from the shared cache each time.
STALE_SECONDS = settings.DIGIT_FIGURES_STALE_SECONDS
_in_process: dict[str, tuple[int | str, ProgrammeFigures]] = {}


def compute_figures(programme) -> ProgrammeFigures:
    """The programme's figures computed now from the database (no cache)."""
    return compute(selectors.figure_inputs(programme))


def programme_figures(programme, *, use_cache: bool = True) -> ProgrammeFigures:
    """The programme's figures: from the cache when the data have not changed since they were
    computed, or changed less than STALE_SECONDS after; else computed anew."""
    if not use_cache:
        return compute_figures(programme)
    # "v2": figures cached by an older release hold classes that no longer exist.
    key = f"goals:figures:v2:{programme.pk}:{settings.DIGIT_MIN_CELL_SIZE}"
    version = data_version()
    entry = _in_process.get(key)
    if entry is None or entry[0] != version:
        # Another process (another server) may have computed newer figures: take them, so that
        # requests alternating between servers never go back to older figures.
        shared = cache.get(key)
        if shared is not None and (entry is None or _newer(shared, entry)):
            entry = shared
    if entry is None or not _usable(entry, version):
        entry = (version, compute_figures(programme))
        cache.set(key, entry, CACHE_SECONDS)
    _in_process[key] = entry
    return entry[1]


def _newer(entry, other) -> bool:
    return entry[1].computed_at > other[1].computed_at


def _usable(entry: tuple[int | str, ProgrammeFigures], version: int | str) -> bool:
    computed_version, figures = entry
    age = (timezone.now() - figures.computed_at).total_seconds()
    if age >= CACHE_SECONDS:  # bulk writes send no signal, and waves close at midnight
        return False
    return computed_version == version or age < STALE_SECONDS


def forget_figures() -> None:
    """Drop the figures kept in this process (tests; the shared cache has its own clear)."""
    _in_process.clear()
