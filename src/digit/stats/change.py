"""Individual and group change between two waves.

Reliable change index (Jacobson & Truax 1991, with the √2 of Christensen & Mendoza 1986):

    S_diff = SD1 · √2 · √(1 − r)
    RCI    = (T2 − T1) / S_diff

SD1 is the standard deviation of the baseline total scores and r their reliability (Cronbach's
alpha), both frozen per programme at baseline. A person "reliably increased" when RCI ≥ the
critical value (1.96 two-sided at 95 %), "reliably decreased" when RCI ≤ −critical, otherwise
the change is within measurement error. Worked example: SD1 = 15, r = .93 → S_diff = 5.61,
threshold 1.96 · 5.61 = 11.0 points; 48 → 63 gives RCI = 2.67, reliably increased.

Plain numpy/scipy, no Django; every function accepts scalars or numpy arrays.
"""

import math
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as scipy_stats

from digit.stats import BoolArray, FloatArray, StrArray

INCREASED = "increased"
NO_RELIABLE_CHANGE = "no_change"
DECREASED = "decreased"

DEFAULT_CRITICAL_VALUE = 1.96
SCALE_MAXIMUM = 100.0


def standard_error_of_difference(baseline_sd: float, reliability: float) -> float:
    """S_diff = SD1 · √2 · √(1 − r), in score points (Jacobson & Truax 1991)."""
    if not 0 <= reliability < 1:
        raise ValueError("reliability must be in [0, 1) to compute a reliable change")
    if baseline_sd <= 0:
        raise ValueError("the baseline SD must be positive")
    return baseline_sd * math.sqrt(2) * math.sqrt(1 - reliability)


def reliable_change_threshold(
    baseline_sd: float, reliability: float, critical_value: float = DEFAULT_CRITICAL_VALUE
) -> float:
    """Smallest change in score points that counts as reliable: critical · S_diff."""
    return critical_value * standard_error_of_difference(baseline_sd, reliability)


@overload
def reliable_change_index(
    baseline: float, follow_up: float, baseline_sd: float, reliability: float
) -> float: ...
@overload
def reliable_change_index(
    baseline: ArrayLike, follow_up: ArrayLike, baseline_sd: float, reliability: float
) -> FloatArray: ...
def reliable_change_index(
    baseline: ArrayLike, follow_up: ArrayLike, baseline_sd: float, reliability: float
) -> float | FloatArray:
    """RCI = (T2 − T1) / S_diff; scalars in, float out; arrays in, array out."""
    s_diff = standard_error_of_difference(baseline_sd, reliability)
    result = (np.asarray(follow_up, dtype=float) - np.asarray(baseline, dtype=float)) / s_diff
    return float(result) if result.ndim == 0 else result


@overload
def verdict(rci: float, critical_value: float = ...) -> str: ...
@overload
def verdict(rci: ArrayLike, critical_value: float = ...) -> StrArray: ...
def verdict(rci: ArrayLike, critical_value: float = DEFAULT_CRITICAL_VALUE) -> str | StrArray:
    """ "increased" if RCI ≥ critical, "decreased" if RCI ≤ −critical, else "no_change".

    Scalar in, str out; array in, array of str out.
    """
    values = np.asarray(rci, dtype=float)
    result = np.where(
        values >= critical_value,
        INCREASED,
        np.where(values <= -critical_value, DECREASED, NO_RELIABLE_CHANGE),
    )
    return str(result) if result.ndim == 0 else result


@overload
def near_ceiling(baseline: float, threshold: float, maximum: float = ...) -> bool: ...
@overload
def near_ceiling(baseline: ArrayLike, threshold: float, maximum: float = ...) -> BoolArray: ...
def near_ceiling(
    baseline: ArrayLike, threshold: float, maximum: float = SCALE_MAXIMUM
) -> bool | BoolArray:
    """True where the baseline is within one threshold of the top of the scale, i.e. even the
    maximum score at follow-up could not show a reliable gain: ``maximum − T1 < threshold``."""
    result = (maximum - np.asarray(baseline, dtype=float)) < threshold
    return bool(result) if result.ndim == 0 else result


@dataclass(frozen=True)
class PairedChange:
    """Mean change of paired scores with its confidence interval and effect size."""

    n: int
    mean: float
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    d_z: float | None  # mean change / SD of the changes (Cohen's d for paired data)


def paired_mean_change(
    baseline: ArrayLike, follow_up: ArrayLike, confidence: float = 0.95
) -> PairedChange:
    """Mean of T2 − T1 with a t-based confidence interval (mean ± t(n−1) · SD/√n) and
    d_z = mean / SD of the differences (Cohen 1988; Lakens 2013). SD uses ddof = 1.
    With fewer than 2 pairs only the mean is given; d_z is None when the SD is 0."""
    differences = np.asarray(follow_up, dtype=float) - np.asarray(baseline, dtype=float)
    n = int(differences.size)
    if n == 0:
        return PairedChange(0, math.nan, None, None, None, None)
    mean = float(differences.mean())
    if n < 2:
        return PairedChange(n, mean, None, None, None, None)
    sd = float(differences.std(ddof=1))
    half_width = float(scipy_stats.t.ppf((1 + confidence) / 2, n - 1)) * sd / math.sqrt(n)
    d_z = mean / sd if sd > 0 else None
    return PairedChange(n, mean, sd, mean - half_width, mean + half_width, d_z)
