"""Competence, area and total scores of a self-assessment (DigCompSAT-style averaging).

Items score 0–3. A competence score is the mean of its items; an area score the mean of its
competence scores; the total the mean of all competence scores (so every competence weighs
the same whatever its number of items). Each is reported as a percentage of the scale:
``100 · mean / 3``. Only competences that have at least one item take part.

Vectorised: answers are a persons × items matrix (a single person is a 1-d row); a
``ScoreLayout`` says which competence each item column measures and which area each
competence belongs to. Plain numpy, no Django.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

ITEM_MAXIMUM = 3


@dataclass(frozen=True)
class ScoreLayout:
    """Which competence each item column scores, and which area each competence is in."""

    competences: tuple[str, ...]  # competence codes, in display order
    areas: tuple[str, ...]  # area codes, in display order
    item_weights: np.ndarray  # items × competences: 1/n_items of that competence, else 0
    competence_weights: np.ndarray  # competences × areas: 1/n_competences of that area

    @classmethod
    def from_codes(
        cls, item_competences: Sequence[str], competence_areas: Mapping[str, str]
    ) -> "ScoreLayout":
        """Build from each item column's competence code and a competence → area map (the
        map may hold competences without items; they are left out)."""
        used = set(item_competences)
        competences = tuple(code for code in competence_areas if code in used)
        missing = used - set(competences)
        if missing:
            raise ValueError(f"items refer to competences without an area: {sorted(missing)}")
        areas = tuple(dict.fromkeys(competence_areas[code] for code in competences))
        competence_index = {code: i for i, code in enumerate(competences)}
        area_index = {code: i for i, code in enumerate(areas)}

        item_weights = np.zeros((len(item_competences), len(competences)))
        for column, code in enumerate(item_competences):
            item_weights[column, competence_index[code]] = 1
        item_weights /= item_weights.sum(axis=0, keepdims=True)

        competence_weights = np.zeros((len(competences), len(areas)))
        for row, code in enumerate(competences):
            competence_weights[row, area_index[competence_areas[code]]] = 1
        competence_weights /= competence_weights.sum(axis=0, keepdims=True)
        return cls(competences, areas, item_weights, competence_weights)


@dataclass(frozen=True)
class Scores:
    """Percentages (0–100). For one person: 1-d competence/area arrays and a float total;
    for many: persons × competences, persons × areas and a 1-d total."""

    competence: np.ndarray
    area: np.ndarray
    total: np.ndarray | float


def score(answers: ArrayLike, layout: ScoreLayout, item_maximum: int = ITEM_MAXIMUM) -> Scores:
    """Competence, area and total percentages for one person (1-d) or many (2-d)."""
    matrix = np.asarray(answers, dtype=float)
    if matrix.shape[-1] != layout.item_weights.shape[0]:
        raise ValueError("one answer per item column of the layout is needed")
    competence = matrix @ layout.item_weights * (100 / item_maximum)
    area = competence @ layout.competence_weights
    total = competence.mean(axis=-1)
    return Scores(competence, area, float(total) if total.ndim == 0 else total)


def as_dict(codes: Sequence[str], values: Iterable[float], decimals: int = 2) -> dict[str, float]:
    """{code: value rounded} for storing one person's competence or area percentages."""
    return {code: round(float(value), decimals) for code, value in zip(codes, values, strict=True)}
