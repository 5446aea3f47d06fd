"""The problem of forming collegial learning groups, and the objective that says how good a
grouping is. Plain Python, no Django.

People are given as parallel sequences of small integers (unit index, level band, gender index)
and a role-model flag. A grouping is a list of groups, each a list of person indices.

Objective (lower is better), for groups g with sizes n_g over N people:

    F = Σ_g Σ_b (L_gb − n_g·p_b)²            level mix: L_gb people of level band b in g,
                                             p_b = N_b / N the band's share of everyone
                                             (people without an assessment form band 0,
                                             "unknown level", and are spread like any band)
      + Σ_g Σ_s (S_gs − n_g·q_s)²            gender mix, q_s = N_s / N
      + w · Σ_g Σ_u C(U_gu, 2)               pairs of colleagues from the same unit u
                                             in one group (w = UNIT_WEIGHT)

Hard constraints:
    * G = ⌈N / max_size⌉ groups, sizes as even as possible (⌊N/G⌋ or ⌈N/G⌉), all within
      [min_size, max_size]; infeasible ranges raise ``ValueError``.
    * Role models: when there are at least G role models, every group has one or more;
      otherwise no group has more than one (the others get a role model as supporter,
      see ``assign_supporters``).

F is 0 only when every group mirrors the whole population's level and gender mix exactly and
nobody shares a group with a colleague from their own unit. Squared deviations punish one
badly skewed group more than many slightly uneven ones, which is what staff want to avoid.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

UNIT_WEIGHT = 1.0


@dataclass(frozen=True)
class Problem:
    """People to group and the size range. All sequences have one entry per person."""

    units: Sequence[int]
    bands: Sequence[int]
    genders: Sequence[int]
    role_models: Sequence[bool]
    min_size: int
    max_size: int
    unit_weight: float = UNIT_WEIGHT

    def __post_init__(self) -> None:
        n = len(self.units)
        if not (len(self.bands) == len(self.genders) == len(self.role_models) == n):
            raise ValueError("units, bands, genders and role_models must have equal length")
        if self.min_size < 1 or self.max_size < self.min_size:
            raise ValueError("need 1 <= min_size <= max_size")

    @property
    def size(self) -> int:
        return len(self.units)

    @property
    def group_sizes(self) -> list[int]:
        return group_sizes(self.size, self.min_size, self.max_size)

    @property
    def role_model_count(self) -> int:
        return sum(1 for flag in self.role_models if flag)

    def shares(self, values: Sequence[int]) -> dict[int, float]:
        """Share of everyone per category value (p_b or q_s in the objective)."""
        counts = Counter(values)
        return {value: count / self.size for value, count in counts.items()}


def group_sizes(people: int, min_size: int, max_size: int) -> list[int]:
    """Sizes of ⌈people / max_size⌉ groups, as even as possible, largest first.

    Raises ``ValueError`` when ``people`` cannot be split into groups within the range.
    """
    if people == 0:
        return []
    groups = math.ceil(people / max_size)
    base, extra = divmod(people, groups)
    if base < min_size:
        raise ValueError(
            f"{people} people cannot form groups of {min_size}–{max_size} "
            f"({groups} groups would have {base} members)"
        )
    return [base + 1] * extra + [base] * (groups - extra)


@dataclass
class Breakdown:
    """The objective split into its three terms; ``total`` is F."""

    level: float = 0.0
    gender: float = 0.0
    unit: float = 0.0
    unit_weight: float = UNIT_WEIGHT
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return self.level + self.gender + self.unit_weight * self.unit


def _squared_deviation(
    members: Sequence[int], values: Sequence[int], shares: dict[int, float]
) -> float:
    counts = Counter(values[i] for i in members)
    size = len(members)
    return sum((counts.get(value, 0) - size * share) ** 2 for value, share in shares.items())


def same_unit_pairs(members: Sequence[int], units: Sequence[int]) -> int:
    """Number of pairs of people in ``members`` who come from the same unit."""
    return sum(count * (count - 1) // 2 for count in Counter(units[i] for i in members).values())


def evaluate(problem: Problem, groups: Sequence[Sequence[int]]) -> Breakdown:
    """The objective F of a grouping, term by term."""
    level_shares = problem.shares(problem.bands)
    gender_shares = problem.shares(problem.genders)
    breakdown = Breakdown(unit_weight=problem.unit_weight)
    for members in groups:
        breakdown.level += _squared_deviation(members, problem.bands, level_shares)
        breakdown.gender += _squared_deviation(members, problem.genders, gender_shares)
        breakdown.unit += same_unit_pairs(members, problem.units)
    return breakdown


def violations(problem: Problem, groups: Sequence[Sequence[int]]) -> list[str]:
    """Hard constraints the grouping breaks (empty when it is feasible)."""
    found = []
    everyone = sorted(i for members in groups for i in members)
    if everyone != list(range(problem.size)):
        found.append("not every person is in exactly one group")
    for number, members in enumerate(groups, start=1):
        if not problem.min_size <= len(members) <= problem.max_size:
            found.append(f"group {number} has {len(members)} members")
    role_models = [sum(1 for i in members if problem.role_models[i]) for members in groups]
    if problem.role_model_count >= len(groups):
        found += [f"group {n} has no role model" for n, c in enumerate(role_models, 1) if c == 0]
    else:
        found += [f"group {n} has {c} role models" for n, c in enumerate(role_models, 1) if c > 1]
    return found


def relative_gap(value: float, bound: float) -> float:
    """(value − bound) / bound: how far a solution may be from the best possible one.

    0 means proven optimal. With a bound of 0, any positive value gives ``math.inf``.
    """
    if value <= bound + 1e-9:
        return 0.0
    if bound <= 0:
        return math.inf
    return (value - bound) / bound
