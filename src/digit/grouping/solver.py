"""Form collegial learning groups: the entry point the app and the bench call.

Small problems (up to ``EXACT_LIMIT`` people) are solved by CP-SAT's exact model; larger ones by
the heuristic (deal + swaps). Either way the result carries a proven lower bound (CP-SAT's for
small problems, the LP bound of ``cpsat.lower_bound`` for all), so the gap between what was
found and the best possible grouping is always known.
"""

import time
from dataclasses import dataclass

from digit.grouping.cpsat import lower_bound, solve_exact
from digit.grouping.heuristic import form_groups_heuristic, improve
from digit.grouping.objective import Breakdown, Problem, evaluate, relative_gap, violations

EXACT_LIMIT = 24


@dataclass
class Result:
    groups: list[list[int]]
    breakdown: Breakdown
    bound: float
    method: str  # "cp-sat" or "heuristic"
    seconds: float
    attempts: int  # swap attempts of the local search: its work, the same on every machine

    @property
    def objective(self) -> float:
        return self.breakdown.total

    @property
    def gap(self) -> float:
        """Relative gap to the proven lower bound (0 = optimal)."""
        return relative_gap(self.objective, self.bound)


def form_groups(
    problem: Problem,
    *,
    time_limit: float = 8.0,
    max_attempts: int | None = None,
    seed: int = 0,
) -> Result:
    """Groups for ``problem`` with their objective and a lower bound on the best possible.

    ``time_limit`` bounds the search for groups in seconds; the bound itself takes well under a
    second. ``max_attempts`` bounds the swaps of the local search instead (see ``heuristic``).
    """
    started = time.perf_counter()
    bound = lower_bound(problem)
    groups, method = None, "heuristic"
    if problem.size <= EXACT_LIMIT:
        groups, exact_bound, _optimal = solve_exact(problem, time_limit=time_limit)
        bound, method = max(bound, exact_bound), "cp-sat"
    if groups is None:
        search = form_groups_heuristic(
            problem, time_limit=time_limit, max_attempts=max_attempts, stop_at=bound, seed=seed
        )
        method = "heuristic"
    else:
        # CP-SAT's costs are rounded down: exact arithmetic may still find a tiny improvement.
        search = improve(
            problem, groups, time_limit=0.5, max_attempts=max_attempts, stop_at=bound, seed=seed
        )
    groups = search.groups
    problems = violations(problem, groups)
    if problems:
        raise RuntimeError(f"grouping broke its constraints: {problems}")
    return Result(
        groups=groups,
        breakdown=evaluate(problem, groups),
        bound=bound,
        method=method,
        seconds=time.perf_counter() - started,
        attempts=search.attempts,
    )
