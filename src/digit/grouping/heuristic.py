"""A fast heuristic for the grouping problem: a stratified deal, then local search by swaps.

1. Deal: role models first (one per group round-robin), then everyone else sorted by
   (level band, gender, unit) and dealt in serpentine order over the groups, so each group
   gets close to its proportional share of every band and gender and colleagues of one unit
   land in different groups.
2. Improve: swap two people from different groups when that lowers the objective (first
   improvement, random order). A swap keeps the group sizes; swapping only people with the same
   role-model flag keeps the role-model constraint. The change of the objective is computed in
   constant time from per-group counts.

It stops when ``patience`` swap attempts in a row found nothing, at the time limit, or after
``max_attempts`` attempts: a bound on work that, with the seed, gives the same groups on every
machine (tests use it; speed is measured in bench/groups.py).
"""

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from digit.grouping.objective import Problem, evaluate


def initial_groups(problem: Problem, seed: int = 0) -> list[list[int]]:
    """The stratified serpentine deal (step 1)."""
    rng = random.Random(seed)
    sizes = problem.group_sizes
    count = len(sizes)
    groups: list[list[int]] = [[] for _ in range(count)]
    role_models = [i for i in range(problem.size) if problem.role_models[i]]
    others = [i for i in range(problem.size) if not problem.role_models[i]]
    rng.shuffle(role_models)
    # Fewer role models than groups: one each to the first groups, never two.
    for position, person in enumerate(role_models):
        groups[position % count].append(person)
    tiebreak = {person: rng.random() for person in others}
    others.sort(key=lambda i: (problem.bands[i], problem.genders[i], problem.units[i], tiebreak[i]))
    order = list(range(count))
    queue = iter(others)
    placed = len(role_models)
    while placed < problem.size:
        for group in order:
            if len(groups[group]) < sizes[group]:
                groups[group].append(next(queue))
                placed += 1
                if placed == problem.size:
                    break
        order.reverse()
    return groups


class _State:
    """Per-group counts that make the change of the objective of one swap O(1)."""

    def __init__(self, problem: Problem, groups: list[list[int]]):
        self.problem = problem
        self.groups = groups
        n = problem.size
        self.group_of = [0] * n
        self.position = [0] * n
        level_shares = problem.shares(problem.bands)
        gender_shares = problem.shares(problem.genders)
        self.level_count = []
        self.gender_count = []
        self.unit_count = []
        self.level_expected = []
        self.gender_expected = []
        for g, members in enumerate(groups):
            levels: dict[int, int] = {}
            genders: dict[int, int] = {}
            units: dict[int, int] = {}
            for position, i in enumerate(members):
                self.group_of[i] = g
                self.position[i] = position
                levels[problem.bands[i]] = levels.get(problem.bands[i], 0) + 1
                genders[problem.genders[i]] = genders.get(problem.genders[i], 0) + 1
                units[problem.units[i]] = units.get(problem.units[i], 0) + 1
            self.level_count.append(levels)
            self.gender_count.append(genders)
            self.unit_count.append(units)
            size = len(members)
            self.level_expected.append({b: size * p for b, p in level_shares.items()})
            self.gender_expected.append({s: size * q for s, q in gender_shares.items()})

    @staticmethod
    def _mix_delta(
        counts: list[dict[int, int]],
        expected: list[dict[int, float]],
        g: int,
        h: int,
        out_g: int,
        out_h: int,
    ) -> float:
        """Change of Σ (count − expected)² when g gives a person of ``out_g`` to h and takes
        one of ``out_h`` back (out_g != out_h)."""
        cg, ch, eg, eh = counts[g], counts[h], expected[g], expected[h]
        return (
            -2 * (cg.get(out_g, 0) - eg[out_g])
            + 2 * (cg.get(out_h, 0) - eg[out_h])
            - 2 * (ch.get(out_h, 0) - eh[out_h])
            + 2 * (ch.get(out_g, 0) - eh[out_g])
            + 4
        )

    def swap_delta(self, a: int, b: int) -> float:
        problem = self.problem
        g, h = self.group_of[a], self.group_of[b]
        delta = 0.0
        band_a, band_b = problem.bands[a], problem.bands[b]
        if band_a != band_b:
            delta += self._mix_delta(self.level_count, self.level_expected, g, h, band_a, band_b)
        gender_a, gender_b = problem.genders[a], problem.genders[b]
        if gender_a != gender_b:
            delta += self._mix_delta(
                self.gender_count, self.gender_expected, g, h, gender_a, gender_b
            )
        unit_a, unit_b = problem.units[a], problem.units[b]
        if unit_a != unit_b:
            ug, uh = self.unit_count[g], self.unit_count[h]
            pairs = -(ug[unit_a] - 1) + ug.get(unit_b, 0) - (uh[unit_b] - 1) + uh.get(unit_a, 0)
            delta += problem.unit_weight * pairs
        return delta

    @staticmethod
    def _move(counts: list[dict[int, int]], value: int, source: int, target: int) -> None:
        counts[source][value] -= 1
        counts[target][value] = counts[target].get(value, 0) + 1

    def swap(self, a: int, b: int) -> None:
        problem = self.problem
        g, h = self.group_of[a], self.group_of[b]
        for counts, values in (
            (self.level_count, problem.bands),
            (self.gender_count, problem.genders),
            (self.unit_count, problem.units),
        ):
            self._move(counts, values[a], g, h)
            self._move(counts, values[b], h, g)
        pa, pb = self.position[a], self.position[b]
        self.groups[g][pa], self.groups[h][pb] = b, a
        self.group_of[a], self.group_of[b] = h, g
        self.position[a], self.position[b] = pb, pa


