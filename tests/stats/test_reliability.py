import numpy as np
import pandas as pd
import pingouin
import pytest

from digit.stats.reliability import (
    alpha_from_variances,
    cronbach_alpha,
    sample_sd,
    standard_error_of_measurement,
    variance_from_moments,
)

# The fixture of the reference note (persons × items, 0–3).
FIXTURE = [[3, 2, 3, 2], [1, 1, 2, 1], [2, 2, 2, 3], [0, 1, 1, 0], [3, 3, 2, 3], [1, 2, 1, 1]]


def test_alpha_of_the_reference_fixture_is_0_8961():
    assert cronbach_alpha(FIXTURE) == pytest.approx(0.8961, abs=5e-5)


@pytest.mark.parametrize("seed", range(5))
def test_alpha_agrees_with_pingouin_on_random_correlated_data(seed):
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=(200, 1))
    latent = ability + rng.normal(scale=1.2, size=(200, 12))
    answers = np.clip(np.round(latent + 1.5), 0, 3)
    expected, _ci = pingouin.cronbach_alpha(pd.DataFrame(answers))
    assert cronbach_alpha(answers) == pytest.approx(expected, abs=1e-12)


def test_alpha_agrees_with_pingouin_on_uncorrelated_data_even_when_negative():
    rng = np.random.default_rng(42)
    answers = rng.integers(0, 4, size=(30, 5))
    expected, _ci = pingouin.cronbach_alpha(pd.DataFrame(answers))
    assert cronbach_alpha(answers) == pytest.approx(expected, abs=1e-12)


def test_alpha_is_undefined_without_variance_or_with_too_little_data():
    assert cronbach_alpha([[1, 1], [1, 1], [1, 1]]) is None
    assert cronbach_alpha([[1, 2, 3]]) is None
    assert cronbach_alpha([[1], [2]]) is None


def test_alpha_rejects_a_vector():
    with pytest.raises(ValueError):
        cronbach_alpha([1, 2, 3])


def test_sem_is_sd_times_root_of_unreliability():
    assert standard_error_of_measurement(15, 0.93) == pytest.approx(3.9686, abs=1e-4)
    assert standard_error_of_measurement(10, 1.0) == 0
    assert standard_error_of_measurement(10, -0.2) == 10  # negative alpha is clipped


def test_sem_refuses_reliability_above_one():
    with pytest.raises(ValueError):
        standard_error_of_measurement(10, 1.1)


def test_sample_sd_uses_ddof_1():
    assert sample_sd([1, 2, 3, 4]) == pytest.approx(np.std([1, 2, 3, 4], ddof=1))
    assert sample_sd([5]) is None


def test_alpha_from_moments_equals_alpha_from_the_matrix():
    rng = np.random.default_rng(7)
    matrix = np.clip(np.round(rng.normal(1.5, 1, size=(50, 1)) + rng.normal(size=(50, 9))), 0, 3)
    item_variances = variance_from_moments(
        np.full(9, 50), matrix.sum(axis=0), (matrix**2).sum(axis=0)
    )
    assert item_variances == pytest.approx(matrix.var(axis=0, ddof=1))
    totals = matrix.sum(axis=1)
    alpha = alpha_from_variances(item_variances, totals.var(ddof=1))
    assert alpha == pytest.approx(cronbach_alpha(matrix))


def test_alpha_from_variances_is_undefined_without_items_or_variance():
    assert alpha_from_variances([1.0], 2.0) is None
    assert alpha_from_variances([1.0, 1.0], 0.0) is None
    assert np.isnan(variance_from_moments(1, 3, 9))
