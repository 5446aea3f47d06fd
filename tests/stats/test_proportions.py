import math

import pytest
from scipy import stats as scipy_stats

from digit.stats.proportions import (
    SharePoint,
    compare_proportions,
    fisher_exact_test,
    share_forecast,
    smallest_expected_count,
    two_proportion_z_test,
    wilson_interval,
    wilson_variance,
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


def test_wilson_variance_is_positive_at_0_and_100_percent():
    # The binomial variance p(1 − p)/n is 0 there and gave such a point all the weight.
    assert wilson_variance(0, 1) > 0
    assert wilson_variance(5, 5) > 0
    assert wilson_variance(0, 5) == pytest.approx(wilson_variance(5, 5))
    low, high = wilson_interval(3, 10)
    assert wilson_variance(3, 10) == pytest.approx(((high - low) / (2 * 1.959963984540054)) ** 2)


def test_forecast_through_two_points_extrapolates_the_line():
    forecast = share_forecast([SharePoint(0, 100, 1000), SharePoint(100, 400, 1000)], at=200)
    assert forecast.value == pytest.approx(0.7, abs=0.01)
    assert forecast.low < forecast.value < forecast.high
    assert forecast.points == 2


def test_forecast_is_clipped_to_the_scale_and_keeps_a_width():
    forecast = share_forecast([SharePoint(0, 0, 500), SharePoint(100, 350, 500)], at=300)
    assert forecast.value == 1.0
    assert forecast.low < 1.0 == forecast.high


def test_forecast_widens_with_scatter_around_the_line():
    exact = share_forecast([SharePoint(t, 100 + 100 * t, 1000) for t in range(3)], at=3)
    scattered = share_forecast(
        [SharePoint(0, 100, 1000), SharePoint(1, 350, 1000), SharePoint(2, 300, 1000)], at=3
    )
    assert scattered.high - scattered.low > exact.high - exact.low


def test_forecast_from_one_respondent_at_100_percent_is_not_certain():
    # Issue 17: a wave with one respondent at 0 % drove a zero-width forecast.
    forecast = share_forecast([SharePoint(0, 500, 800), SharePoint(400, 0, 1)], at=600)
    assert forecast.high - forecast.low > 0.5


def test_forecast_is_never_narrower_than_the_latest_point():
    forecast = share_forecast([SharePoint(0, 200, 400), SharePoint(100, 300, 400)], at=101)
    low, high = wilson_interval(300, 400)
    assert forecast.high - forecast.low >= (high - low) - 1e-9


def test_forecast_needs_two_distinct_times():
    assert share_forecast([SharePoint(5, 3, 10)], at=10) is None
    assert share_forecast([SharePoint(5, 3, 10), SharePoint(5, 4, 10)], at=10) is None
    assert share_forecast([], at=10) is None