@dataclass
class Search:
    """The grouping the local search found, and the swap attempts it took (its work)."""

    groups: list[list[int]]
    attempts: int


def improve(
    problem: Problem,
    groups: Sequence[Sequence[int]],
    *,
    time_limit: float = 5.0,
    max_attempts: int | None = None,
    patience: int | None = None,
    stop_at: float | None = None,
    seed: int = 0,
) -> Search:
    """Local search by improving swaps (step 2), on a copy of ``groups``.

    ``time_limit``: seconds (``math.inf``: no clock). ``max_attempts``: at most this many swap
    attempts. ``stop_at``: a proven lower bound; the search ends as soon as the objective
    reaches it (nothing better exists).

    (Simulated annealing was tried on the demo organisation and on the bench: it found nothing
    better than plain descent, to within 0.03 %, at several times the cost.)
    """
    result = [list(members) for members in groups]
    if len(result) < 2:
        return Search(result, 0)
    rng = random.Random(seed)
    state = _State(problem, result)
    role_models = [i for i in range(problem.size) if problem.role_models[i]]
    others = [i for i in range(problem.size) if not problem.role_models[i]]
    pools = [pool for pool in (others, role_models) if len(pool) > 1]
    if not pools:
        return Search(result, 0)
    weights = [len(pool) for pool in pools]
    patience = patience or default_patience(problem)
    deadline = time.perf_counter() + time_limit
    attempt_limit = math.inf if max_attempts is None else max_attempts
    misses = attempts = 0
    group_of = state.group_of
    current = evaluate(problem, result).total
    goal = -math.inf if stop_at is None else stop_at + 1e-6
    while misses < patience and current > goal and attempts < attempt_limit:
        attempts += 1
        if attempts % 2048 == 0 and time.perf_counter() > deadline:
            break
        pool = pools[0] if len(pools) == 1 else rng.choices(pools, weights)[0]
        a = pool[rng.randrange(len(pool))]
        b = pool[rng.randrange(len(pool))]
        if group_of[a] == group_of[b]:
            misses += 1
            continue
        delta = state.swap_delta(a, b)
        if delta >= -1e-9:
            misses += 1
            continue
        state.swap(a, b)
        current += delta
        misses = 0
    return Search(result, attempts)


def default_patience(problem: Problem) -> int:
    """Swap attempts in a row without improvement after which the search gives up."""
    return max(20_000, 100 * problem.size)


def form_groups_heuristic(
    problem: Problem,
    *,
    time_limit: float = 5.0,
    max_attempts: int | None = None,
    stop_at: float | None = None,
    seed: int = 0,
) -> Search:
    """Deal, then improve: a feasible grouping in at most about ``time_limit`` seconds."""
    return improve(
        problem,
        initial_groups(problem, seed),
        time_limit=time_limit,
        max_attempts=max_attempts,
        stop_at=stop_at,
        seed=seed,
    )
