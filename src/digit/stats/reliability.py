"""Reliability of a sum or mean score: Cronbach's alpha and the standard error of measurement.

Plain numpy, no Django. Input matrices are persons × items (one row per respondent, one
column per item), complete (no missing answers: every item of the instrument is mandatory).
"""

import math

import numpy as np
from numpy.typing import ArrayLike

from digit.stats import FloatArray


def cronbach_alpha(scores: ArrayLike) -> float | None:
    """Cronbach's alpha of a persons × items matrix.

    ``α = k / (k − 1) · (1 − Σ var(item_i) / var(total))`` with sample variances (ddof = 1),
    where k is the number of items and total the row sum (Cronbach 1951; see
    docs/measurement.md). Returns None when alpha is undefined: fewer than 2 items, fewer
    than 2 persons, or a total score without variance.
    """
    matrix = np.asarray(scores, dtype=float)
    if matrix.ndim != 2:
        raise ValueError("scores must be a persons × items matrix")
    persons, items = matrix.shape
    if items < 2 or persons < 2:
        return None
    return alpha_from_variances(matrix.var(axis=0, ddof=1), matrix.sum(axis=1).var(ddof=1))


def alpha_from_variances(item_variances: ArrayLike, total_variance: float) -> float | None:
    """Cronbach's alpha from the k item variances and the variance of the sum score (all
    from the same complete responses, ddof = 1). Lets the database aggregate the moments
    (sums and sums of squares) instead of loading every answer. None when undefined."""
    variances = np.asarray(item_variances, dtype=float)
    items = variances.size
    if items < 2 or not total_variance:
        return None
    return float(items / (items - 1) * (1 - variances.sum() / total_variance))


def variance_from_moments(
    n: ArrayLike, total: ArrayLike, total_of_squares: ArrayLike
) -> FloatArray:
    """Sample variance (ddof = 1) from n, Σx and Σx²; arrays give arrays. NaN when n < 2."""
    n = np.asarray(n, dtype=float)
    total = np.asarray(total, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = (np.asarray(total_of_squares, dtype=float) - total**2 / n) / (n - 1)
    return np.where(n >= 2, np.maximum(result, 0.0), np.nan)


def standard_error_of_measurement(sd: float, reliability: float) -> float:
    """SEM = SD · √(1 − r), in the units of ``sd`` (Jacobson & Truax 1991, eq. for S_E).

    A reliability above 1 is impossible; below 0 (alpha can be negative) is clipped to 0, so
    the SEM is then the SD itself.
    """
    if reliability > 1:
        raise ValueError("reliability must be at most 1")
    return float(sd * math.sqrt(1 - max(reliability, 0.0)))


def sample_sd(values: ArrayLike) -> float | None:
    """Sample standard deviation (ddof = 1) of a 1-d array, None for fewer than 2 values."""
    array = np.asarray(values, dtype=float)
    if array.size < 2:
        return None
    return float(array.std(ddof=1))
