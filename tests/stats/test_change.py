import numpy as np
import pytest
from scipy import stats as scipy_stats

from digit.stats.change import (
    DECREASED,
    INCREASED,
    NO_RELIABLE_CHANGE,
    near_ceiling,
    paired_mean_change,
    reliable_change_index,
    reliable_change_threshold,
    standard_error_of_difference,
    verdict,
)


def test_worked_example_of_the_reference():
    # SD1 = 15, r = .93: S_diff = 5.61, threshold 11.0 points; 48 → 63 gives RCI 2.67.
    assert standard_error_of_difference(15, 0.93) == pytest.approx(5.61, abs=0.005)
    assert reliable_change_threshold(15, 0.93) == pytest.approx(11.0, abs=0.05)
    rci = reliable_change_index(48, 63, 15, 0.93)
    assert rci == pytest.approx(2.67, abs=0.005)
    assert verdict(rci) == INCREASED


@pytest.mark.parametrize(
    ("reliability", "threshold"), [(0.80, 18.6), (0.85, 16.1), (0.90, 13.1), (0.95, 9.3)]
)
def test_thresholds_by_reliability_match_the_reference_table(reliability, threshold):
    assert reliable_change_threshold(15, reliability) == pytest.approx(threshold, abs=0.05)


def test_one_sided_critical_value_gives_9_2_points_at_r_93():
    assert reliable_change_threshold(15, 0.93, 1.645) == pytest.approx(9.2, abs=0.05)


def test_verdict_is_symmetric_and_inclusive_at_the_critical_value():
    assert verdict(1.96) == INCREASED
    assert verdict(1.9599) == NO_RELIABLE_CHANGE
    assert verdict(-1.96) == DECREASED
    assert verdict(0.0) == NO_RELIABLE_CHANGE
    assert verdict(1.7, critical_value=1.645) == INCREASED


def test_rci_and_verdict_are_vectorised():
    rci = reliable_change_index(np.array([48, 50, 60]), np.array([63, 52, 40]), 15, 0.93)
    assert rci.shape == (3,)
    assert list(verdict(rci)) == [INCREASED, NO_RELIABLE_CHANGE, DECREASED]


def test_rci_refuses_impossible_reliability_or_sd():
    with pytest.raises(ValueError):
        reliable_change_index(1, 2, 15, 1.0)
    with pytest.raises(ValueError):
        reliable_change_index(1, 2, 0, 0.9)


def test_near_ceiling_when_even_the_maximum_could_not_be_a_reliable_gain():
    threshold = reliable_change_threshold(15, 0.93)  # 11.0
    assert near_ceiling(90, threshold)
    assert not near_ceiling(88, threshold)
    assert list(near_ceiling(np.array([95.0, 50.0]), threshold)) == [True, False]


def test_paired_mean_change_has_t_interval_and_d_z():
    before = np.array([40.0, 50, 55, 60, 45, 52])
    after = np.array([52.0, 55, 60, 70, 44, 61])
    result = paired_mean_change(before, after)
    differences = after - before
    t = scipy_stats.ttest_rel(after, before)
    ci = t.confidence_interval(0.95)
    assert result.n == 6
    assert result.mean == pytest.approx(differences.mean())
    assert result.ci_low == pytest.approx(ci.low)
    assert result.ci_high == pytest.approx(ci.high)
    assert result.d_z == pytest.approx(differences.mean() / differences.std(ddof=1))


def test_paired_mean_change_with_too_few_pairs():
    assert paired_mean_change([], []).n == 0
    single = paired_mean_change([40], [50])
    assert single.mean == 10 and single.ci_low is None and single.d_z is None
