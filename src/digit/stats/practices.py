"""Digital working practices: the continuous index and the "actively uses" rule.

Each practice is answered on a 5-point frequency scale (PIAAC wording): 0 never, 1 less than
monthly, 2 monthly but not weekly, 3 weekly but not daily, 4 every day.

- Index = mean of the practice answers × 25, i.e. 0–100.
- "Active" (defaults fixed per programme before the follow-up wave): an answer ≥
  ``min_frequency`` (3 = weekly or more, Eurostat's "regular use") on at least
  ``min_practices`` practices (4 of 8), and those practices span at least ``min_domains``
  (3) of the counted domains (the seed's four: search & evaluate, report & exchange,
  communicate & network, produce) — breadth as in the Digital Skills Indicator. Practices in
  a domain that is not counted ("thinking about habits") add to the number of practices but
  not to the number of domains.

Plain numpy, no Django. Matrices are persons × practices; ``domains`` gives each column's
domain.
"""

from collections.abc import Sequence
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from digit.stats import BoolArray, FloatArray

FREQUENCY_MAXIMUM = 4
COUNTED_DOMAINS = ("search_evaluate", "report_exchange", "communicate_network", "produce")


@overload
def practices_index(answers: Sequence[float], maximum: int = ...) -> float: ...
@overload
def practices_index(answers: ArrayLike, maximum: int = ...) -> float | FloatArray: ...
def practices_index(answers: ArrayLike, maximum: int = FREQUENCY_MAXIMUM) -> float | FloatArray:
    """Mean frequency × 100 / maximum (× 25 on the 0–4 scale); one value per person.

    A 1-d array (one person) gives a float; a persons × practices matrix gives an array.
    """
    matrix = np.asarray(answers, dtype=float)
    result = matrix.mean(axis=-1) * 100 / maximum
    return float(result) if result.ndim == 0 else result


@overload
def is_active(
    answers: Sequence[float],
    domains: Sequence[str],
    *,
    min_frequency: int = ...,
    min_practices: int = ...,
    min_domains: int = ...,
    counted_domains: Sequence[str] = ...,
) -> bool: ...
@overload
def is_active(
    answers: ArrayLike,
    domains: Sequence[str],
    *,
    min_frequency: int = ...,
    min_practices: int = ...,
    min_domains: int = ...,
    counted_domains: Sequence[str] = ...,
) -> bool | BoolArray: ...
def is_active(
    answers: ArrayLike,
    domains: Sequence[str],
    *,
    min_frequency: int = 3,
    min_practices: int = 4,
    min_domains: int = 3,
    counted_domains: Sequence[str] = COUNTED_DOMAINS,
) -> bool | BoolArray:
    """The "actively uses digital ways of working" verdict (see the module docstring).

    1-d answers (one person) give a bool; a persons × practices matrix gives a bool array.
    """
    matrix = np.asarray(answers)
    single = matrix.ndim == 1
    matrix = np.atleast_2d(matrix)
    if matrix.shape[1] != len(domains):
        raise ValueError("one domain per practice column is needed")
    frequent = matrix >= min_frequency
    enough_practices = frequent.sum(axis=1) >= min_practices
    covered = np.zeros(matrix.shape[0], dtype=int)
    for domain in dict.fromkeys(domains):  # distinct, in order
        if domain not in counted_domains:
            continue
        columns = [i for i, d in enumerate(domains) if d == domain]
        covered += frequent[:, columns].any(axis=1)
    result = enough_practices & (covered >= min_domains)
    return bool(result[0]) if single else result
