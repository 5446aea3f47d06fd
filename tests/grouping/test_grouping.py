"""Pure group formation: constraints, objective, heuristic against CP-SAT (no database).

The searches run without a clock (``time_limit=math.inf``) and with a bound on their work (swap
attempts, CP-SAT's deterministic time) and a seed: the same result on any machine. How fast
they are is measured in bench/groups.py.
"""

import math
import random

import pytest

from digit.grouping.cpsat import lower_bound, solve_exact, unit_pairs_bound
from digit.grouping.heuristic import (
    default_patience,
    form_groups_heuristic,
    improve,
    initial_groups,
)
from digit.grouping.objective import (
    Problem,
    evaluate,
    group_sizes,
    relative_gap,
    same_unit_pairs,
    violations,
)
from digit.grouping.quality import assign_supporters, group_quality
from digit.grouping.solver import form_groups

NO_CLOCK = math.inf
CP_SAT_WORK = 10.0  # deterministic time; the problems below need about 0.003


def random_problem(people, seed=1, role_models=None, units=None, min_size=6, max_size=8):
    rng = random.Random(seed)
    units = units or max(3, people // 20)
    role_model_count = people // 45 if role_models is None else role_models
    flags = [False] * people
    for i in rng.sample(range(people), role_model_count):
        flags[i] = True
    return Problem(
        units=[rng.randrange(units) for _ in range(people)],
        bands=[rng.choice([0, 1, 2, 3, 3, 4, 4, 5, 6]) for _ in range(people)],
        genders=rng.choices([0, 1, 2], [65, 33, 2], k=people),
        role_models=flags,
        min_size=min_size,
        max_size=max_size,
    )


def test_group_sizes_are_even_and_within_range():
    assert group_sizes(1100, 6, 8) == [8] * 134 + [7] * 4
    assert sum(group_sizes(1100, 6, 8)) == 1100
    assert group_sizes(20, 6, 8) == [7, 7, 6]


def test_impossible_size_range_is_refused():
    with pytest.raises(ValueError):
        group_sizes(9, 6, 8)  # 2 groups of 4–5 would be too small, 1 group of 9 too large


def test_objective_is_zero_for_a_perfect_mix():
    # Two groups, each one of every band, gender and unit: nothing to improve.
    problem = Problem(
        units=[0, 1, 0, 1],
        bands=[1, 2, 1, 2],
        genders=[0, 1, 0, 1],
        role_models=[True, False, True, False],
        min_size=2,
        max_size=2,
    )
    assert evaluate(problem, [[0, 1], [2, 3]]).total == 0
    # Likes together: each group is off by one in both bands (1 + 1), twice; same for gender.
    bad = evaluate(problem, [[0, 2], [1, 3]])
    assert bad.level == 4.0 and bad.gender == 4.0 and bad.unit == 2


def test_heuristic_respects_sizes_and_gives_every_group_a_role_model():
    problem = random_problem(300, role_models=60)
    groups = form_groups_heuristic(problem, time_limit=NO_CLOCK, max_attempts=50_000).groups
    assert not violations(problem, groups)
    assert sorted(len(g) for g in groups) == sorted(problem.group_sizes)
    assert all(any(problem.role_models[i] for i in g) for g in groups)


def test_with_few_role_models_no_group_gets_two_and_all_get_a_supporter():
    problem = random_problem(300, role_models=10)
    groups = form_groups_heuristic(problem, time_limit=NO_CLOCK, max_attempts=50_000).groups
    assert not violations(problem, groups)
    assert max(sum(problem.role_models[i] for i in g) for g in groups) == 1
    role_models = [i for i in range(problem.size) if problem.role_models[i]]
    supporters = assign_supporters(groups, problem, role_models)
    assert None not in supporters
    load = [supporters.count(r) for r in role_models]
    assert max(load) - min(load) <= 1


def test_local_search_lowers_the_objective():
    problem = random_problem(400)
    start = initial_groups(problem, seed=3)
    search = improve(problem, start, time_limit=NO_CLOCK, max_attempts=20_000, seed=3)
    improved = search.groups
    assert search.attempts == 20_000  # the bound on work, not a clock, ended it
    assert evaluate(problem, improved).total < evaluate(problem, start).total
    assert not violations(problem, improved)


def test_incremental_swap_delta_matches_full_evaluation():
    from digit.grouping.heuristic import _State

    problem = random_problem(60, seed=7)
    groups = initial_groups(problem, seed=7)
    state = _State(problem, [list(g) for g in groups])
    rng = random.Random(7)
    for _ in range(200):
        a, b = rng.randrange(60), rng.randrange(60)
        if state.group_of[a] == state.group_of[b]:
            continue
        before = evaluate(problem, state.groups).total
        delta = state.swap_delta(a, b)
        state.swap(a, b)
        assert evaluate(problem, state.groups).total == pytest.approx(before + delta)


def test_cp_sat_solves_a_small_problem_to_optimality_and_the_heuristic_is_close():
    problem = random_problem(21, seed=5, role_models=3, units=4, min_size=6, max_size=7)
    groups, bound, optimal = solve_exact(
        problem, time_limit=NO_CLOCK, workers=1, work_limit=CP_SAT_WORK
    )
    assert optimal and not violations(problem, groups)
    best = evaluate(problem, groups).total
    assert bound <= best + 1e-6
    search = form_groups_heuristic(problem, time_limit=NO_CLOCK, max_attempts=50_000)
    heuristic = evaluate(problem, search.groups).total
    assert heuristic >= bound - 1e-6
    assert relative_gap(heuristic, bound) <= 0.25


def test_lower_bound_never_exceeds_the_optimum():
    problem = random_problem(21, seed=9, role_models=0, units=5, min_size=6, max_size=7)
    groups, _bound, optimal = solve_exact(
        problem, time_limit=NO_CLOCK, workers=1, work_limit=CP_SAT_WORK
    )
    assert optimal
    assert lower_bound(problem) <= evaluate(problem, groups).total + 1e-6


def test_unit_pairs_bound_is_the_even_spread():
    # 10 people of one unit over 4 groups: 3,3,2,2 → 3+3+1+1 = 8 pairs at least.
    assert unit_pairs_bound([0] * 10, 4) == 8


def test_heuristic_on_1100_is_within_5_percent_of_the_bound():
    problem = random_problem(1100, seed=11, role_models=24, units=60)
    result = form_groups(problem, time_limit=NO_CLOCK, max_attempts=100_000)
    assert result.method == "heuristic" and result.attempts <= 100_000
    assert not violations(problem, result.groups)
    assert result.gap <= 0.05, (result.objective, result.bound)


def test_group_quality_describes_the_mix():
    problem = Problem(
        units=[0, 0, 1],
        bands=[0, 2, 5],
        genders=[0, 1, 0],
        role_models=[False, True, False],
        min_size=3,
        max_size=3,
    )
    quality = group_quality(problem, [0, 1, 2])
    assert quality.units == 2 and quality.same_unit_pairs == 1
    assert quality.known_levels == (2, 5) and quality.level_spread == 3
    assert quality.role_models == 1 and quality.genders == {0: 2, 1: 1}
    assert same_unit_pairs([0, 1, 2], problem.units) == 1


def test_search_stops_at_a_proven_optimum():
    people = 48  # 6 groups of 8; every group can hold one of each band and four of each gender
    problem = Problem(
        units=list(range(people)),
        bands=[i % 8 for i in range(people)],
        genders=[(i // 8) % 2 for i in range(people)],
        role_models=[False] * people,
        min_size=8,
        max_size=8,
    )
    bound = lower_bound(problem)
    assert bound == pytest.approx(0, abs=1e-6)
    start = [list(range(g * 8, g * 8 + 8)) for g in range(6)]  # genders not mixed at all
    assert evaluate(problem, start).total == 6 * 2 * 16
    patience = default_patience(problem)
    search = improve(problem, start, time_limit=NO_CLOCK, max_attempts=10 * patience, stop_at=bound)
    assert evaluate(problem, search.groups).total == pytest.approx(0, abs=1e-9)
    # It stopped on reaching the bound: else it would have gone on until it had missed
    # `patience` times in a row.
    assert 0 < search.attempts < patience
    result = form_groups(problem, time_limit=NO_CLOCK, max_attempts=10 * patience)
    assert result.objective == pytest.approx(0, abs=1e-9) and result.gap == 0
    assert result.attempts < patience
