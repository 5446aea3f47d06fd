"""Does a budget and financing plan add up? Plain values in, a verdict with its reasons out.

A plan has costs per category and year and financing per source, all in öre, and the ESF
rate of the funding decision. It adds up when
1. the financing sources sum to the costs (every krona spent is financed, none twice);
2. the ESF amount is the decision's rate of the costs, as the decision states it: the rate
   has four decimals (66.93 %), so ESF / costs must round to it (12 166 / 18 176 = 66.934 %);
3. the in-kind source equals the budgeted in-kind cost (participants' time is both a cost
   and its own financing; it must never also be a cash cost, esf.md).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from digit.finance.money import share_of


@dataclass(frozen=True)
class Problem:
    """Why a plan does not add up: ``code`` names the rule, ``expected`` and ``actual`` are
    öre (rates: fractions) so that the page can say by how much."""

    code: str  # "no_costs" | "sources_differ" | "esf_rate" | "in_kind_differs"
    expected: int | Decimal
    actual: int | Decimal


@dataclass(frozen=True)
class PlanCheck:
    cost_total: int
    source_total: int
    esf: int
    co_financing: int
    esf_share: Decimal  # ESF / costs, four decimals
    co_financing_share: Decimal
    by_category: dict[str, int]
    by_year: dict[int, int]
    problems: list[Problem] = field(default_factory=list)

    @property
    def adds_up(self) -> bool:
        return not self.problems


def check_plan(
    costs: Iterable[tuple[str, int, int]],
    sources: Iterable[tuple[str, int]],
    *,
    esf_rate: Decimal,
    esf_source: str = "esf",
    in_kind_category: str = "participant_time",
    in_kind_source: str = "public_in_kind",
) -> PlanCheck:
    """Totals of the plan and every rule it breaks.

    ``costs``: (category, year, öre); ``sources``: (source, öre); ``esf_rate`` a fraction.
    """
    by_category: dict[str, int] = {}
    by_year: dict[int, int] = {}
    for category, year, amount in costs:
        by_category[category] = by_category.get(category, 0) + amount
        by_year[year] = by_year.get(year, 0) + amount
    by_source: dict[str, int] = {}
    for source, amount in sources:
        by_source[source] = by_source.get(source, 0) + amount
    cost_total, source_total = sum(by_category.values()), sum(by_source.values())
    esf = by_source.get(esf_source, 0)
    problems = []
    if cost_total == 0:
        problems.append(Problem("no_costs", 1, 0))
    if source_total != cost_total:
        problems.append(Problem("sources_differ", cost_total, source_total))
    esf_share = share_of(esf, cost_total)
    if cost_total and esf_share != esf_rate:
        problems.append(Problem("esf_rate", esf_rate, esf_share))
    in_kind_cost = by_category.get(in_kind_category, 0)
    in_kind = by_source.get(in_kind_source, 0)
    if in_kind_cost != in_kind:
        problems.append(Problem("in_kind_differs", in_kind_cost, in_kind))
    return PlanCheck(
        cost_total=cost_total,
        source_total=source_total,
        esf=esf,
        co_financing=cost_total - esf,
        esf_share=esf_share,
        co_financing_share=share_of(cost_total - esf, cost_total),
        by_category=by_category,
        by_year=by_year,
        problems=problems,
    )
