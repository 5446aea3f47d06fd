"""Bench: form collegial learning groups of 6–8 from 1,100 and 10,000 synthetic participants.

Prints, per size: time to form the groups (heuristic), the objective F, the proven lower bound
(``digit.grouping.cpsat.lower_bound``) with its time, and the relative gap.
Target: 1,100 people in under 10 s within 5 % of the bound.

    .venv/bin/python bench/groups.py [--sizes 1100 10000] [--seed 1]
"""

import argparse
import random
import time

from digit.grouping.cpsat import lower_bound
from digit.grouping.heuristic import form_groups_heuristic, initial_groups
from digit.grouping.objective import Problem, evaluate, relative_gap, violations


def synthetic_problem(people: int, seed: int) -> Problem:
    """Units of uneven size (like libraries, schools, museums), 65/33/2 % gender, level bands
    1–6 roughly normal around 3–4, one in six without an assessment, 24 role models per 1,100."""
    rng = random.Random(seed)
    unit_count = max(10, people // 25)
    unit_weights = [rng.paretovariate(1.5) for _ in range(unit_count)]
    units = rng.choices(range(unit_count), unit_weights, k=people)
    genders = rng.choices([0, 1, 2], [65, 33, 2], k=people)
    bands = [
        0 if rng.random() < 1 / 6 else min(6, max(1, round(rng.gauss(3.5, 1.1))))
        for _ in range(people)
    ]
    role_model_count = round(people * 24 / 1100)
    role_models = [False] * people
    for i in rng.sample(range(people), role_model_count):
        role_models[i] = True
    return Problem(units, bands, genders, role_models, min_size=6, max_size=8)


def run(people: int, seed: int, time_limit: float) -> None:
    problem = synthetic_problem(people, seed)
    started = time.perf_counter()
    bound = lower_bound(problem)
    bound_seconds = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    start_value = evaluate(problem, initial_groups(problem, seed)).total
    search = form_groups_heuristic(problem, time_limit=time_limit, stop_at=bound, seed=seed)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    groups = search.groups
    assert not violations(problem, groups)
    breakdown = evaluate(problem, groups)
    gap = relative_gap(breakdown.total, bound)
    print(
        f"N={people:>6}  groups={len(groups):>5}  "
        f"heuristic {seconds:6.2f} s (CPU {cpu_seconds:.2f} s, {search.attempts:,} swaps tried)  "
        f"start F={start_value:9.2f}  F={breakdown.total:9.2f} "
        f"(level {breakdown.level:.2f}, gender {breakdown.gender:.2f}, "
        f"unit pairs {breakdown.unit:.0f})  "
        f"bound={bound:9.2f} ({bound_seconds:.1f} s)  gap={gap:.2%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1100, 10000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for people in args.sizes:
        run(people, args.seed, time_limit=8.0 if people <= 2000 else 60.0)


if __name__ == "__main__":
    main()
