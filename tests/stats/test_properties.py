"""Properties that must hold for any data (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from digit.stats.change import reliable_change_index, verdict
from digit.stats.levels import level_for_mean
from digit.stats.proportions import SharePoint, share_forecast
from digit.stats.reliability import cronbach_alpha

answers = arrays(
    np.int8, st.tuples(st.integers(2, 30), st.integers(2, 12)), elements=st.integers(0, 3)
)


@settings(max_examples=200, deadline=None)
@given(answers)
def test_alpha_is_at_most_one_and_ignores_item_order(matrix):
    alpha = cronbach_alpha(matrix)
    if alpha is None:
        return
    assert alpha <= 1 + 1e-12
    permuted = matrix[:, ::-1]
    assert cronbach_alpha(permuted) == pytest.approx(alpha)


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 100), st.floats(0, 100), st.floats(1, 40), st.floats(0, 0.99))
def test_rci_is_antisymmetric_and_the_verdict_mirrors(t1, t2, sd, r):
    forward = reliable_change_index(t1, t2, sd, r)
    backward = reliable_change_index(t2, t1, sd, r)
    assert forward == -backward or abs(forward + backward) < 1e-9
    mirrored = {"increased": "decreased", "decreased": "increased", "no_change": "no_change"}
    if abs(abs(forward) - 1.96) > 1e-9:
        assert verdict(backward) == mirrored[verdict(forward)]


@given(st.floats(0, 3), st.floats(0, 3))
def test_levels_never_fall_when_the_mean_rises(a, b):
    low, high = sorted((a, b))
    assert 1 <= level_for_mean(low) <= level_for_mean(high) <= 6


share_points = st.lists(
    st.integers(1, 2000).flatmap(
        lambda n: st.tuples(st.integers(0, 3000), st.integers(0, n), st.just(n))
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(share_points, st.integers(0, 6000))
def test_forecast_interval_holds_the_estimate_and_has_width(points, at):
    forecast = share_forecast([SharePoint(t, x, n) for t, x, n in points], at=at)
    if len({t for t, _x, _n in points}) < 2:
        assert forecast is None
        return
    assert 0.0 <= forecast.low <= forecast.value <= forecast.high <= 1.0
    assert forecast.high - forecast.low > 0
