import numpy as np
import pytest

from digit.stats.levels import highest_level, level_for_mean, level_for_percent


@pytest.mark.parametrize(
    ("mean", "level"),
    [
        (0, 1),
        (0.49, 1),
        (0.5, 2),
        (1.24, 2),
        (1.25, 3),
        (1.74, 3),
        (1.75, 4),
        (2.24, 4),
        (2.25, 5),
        (2.74, 5),
        (2.75, 6),
        (3, 6),
    ],
)
def test_band_table_2026_1(mean, level):
    assert level_for_mean(mean) == level


def test_self_report_never_places_above_level_6():
    assert highest_level() == 6
    assert level_for_percent(100) == 6


def test_levels_are_vectorised_and_read_percentages():
    assert list(level_for_percent(np.array([0, 50, 100]))) == [1, 3, 6]


def test_unknown_band_table_is_an_error():
    with pytest.raises(KeyError):
        level_for_mean(1.0, table="no-such-table")
