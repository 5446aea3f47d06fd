"""Figures keep their first significant digit: a small gap is not shown as zero."""

import pytest

from digit.stats.precision import decimals_for


@pytest.mark.parametrize(
    ("value", "least", "expected"),
    [
        (0.02, 0, 2),  # 151.10 against a bound of 151.07: 0,02 %
        (0.0199, 0, 2),
        (0.2, 0, 1),
        (0.0004, 0, 4),
        (12.34, 1, 1),
        (0.0, 1, 1),
        (-0.03, 0, 2),
        (1e-12, 0, 6),  # beyond six decimals it is zero for every practical purpose
        (float("nan"), 1, 1),
    ],
)
def test_decimals_show_the_first_significant_digit(value, least, expected):
    assert decimals_for(value, least=least) == expected


def test_rounding_with_those_decimals_never_gives_zero_for_a_non_zero_value():
    for value in (0.000123, 0.0051, 0.049, 0.5):
        assert round(value, decimals_for(value)) != 0
