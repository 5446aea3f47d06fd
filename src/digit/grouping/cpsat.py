"""OR-Tools for the grouping problem: CP-SAT's exact model for small groups of people, and a
lower bound for any size, against which the heuristic's result is measured.

Costs are squared deviations from fractional expected counts; CP-SAT needs integers, so every
cost is multiplied by ``SCALE`` and rounded *down* (a bound stays a bound; solutions are
re-evaluated exactly in floating point).

Lower bound (``lower_bound``): the objective is a sum of three terms, and the minimum of a sum
is at least the sum of the minima of its terms, each minimised on its own:
    * level and gender: the LP relaxation (OR-Tools GLOP) of an exact model that counts how
      many groups of each size have each composition (people per category); see
      ``_mix_bound``.
    * units: Σ_g C(U_gu, 2) is convex in the counts, so for each unit it is smallest when the
      unit's N_u people are spread as evenly as possible over the G groups:
      r·C(q+1, 2) + (G − r)·C(q, 2) with q, r = divmod(N_u, G). Exact, no solver needed.
The role-model constraint is left out of the bound (a relaxation, so still a lower bound).
"""

import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from digit.grouping.objective import Problem

SCALE = 100_000
Cost = Callable[[int], float]  # the cost of k people of one category in one group


def _convex_cost(
    model: cp_model.CpModel, x: cp_model.IntVar, top: int, cost: Cost
) -> cp_model.IntVar:
    """An integer variable ≥ SCALE·cost(x) on every chord between consecutive integers.

    For a convex ``cost`` the largest chord at an integer x is cost(x) itself, so minimising
    gives exactly SCALE·cost(x) (rounded down), and the linear relaxation is the convex hull:
    much tighter bounds than a lookup table.
    """
    values = [SCALE * cost(k) for k in range(top + 1)]
    variable = model.new_int_var(0, math.ceil(max(values)), "")
    for k in range(top):
        slope = values[k + 1] - values[k]
        # chord through (k, values[k]) and (k+1, values[k+1]), rounded down to integers
        model.add(variable >= math.floor(slope) * x + math.floor(values[k] - slope * k))
    if top == 0:
        model.add(variable >= math.floor(values[0]))
    return variable


def _compositions(size: int, limits: list[int]) -> Iterator[tuple[int, ...]]:
    """Every way to write ``size`` as an ordered sum with part c at most limits[c]."""
    if len(limits) == 1:
        if size <= limits[0]:
            yield (size,)
        return
    for first in range(min(size, limits[0]) + 1):
        for rest in _compositions(size - first, limits[1:]):
            yield (first, *rest)


def _pattern_count(size: int, categories: int) -> int:
    return math.comb(size + categories - 1, categories - 1)


def _mix_bound(sizes: list[int], values: Sequence[int]) -> float:
    """Lower bound of Σ_g Σ_c (x_gc − n_g·p_c)² over all ways to split the categories.

    Groups of one size are interchangeable, so the exact model counts groups per composition:
    z_sk = how many groups of size s have composition k (people per category), with
    Σ_k z_sk = (groups of size s) and Σ_sk k_c·z_sk = N_c. The cost of a composition is known in
    advance, so the model is linear; its LP relaxation (solved by OR-Tools' GLOP in a fraction
    of a second) is a lower bound, and a tight one: it has no symmetric copies and few rows, so
    its optimum is almost always integral already. (CP-SAT on the same integer model needs
    minutes to prove what the LP gives at once, so the LP is used for the bound.)
    """
    counts = Counter(values)
    total = sum(counts.values())
    categories = sorted(counts)
    if len(categories) < 2:
        return 0.0
    limits = [counts[c] for c in categories]
    groups_of_size = Counter(sizes)
    if any(_pattern_count(size, len(categories)) > 200_000 for size in groups_of_size):
        return rounding_bound(sizes, values)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    objective = solver.Objective()
    uses = [solver.Constraint(counts[c], counts[c]) for c in categories]
    for size, groups in groups_of_size.items():
        expected = [size * counts[c] / total for c in categories]
        row = solver.Constraint(groups, groups)
        for composition in _compositions(size, limits):
            z = solver.NumVar(0, groups, "")
            row.SetCoefficient(z, 1)
            cost = sum((k - e) ** 2 for k, e in zip(composition, expected, strict=True))
            objective.SetCoefficient(z, cost)
            for column, k in enumerate(composition):
                if k:
                    uses[column].SetCoefficient(z, k)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return rounding_bound(sizes, values)
    # Stay on the safe side of the LP's floating-point tolerance.
    lp_bound = float(objective.Value()) * (1 - 1e-7) - 1e-7
    return max(rounding_bound(sizes, values), lp_bound)


