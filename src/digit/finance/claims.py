"""A payment claim added up: costs per category, flat-rate indirect costs, in-kind
co-financing, the ESF share at the decision's rate, and the financing per source.

Rules (reference/esf.md, docs/funding.md): indirect costs = the flat rate (15 %) of direct
staff costs; ESF share = the decision's rate × eligible costs, rounded down to whole kronor
(a claim never asks for more than its evidence); participants' time is financed by the public
in-kind source, and the rest of the co-financing is public cash, so the sources always sum to
the eligible costs exactly.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from digit.finance.money import apply_rate, whole_kronor_down

STAFF = "staff"
INDIRECT = "indirect"
PARTICIPANT_TIME = "participant_time"


@dataclass(frozen=True)
class ClaimFigures:
    costs: dict[str, int]  # category → öre, indirect and participants' time included
    eligible: int  # sum of costs, öre
    esf: int  # öre, whole kronor
    public_in_kind: int
    public_cash: int

    @property
    def sources(self) -> dict[str, int]:
        return {
            "esf": self.esf,
            "public_in_kind": self.public_in_kind,
            "public_cash": self.public_cash,
        }


def claim_figures(
    cash_costs: Mapping[str, int],
    *,
    staff: int,
    in_kind: int,
    indirect_rate: Decimal,
    esf_rate: Decimal,
) -> ClaimFigures:
    """The claim's costs and financing, all in öre.

    ``cash_costs``: booked costs per category (external services, travel …), ``staff``: the
    value of staff time reports, ``in_kind``: the value of signed and attested certificates
    (adjustments included; may be negative after a correction).
    """
    costs = {category: amount for category, amount in cash_costs.items() if amount}
    if staff:
        costs[STAFF] = costs.get(STAFF, 0) + staff
    indirect = apply_rate(staff, indirect_rate)
    if indirect:
        costs[INDIRECT] = indirect
    if in_kind:
        costs[PARTICIPANT_TIME] = in_kind
    eligible = sum(costs.values())
    esf = esf_share(eligible, esf_rate)
    return ClaimFigures(
        costs=costs,
        eligible=eligible,
        esf=esf,
        public_in_kind=in_kind,
        public_cash=eligible - esf - in_kind,
    )


def esf_share(eligible: int, esf_rate: Decimal) -> int:
    """The decision's rate of the eligible costs, rounded down to whole kronor (öre)."""
    exact = (Decimal(eligible) * esf_rate).to_integral_value(rounding=ROUND_FLOOR)
    return whole_kronor_down(int(exact))


def forecast_at_end(cumulative: int, months_elapsed: int, months_total: int) -> int:
    """Linear forecast of a cumulative amount at the programme's end (öre): the pace so far
    carried over the remaining months. Nothing elapsed gives the amount itself."""
    if months_elapsed <= 0:
        return cumulative
    return int(
        (Decimal(cumulative) * months_total / months_elapsed).to_integral_value(
            rounding=ROUND_FLOOR
        )
    )
