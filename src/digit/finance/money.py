"""Exact money: integer öre, rates as ``Decimal``, and the rounding rules stated once.

Rounding rules (docs/funding.md):
- a value computed from a rate (hours × unit cost, a flat rate, the ESF share) is rounded to
  whole öre, half away from zero (``ROUND_HALF_UP``) — the rule of Swedish bookkeeping;
- a payment claim states whole kronor: each claimed amount is rounded **down** to whole
  kronor, so a claim never asks for an öre more than the evidence supports;
- a total split into parts (a budget over years, a claim over categories) is split with the
  largest-remainder method, so the parts always sum to the total: no öre is lost or made.
"""

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

ORE_PER_KRONA = 100
ORE_PER_TKR = 100_000  # tkr = thousand kronor, the unit of the funding decision


def ore_from_kronor(kronor: Decimal | int | str) -> int:
    """Whole öre of an amount in kronor; raises ``ValueError`` for fractions of an öre."""
    amount = Decimal(kronor) * ORE_PER_KRONA
    if amount != amount.to_integral_value():
        raise ValueError(f"{kronor} kr is not a whole number of öre")
    return int(amount)


def ore_from_tkr(tkr: Decimal | int | str) -> int:
    """Öre of an amount in thousand kronor (18 176 tkr → 1 817 600 000 öre)."""
    amount = Decimal(tkr) * ORE_PER_TKR
    if amount != amount.to_integral_value():
        raise ValueError(f"{tkr} tkr is not a whole number of öre")
    return int(amount)


def kronor(ore: int) -> Decimal:
    """The amount in kronor with two decimals (12345 öre → Decimal("123.45"))."""
    return (Decimal(ore) / ORE_PER_KRONA).quantize(Decimal("0.01"))


def tkr(ore: int) -> Decimal:
    """The amount in thousand kronor, rounded half up to whole tkr, as the plan states it."""
    return (Decimal(ore) / ORE_PER_TKR).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def round_ore(amount: Decimal) -> int:
    """An amount in öre computed from a rate, rounded half away from zero to whole öre."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apply_rate(ore: int, rate: Decimal) -> int:
    """``rate`` × ``ore``, rounded half up to whole öre (a flat rate, a share)."""
    return round_ore(Decimal(ore) * rate)


def whole_kronor_down(ore: int) -> int:
    """The amount rounded down to whole kronor, in öre (a claimed amount: 123456 → 123400)."""
    return int((Decimal(ore) / ORE_PER_KRONA).to_integral_value(rounding=ROUND_FLOOR)) * 100


def allocate(total: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Split ``total`` öre in proportion to ``weights`` so that the parts sum to ``total``.

    Largest-remainder (Hamilton) method: each part gets the floor of its exact share, and
    the öre left over go one each to the parts with the largest remainders (ties: the
    earlier part). Weights must be non-negative with a positive sum; works for a negative
    total too (a correction), by splitting its magnitude.
    """
    if not weights:
        raise ValueError("nothing to allocate to")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(Decimal(weight) for weight in weights)
    if weight_sum <= 0:
        raise ValueError("weights must have a positive sum")
    sign, magnitude = (-1 if total < 0 else 1), abs(total)
    exact = [Decimal(magnitude) * Decimal(weight) / weight_sum for weight in weights]
    parts = [int(share.to_integral_value(rounding=ROUND_FLOOR)) for share in exact]
    left = magnitude - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in order[:left]:
        parts[index] += 1
    return [sign * part for part in parts]


def share_of(part: int, whole: int) -> Decimal:
    """``part`` / ``whole`` as a fraction with 4 decimals, half up (0.3307); 0 when whole is 0."""
    if whole == 0:
        return Decimal(0)
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
