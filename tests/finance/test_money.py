"""Money arithmetic: exact öre, the stated rounding rules, and no öre lost in a split."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digit.finance.money import (
    allocate,
    apply_rate,
    kronor,
    ore_from_kronor,
    ore_from_tkr,
    share_of,
    tkr,
    whole_kronor_down,
)

amounts = st.integers(min_value=-(10**12), max_value=10**12)
weights = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(
    lambda ws: sum(ws) > 0
)
rates = st.decimals(min_value=0, max_value=1, places=4)


@given(amounts, weights)
def test_allocation_sums_to_the_total(total, parts_weights):
    assert sum(allocate(total, parts_weights)) == total


@given(st.integers(min_value=0, max_value=10**12), weights)
def test_each_part_is_within_one_ore_of_its_exact_share(total, parts_weights):
    parts = allocate(total, parts_weights)
    weight_sum = sum(parts_weights)
    for part, weight in zip(parts, parts_weights, strict=True):
        exact = Decimal(total) * weight / weight_sum
        assert abs(Decimal(part) - exact) < 1
        if weight == 0:
            assert part == 0


@given(st.integers(min_value=0, max_value=10**12), weights)
def test_a_split_split_again_loses_nothing(total, parts_weights):
    """Across categories, then across periods: still every öre."""
    for part in allocate(total, parts_weights):
        assert sum(allocate(part, [1, 2, 3])) == part


@given(st.integers(min_value=0, max_value=10**12), rates)
def test_a_share_and_its_rest_make_the_whole(total, rate):
    esf = apply_rate(total, rate)
    rest = total - esf
    assert esf + rest == total
    assert abs(Decimal(esf) - Decimal(total) * rate) <= Decimal("0.5")


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_kronor_never_claims_more(ore):
    claimed = whole_kronor_down(ore)
    assert claimed % 100 == 0
    assert 0 <= ore - claimed < 100


def test_rounding_rules_by_example():
    assert apply_rate(1001, Decimal("0.5")) == 501  # 500.5 → half up
    assert apply_rate(1000, Decimal("0.15")) == 150
    assert whole_kronor_down(123456) == 123400
    assert kronor(12345) == Decimal("123.45")
    assert tkr(ore_from_tkr(18176)) == 18176
    assert tkr(ore_from_kronor("2499.99")) == 2  # 2.49999 tkr → 2
    assert share_of(ore_from_tkr(12166), ore_from_tkr(18176)) == Decimal("0.6693")
    assert share_of(ore_from_tkr(6010), ore_from_tkr(18176)) == Decimal("0.3307")
    assert share_of(1, 0) == 0


def test_fractions_of_an_ore_are_refused():
    assert ore_from_kronor("12.34") == 1234
    with pytest.raises(ValueError):
        ore_from_kronor("12.345")


def test_allocation_of_the_seed_budget_over_months():
    assert allocate(2956, [0, 12, 12, 6]) == [0, 1183, 1182, 591]  # tie: the earlier year


def test_allocation_refuses_nonsense():
    with pytest.raises(ValueError):
        allocate(100, [])
    with pytest.raises(ValueError):
        allocate(100, [0, 0])
    with pytest.raises(ValueError):
        allocate(100, [1, -1])


@given(
    st.dictionaries(
        st.sampled_from(["external_services", "travel", "equipment", "premises"]),
        st.integers(min_value=0, max_value=10**11),
    ),
    st.integers(min_value=0, max_value=10**11),
    st.integers(min_value=-(10**9), max_value=10**11),
    rates,
)
def test_a_claims_sources_sum_to_its_costs(cash, staff, in_kind, esf_rate):
    from digit.finance.claims import claim_figures

    figures = claim_figures(
        cash, staff=staff, in_kind=in_kind, indirect_rate=Decimal("0.15"), esf_rate=esf_rate
    )
    assert figures.eligible == sum(figures.costs.values())
    assert sum(figures.sources.values()) == figures.eligible
    assert figures.esf % 100 == 0  # whole kronor
    assert figures.esf <= max(0, figures.eligible * esf_rate)  # never more than the rate
    assert figures.costs.get("indirect", 0) == apply_rate(staff, Decimal("0.15"))


def test_a_claim_by_example():
    from digit.finance.claims import claim_figures, forecast_at_end

    figures = claim_figures(
        {"external_services": 12_000_000},
        staff=40_000_000,
        in_kind=10_800_050,
        indirect_rate=Decimal("0.15"),
        esf_rate=Decimal("0.6693"),
    )
    assert figures.costs["indirect"] == 6_000_000
    assert figures.eligible == 68_800_050
    assert figures.esf == 46_047_800  # 460 478.73… kr rounded down to 460 478 kr
    assert figures.public_cash == 68_800_050 - 46_047_800 - 10_800_050
    assert forecast_at_end(1000, 10, 34) == 3400
