import math

import pytest
from scipy import stats as scipy_stats

from digit.stats.proportions import (
    compare_proportions,
    fisher_exact_test,
    linear_forecast,
    smallest_expected_count,
    standard_error,
    two_proportion_z_test,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (Wilson).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe_reference_values(successes, n, low, high):
    result = wilson_interval(successes, n)
    assert result == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_is_the_score_test_inversion():
    # The bounds are the p0 where the score statistic (p̂ − p0)/√(p0(1 − p0)/n) equals ±1.96.
    low, high = wilson_interval(37, 90)
    for bound in (low, high):
        z = (37 / 90 - bound) / math.sqrt(bound * (1 - bound) / 90)
        assert abs(z) == pytest.approx(scipy_stats.norm.ppf(0.975), rel=1e-9)


def test_wilson_interval_at_the_edges_and_other_confidence():
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 10)[0] == 0.0
    narrow = wilson_interval(40, 100, confidence=0.80)
    wide = wilson_interval(40, 100)
    assert wide[0] < narrow[0] < 0.4 < narrow[1] < wide[1]
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_two_proportion_z_test_by_hand():
    # p1 = 45/100, p2 = 30/100, pooled 0.375: z = 0.15 / √(0.375·0.625·0.02) = 2.1909.
    z, p = two_proportion_z_test(45, 100, 30, 100)
    assert z == pytest.approx(2.19089, abs=1e-5)
    assert p == pytest.approx(2 * scipy_stats.norm.sf(2.19089), abs=1e-6)
    assert two_proportion_z_test(0, 10, 0, 12) == (0.0, 1.0)


def test_z_test_squared_equals_uncorrected_chi_square():
    z, p = two_proportion_z_test(120, 300, 90, 280)
    chi2, p_chi2, _, _ = scipy_stats.chi2_contingency([[120, 180], [90, 190]], correction=False)
    assert z**2 == pytest.approx(chi2)
    assert p == pytest.approx(p_chi2)


def test_fisher_exact_agrees_with_scipy():
    odds_ratio, p = fisher_exact_test(1, 9, 11, 14)
    reference = scipy_stats.fisher_exact([[1, 8], [11, 3]])
    assert p == pytest.approx(reference.pvalue)
    assert odds_ratio == pytest.approx(reference.statistic)
    # Fisher's classic tea-tasting table: p = 0.4857 two-sided.
    assert fisher_exact_test(3, 4, 1, 4)[1] == pytest.approx(0.48571, abs=1e-5)


def test_compare_uses_fisher_when_an_expected_count_is_below_five():
    assert smallest_expected_count(1, 9, 11, 14) < 5
    small = compare_proportions(1, 9, 11, 14)
    assert small.method == "fisher"
    assert small.difference == pytest.approx(1 / 9 - 11 / 14)
    large = compare_proportions(45, 100, 30, 100)
    assert large.method == "z"
    assert large.p_value == pytest.approx(0.02846, abs=1e-4)


def test_standard_error():
    assert standard_error(25, 100) == pytest.approx(math.sqrt(0.25 * 0.75 / 100))
    assert standard_error(0, 0) == 0.0


def test_linear_forecast_through_two_points_extrapolates_the_line():
    # Baseline (day 0, 0 % — exact) and a follow-up at day 100 with 40 % ± 5 %.
    forecast = linear_forecast([0, 100], [0.0, 0.4], [0.0, 0.05], at=200)
    assert forecast.value == pytest.approx(0.8, abs=1e-6)
    # Only the follow-up's sampling error propagates, doubled by the extrapolation.
    assert forecast.high - forecast.value == pytest.approx(1.959964 * 0.10, abs=1e-4)
    assert forecast.points == 2


def test_linear_forecast_is_clipped_to_the_scale():
    forecast = linear_forecast([0, 100], [0.0, 0.7], [0.0, 0.02], at=300)
    assert forecast.value == 1.0 and forecast.high == 1.0
    assert 0.0 <= forecast.low <= 1.0


def test_linear_forecast_widens_with_scatter_around_the_line():
    exact = linear_forecast([0, 1, 2], [0.1, 0.2, 0.3], [0.01] * 3, at=3)
    scattered = linear_forecast([0, 1, 2], [0.1, 0.35, 0.3], [0.01] * 3, at=3)
    assert exact.value == pytest.approx(0.4)
    assert (scattered.high - scattered.low) > (exact.high - exact.low)


def test_linear_forecast_needs_two_distinct_times():
    assert linear_forecast([5], [0.3], [0.01], at=10) is None
    assert linear_forecast([5, 5], [0.3, 0.4], [0.01, 0.01], at=10) is None