def rounding_bound(sizes: list[int], values: Sequence[int]) -> float:
    """Lower bound of the mix term that drops the column sums (Σ_g x_gc = N_c).

    Each group on its own then rounds its expected counts n_g·p_c to integers that still add up
    to n_g: the categories with the largest fractional parts round up, the rest down. Weaker
    than CP-SAT's bound for ~1,000 people, but instant at any size.
    """
    counts = Counter(values)
    total = sum(counts.values())
    bound = 0.0
    for size, groups in Counter(sizes).items():
        fractions = sorted((size * count / total) % 1 for count in counts.values())[::-1]
        up = round(sum(fractions))
        bound += groups * (
            sum((1 - f) ** 2 for f in fractions[:up]) + sum(f**2 for f in fractions[up:])
        )
    return bound


def unit_pairs_bound(units: Sequence[int], groups: int) -> int:
    """Fewest same-unit pairs possible when each unit is spread evenly over ``groups``."""
    pairs = 0
    for count in Counter(units).values():
        q, r = divmod(count, groups)
        pairs += r * (q + 1) * q // 2 + (groups - r) * q * (q - 1) // 2
    return pairs


def lower_bound(problem: Problem) -> float:
    """A proven lower bound of the objective F for ``problem`` (see the module docstring)."""
    sizes = problem.group_sizes
    if not sizes:
        return 0.0
    level = _mix_bound(sizes, problem.bands)
    gender = _mix_bound(sizes, problem.genders)
    return level + gender + problem.unit_weight * unit_pairs_bound(problem.units, len(sizes))


def solve_exact(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    work_limit: float | None = None,
) -> tuple[list[list[int]] | None, float, bool]:
    """CP-SAT on the full assignment model (one boolean per person and group).

    Returns (groups or None, proven lower bound of F, whether optimality was proven). Meant for
    small problems (tens of people) and as the yardstick for the heuristic in tests.
    ``work_limit``: CP-SAT's deterministic time, a bound on work that is the same on every
    machine; with one worker the result is reproducible (tests).
    """
    model, x = _assignment_model(problem)
    _add_objective(model, x, problem)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    if work_limit is not None:
        solver.parameters.max_deterministic_time = work_limit
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, 0.0, False
    n, count = problem.size, len(problem.group_sizes)
    groups = [[i for i in range(n) if solver.value(x[i][g])] for g in range(count)]
    # Costs were rounded down, so CP-SAT's bound is a bound of the exact objective too.
    return groups, solver.best_objective_bound / SCALE, status == cp_model.OPTIMAL


def _assignment_model(
    problem: Problem,
) -> tuple[cp_model.CpModel, list[list[cp_model.IntVar]]]:
    """The model and its variables x[person][group]: each person in one group, each group of
    its size, role models spread (at least one a group when there are enough, else at most
    one)."""
    sizes = problem.group_sizes
    n, count = problem.size, len(sizes)
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x_{i}_{g}") for g in range(count)] for i in range(n)]
    for i in range(n):
        model.add_exactly_one(x[i])
    for g, size in enumerate(sizes):
        model.add(sum(x[i][g] for i in range(n)) == size)
    role_models = [i for i in range(n) if problem.role_models[i]]
    for g in range(count):
        in_group = sum(x[i][g] for i in role_models) if role_models else 0
        if len(role_models) >= count:
            model.add(in_group >= 1)
        elif role_models:
            model.add(in_group <= 1)
    # Symmetry: person 0 goes to the first group of their size class.
    if n:
        model.add(x[0][0] == 1)
    return model, x


def _add_objective(
    model: cp_model.CpModel, x: list[list[cp_model.IntVar]], problem: Problem
) -> None:
    """Minimise F: the level and gender mix terms plus the weighted same-unit pairs."""
    sizes, n = problem.group_sizes, problem.size
    objective: list[cp_model.IntVar] = []

    def add_term(values: Sequence[int], cost_of: Callable[[int, int], Cost]) -> None:
        for category, total in Counter(values).items():
            members = [i for i in range(n) if values[i] == category]
            for g, size in enumerate(sizes):
                top = min(size, total)
                k = model.new_int_var(0, top, "")
                model.add(k == sum(x[i][g] for i in members))
                objective.append(_convex_cost(model, k, top, cost_of(size, total)))

    def mix_cost(size: int, total: int) -> Cost:
        expected = size * total / n
        return lambda k: (k - expected) ** 2

    add_term(problem.bands, mix_cost)
    add_term(problem.genders, mix_cost)
    add_term(problem.units, lambda size, total: lambda k: problem.unit_weight * k * (k - 1) / 2)
    model.minimize(sum(objective))
