"""Shares with honest uncertainty: Wilson interval, gap tests and a simple linear forecast.

- Wilson score interval (Wilson 1927; Newcombe 1998 method 3, no continuity correction):
  centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
  Unlike the Wald interval it stays inside 0–1 and behaves at p̂ = 0 or 1 and small n.
- Gap between two groups: two-proportion z test with the pooled proportion (Agresti 2013,
  §2.2.3), or Fisher's exact test (two-sided, scipy) when any expected count of the 2 × 2
  table is below 5 (Cochran's rule).
- Forecast: weighted least-squares line through the wave points, weights 1 / the variance the
  Wilson interval implies (finite at 0 % and 100 %), evaluated at a future time and clipped to
  the scale. Its interval reflects the sampling error of the points (and, with 3 or more
  points, their scatter around the line), is never narrower than the latest point's interval,
  and cannot know whether the trend stays linear.

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
class SharePoint:
    """A measured share at a time: ``successes`` of ``n`` people (n ≥ 1), time in days."""

    time: float
    successes: int
    n: int


@dataclass(frozen=True)
class Forecast:
    """Where a trend lands at a future time, with an approximate 95 % interval."""

    value: float
    low: float
    high: float
    slope_per_day: float
    points: int


def wilson_variance(successes: int, n: int) -> float:
    """The variance a share's Wilson interval implies: ((high − low) / (2 · 1.96))².

    Unlike the binomial p̂(1 − p̂)/n it is positive at 0 % and 100 % (a share of 0 of 5 is not
    known exactly), so a weight 1/variance never explodes. ``n`` must be at least 1."""
    low, high = wilson_interval(successes, n)
    return ((high - low) / (2 * Z_95)) ** 2


def share_forecast(points: Sequence[SharePoint], at: float) -> Forecast | None:
    """Weighted least-squares line through measured shares, evaluated at time ``at``.

    Weights are 1 / the Wilson variance of each point (``wilson_variance``). The interval is
    ±1.96 × the standard error of the fitted value; with 3 or more points it is widened by
    their scatter around the line when that exceeds sampling error (reduced χ² > 1). It is
    never narrower than the latest point's own Wilson interval (its larger half-width on both
    sides): an extrapolation cannot know more than the last measurement. Value and interval
    are clipped to 0–1, and the interval always has positive width.

    Returns None with fewer than two points at distinct times (the caller says so in words).
    """
    if len({point.time for point in points}) < 2:
        return None
    t = np.array([point.time for point in points], dtype=float)
    y = np.array([point.successes / point.n for point in points], dtype=float)
    weights = 1 / np.array([wilson_variance(p.successes, p.n) for p in points], dtype=float)
    origin = float(t.mean())
    design = np.column_stack([np.ones_like(t), t - origin])
    covariance = np.linalg.inv(design.T @ (design * weights[:, None]))
    coefficients = covariance @ (design.T @ (weights * y))
    if t.size >= 3:
        residuals = y - design @ coefficients
        reduced_chi2 = float(np.sum(weights * residuals**2) / (t.size - 2))
        covariance = covariance * max(1.0, reduced_chi2)
    x0 = np.array([1.0, at - origin])
    raw = float(x0 @ coefficients)
    half_width = Z_95 * math.sqrt(max(0.0, float(x0 @ covariance @ x0)))
    latest = max(points, key=lambda point: point.time)
    latest_low, latest_high = wilson_interval(latest.successes, latest.n)
    latest_share = latest.successes / latest.n
    floor = max(latest_share - latest_low, latest_high - latest_share)
    value = _clip(raw)
    return Forecast(
        value=value,
        low=_clip(min(raw - half_width, value - floor)),
        high=_clip(max(raw + half_width, value + floor)),
        slope_per_day=float(coefficients[1]),
        points=len(points),
    )


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))
