"""Shares with honest uncertainty: Wilson interval, gap tests and a simple linear forecast.

- Wilson score interval (Wilson 1927; Newcombe 1998 method 3, no continuity correction):
  centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
  Unlike the Wald interval it stays inside 0–1 and behaves at p̂ = 0 or 1 and small n.
- Gap between two groups: two-proportion z test with the pooled proportion (Agresti 2013,
  §2.2.3), or Fisher's exact test (two-sided, scipy) when any expected count of the 2 × 2
  table is below 5 (Cochran's rule).
- Forecast: weighted least-squares line through the wave points, weights 1/SE², evaluated at a
  future time and clipped to the scale. Its interval reflects only the sampling error of the
  points (and, with 3 or more points, their scatter around the line); it cannot know whether
  the trend stays linear.

Plain Python and scipy, no Django.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as scipy_stats

Z_95 = 1.959963984540054


def z_for(confidence: float) -> float:
    """Two-sided standard-normal critical value, e.g. 1.96 for 0.95."""
    return float(scipy_stats.norm.ppf((1 + confidence) / 2))


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval (low, high) for ``successes`` out of ``n``, as fractions 0–1.

    ``n == 0`` gives (0.0, 1.0): nothing is known.
    """
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("need 0 ≤ successes ≤ n")
    if n == 0:
        return (0.0, 1.0)
    z = Z_95 if confidence == 0.95 else z_for(confidence)
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # The exact bounds at p̂ = 0 and 1 are 0 and 1; avoid rounding noise there.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return (low, high)


def standard_error(successes: int, n: int) -> float:
    """Binomial standard error √(p̂(1 − p̂)/n) of a share; 0 when n is 0."""
    if n <= 0:
        return 0.0
    p = successes / n
    return math.sqrt(p * (1 - p) / n)


@dataclass(frozen=True)
class GapTest:
    """Difference of two shares (first − second) and whether it is larger than chance."""

    difference: float
    method: str  # "z" (two-proportion z test) or "fisher" (Fisher's exact test)
    statistic: float | None  # z, or Fisher's odds ratio
    p_value: float


def two_proportion_z_test(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Pooled two-proportion z test: (z, two-sided p) for H0: p1 = p2.

    z = (p̂1 − p̂2) / √(p̂(1 − p̂)(1/n1 + 1/n2)), p̂ = (x1 + x2)/(n1 + n2). When the pooled
    share is 0 or 1 there is no variation: z = 0, p = 1.
    """
    if min(n1, n2) <= 0:
        raise ValueError("both groups need at least one person")
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance == 0:
        return (0.0, 1.0)
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    return (z, float(2 * scipy_stats.norm.sf(abs(z))))


def fisher_exact_test(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Fisher's exact test on [[x1, n1 − x1], [x2, n2 − x2]]: (odds ratio, two-sided p)."""
    result = scipy_stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]], alternative="two-sided")
    return (float(result.statistic), float(result.pvalue))


def smallest_expected_count(x1: int, n1: int, x2: int, n2: int) -> float:
    """Smallest expected cell count of the 2 × 2 table under H0 (row total · column total / N)."""
    total = n1 + n2
    successes = x1 + x2
    failures = total - successes
    return min(n * c / total for n in (n1, n2) for c in (successes, failures))


def compare_proportions(x1: int, n1: int, x2: int, n2: int) -> GapTest:
    """Gap p̂1 − p̂2 with the two-proportion z test, or Fisher's exact test when any expected
    count is below 5."""
    difference = x1 / n1 - x2 / n2
    if smallest_expected_count(x1, n1, x2, n2) < 5:
        odds_ratio, p_value = fisher_exact_test(x1, n1, x2, n2)
        return GapTest(difference, "fisher", odds_ratio, p_value)
    z, p_value = two_proportion_z_test(x1, n1, x2, n2)
    return GapTest(difference, "z", z, p_value)


@dataclass(frozen=True)
class Forecast:
    """Where a trend lands at a future time, with an approximate 95 % interval."""

    value: float
    low: float
    high: float
    slope_per_day: float
    points: int


def linear_forecast(
    times: Sequence[float],
    values: Sequence[float],
    standard_errors: Sequence[float],
    at: float,
    *,
    lower: float = 0.0,
    upper: float = 1.0,
) -> Forecast | None:
    """Weighted least-squares line through (time, value) points, evaluated at ``at``.

    Weights are 1/SE²; a point with SE 0 (e.g. the baseline, where nobody has changed yet) gets
    a tiny variance, so the line passes through it. The 95 % interval is ±1.96 × the standard
    error of the fitted value at ``at``, from the points' sampling errors; with 3 or more points
    it is widened by their scatter around the line when that exceeds sampling error (reduced
    χ² > 1). Value and interval are clipped to [lower, upper]. Times are in days (any origin).
    Returns None with fewer than two points at distinct times.
    """
    t = np.asarray(times, dtype=float)
    y = np.asarray(values, dtype=float)
    se = np.asarray(standard_errors, dtype=float)
    if t.size < 2 or np.ptp(t) == 0:
        return None
    variances = np.maximum(se**2, 1e-12)
    weights = 1 / variances
    origin = t.mean()
    design = np.column_stack([np.ones_like(t), t - origin])
    normal = design.T @ (design * weights[:, None])
    covariance = np.linalg.inv(normal)
    intercept, slope = covariance @ (design.T @ (weights * y))
    if t.size >= 3:
        residuals = y - design @ np.array([intercept, slope])
        reduced_chi2 = float(np.sum(weights * residuals**2) / (t.size - 2))
        covariance = covariance * max(1.0, reduced_chi2)
    x0 = np.array([1.0, at - origin])
    value = float(x0 @ np.array([intercept, slope]))
    half_width = Z_95 * math.sqrt(max(0.0, float(x0 @ covariance @ x0)))

    def clip(v: float) -> float:
        return min(upper, max(lower, v))

    return Forecast(
        value=clip(value),
        low=clip(value - half_width),
        high=clip(value + half_width),
        slope_per_day=float(slope),
        points=int(t.size),
    )
