"""DigComp level bands for self-assessed scores (presentation only; verdicts never use them).

Self-report places people in levels 1–6 only: DigCompSAT, the instrument our scales follow,
was built to target levels 1–6, and the highly specialised levels 7–8 cannot be claimed by
ticking statements. The band table is versioned so that a stored level can always be traced
to the table that produced it; a new table gets a new version, old ones stay here.

Version "2026-1" (docs/measurement.md), on a competence or area mean of the 0–3 item scale,
anchored on the skill scale (1 "with help" ≈ level 2, 2 "on my own" ≈ levels 3–4,
3 "and can guide others" ≈ levels 5–6):

    mean < 0.50 → 1;  < 1.25 → 2;  < 1.75 → 3;  < 2.25 → 4;  < 2.75 → 5;  else 6
"""

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from digit.stats import IntArray

# version → (upper bounds on the 0–3 mean, exclusive; the level after the last bound)
BAND_TABLES: dict[str, tuple[tuple[float, ...], int]] = {
    "2026-1": ((0.50, 1.25, 1.75, 2.25, 2.75), 6),
}
CURRENT_BAND_TABLE = "2026-1"
ITEM_MAXIMUM = 3  # the competence items score 0–3


@overload
def level_for_mean(mean: float, table: str = ...) -> int: ...
@overload
def level_for_mean(mean: ArrayLike, table: str = ...) -> int | IntArray: ...
def level_for_mean(mean: ArrayLike, table: str = CURRENT_BAND_TABLE) -> int | IntArray:
    """DigComp level (1 … top of the table) for a mean on the 0–3 item scale.

    Scalar in, int out; array in, int array out.
    """
    bounds, _top = BAND_TABLES[table]
    levels = np.searchsorted(np.asarray(bounds), np.asarray(mean, dtype=float), side="right") + 1
    return int(levels) if levels.ndim == 0 else levels


@overload
def level_for_percent(percent: float, table: str = ..., item_maximum: int = ...) -> int: ...
@overload
def level_for_percent(
    percent: ArrayLike, table: str = ..., item_maximum: int = ...
) -> int | IntArray: ...
def level_for_percent(
    percent: ArrayLike, table: str = CURRENT_BAND_TABLE, item_maximum: int = ITEM_MAXIMUM
) -> int | IntArray:
    """DigComp level for a stored 0–100 score (100 · mean / item maximum)."""
    mean = np.asarray(percent, dtype=float) * item_maximum / 100
    return level_for_mean(mean, table)


def highest_level(table: str = CURRENT_BAND_TABLE) -> int:
    """The highest level a self-assessment can place someone in under ``table`` (6)."""
    return BAND_TABLES[table][1]
