import numpy as np
import pytest

from digit.stats.practices import is_active, practices_index

DOMAINS = [
    "search_evaluate",
    "report_exchange",
    "report_exchange",
    "communicate_network",
    "communicate_network",
    "communicate_network",
    "produce",
    "habits",
]


def test_index_is_mean_times_25():
    assert practices_index([4] * 8) == 100
    assert practices_index([0] * 8) == 0
    assert practices_index([3, 3, 2, 2, 1, 1, 0, 4]) == pytest.approx(2 * 25)


def test_weekly_on_four_practices_in_three_domains_is_active():
    assert is_active([3, 3, 0, 3, 0, 0, 3, 0], DOMAINS)


def test_four_practices_in_only_two_domains_is_not_active():
    assert not is_active([0, 3, 3, 4, 4, 0, 0, 0], DOMAINS)


def test_habits_counts_as_a_practice_but_not_as_a_domain():
    # search, report, communicate + habits = 4 practices but 3 domains: active.
    assert is_active([3, 3, 0, 3, 0, 0, 0, 4], DOMAINS)
    # report, communicate, habits = 3 counted practices over 2 domains: not active.
    assert not is_active([0, 3, 3, 3, 0, 0, 0, 4], DOMAINS)


def test_monthly_use_is_not_frequent_enough_by_default():
    assert not is_active([2] * 8, DOMAINS)
    assert is_active([2] * 8, DOMAINS, min_frequency=2)


def test_settings_change_the_rule():
    answers = [3, 3, 0, 0, 0, 0, 0, 0]
    assert not is_active(answers, DOMAINS)
    assert is_active(answers, DOMAINS, min_practices=2, min_domains=2)


def test_rule_is_vectorised():
    matrix = np.array([[3, 3, 0, 3, 0, 0, 3, 0], [0] * 8, [4] * 8])
    assert list(is_active(matrix, DOMAINS)) == [True, False, True]
    assert list(practices_index(matrix)) == [37.5, 0, 100]


def test_one_domain_per_column_is_required():
    with pytest.raises(ValueError):
        is_active([3, 3], DOMAINS)
