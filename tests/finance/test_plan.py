"""Does a plan add up: the seed's does, and each broken rule is named with its numbers."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from digit.finance.money import allocate, ore_from_tkr
from digit.finance.plan import check_plan
from digit.funding import seed_plan


def test_the_seed_plan_adds_up_exactly():
    check = check_plan(seed_plan.budget_lines(), seed_plan.sources(), esf_rate=Decimal("0.6693"))
    assert check.adds_up, check.problems
    assert check.cost_total == ore_from_tkr(18176)
    assert check.esf == ore_from_tkr(12166)
    assert check.co_financing == ore_from_tkr(6010)
    assert check.by_category["participant_time"] == ore_from_tkr(2956)
    assert check.esf_share == Decimal("0.6693")
    assert check.co_financing_share == Decimal("0.3307")
    assert sum(check.by_year.values()) == check.cost_total


def test_sources_that_do_not_cover_the_costs_are_named_with_the_difference():
    costs = [("staff", 2020, 1000), ("participant_time", 2020, 500)]
    check = check_plan(costs, [("esf", 1000), ("public_in_kind", 400)], esf_rate=Decimal("0.6667"))
    codes = {problem.code: problem for problem in check.problems}
    assert codes["sources_differ"].expected == 1500
    assert codes["sources_differ"].actual == 1400
    assert codes["in_kind_differs"].expected == 500
    assert "esf_rate" not in codes  # 1000 / 1500 = 0.6667, as decided


def test_a_wrong_esf_rate_is_named():
    check = check_plan(
        [("staff", 2020, 10000)], [("esf", 7000), ("public_cash", 3000)], esf_rate=Decimal("0.6")
    )
    assert [problem.code for problem in check.problems] == ["esf_rate"]
    assert check.problems[0].actual == Decimal("0.7000")


def test_an_empty_plan_does_not_add_up():
    assert [p.code for p in check_plan([], [], esf_rate=Decimal("0.5")).problems] == ["no_costs"]


@given(
    st.integers(min_value=1, max_value=10**9),
    st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=7),
    st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=4),
)
def test_a_plan_split_exactly_always_adds_up(total_tkr, category_weights, year_weights):
    """Categories from a total, years from each category, sources from the total: the check
    finds sources equal to costs and the ESF share equal to the rate it implies."""
    total = ore_from_tkr(total_tkr)
    costs = []
    for index, category_total in enumerate(allocate(total, category_weights)):
        for year, amount in enumerate(allocate(category_total, year_weights)):
            costs.append((f"c{index}", 2020 + year, amount))
    esf, cash = allocate(total, [2, 1])
    check = check_plan(
        costs,
        [("esf", esf), ("public_cash", cash)],
        esf_rate=(Decimal(esf) / total).quantize(Decimal("0.0001"), rounding="ROUND_HALF_UP"),
        in_kind_category="none",
    )
    assert check.adds_up, check.problems
    assert check.cost_total == total
