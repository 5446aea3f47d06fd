"""Attended minutes → certifiable hours → in-kind value, and the staff-time yearly cap.

Sources (reference/esf.md): in-kind value = certified hours in project activities × the
funder's hourly unit cost for wage group 1 of the call's year (the unit cost already includes
holiday pay and social fees); only actual time counts; one project practice counts whole hours
rounded down (a programme setting here). The alternative method for other funders is the
person's hourly cost × (1 + social-fee mark-up). Staff hours above 1 662 per person and
calendar year are not eligible.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from digit.finance.money import round_ore


class HoursRule(StrEnum):
    """How a month's attended minutes are counted (a programme setting)."""

    WHOLE_HOURS_DOWN = "whole_hours_down"  # 7 h 50 min → 7 h
    HALF_HOURS_DOWN = "half_hours_down"  # 7 h 50 min → 7.5 h
    EXACT_MINUTES = "exact_minutes"  # 7 h 50 min → 7 h 50 min


def counted_minutes(minutes: int, rule: HoursRule) -> int:
    """The month's attended ``minutes`` as counted under ``rule`` (never more than attended)."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    if rule is HoursRule.WHOLE_HOURS_DOWN:
        return minutes - minutes % 60
    if rule is HoursRule.HALF_HOURS_DOWN:
        return minutes - minutes % 30
    return minutes


def value_of_minutes(minutes: int, hourly_rate_ore: int) -> int:
    """Öre of ``minutes`` at ``hourly_rate_ore`` per hour, rounded half up to whole öre."""
    return round_ore(Decimal(minutes) * hourly_rate_ore / 60)


def hourly_cost_with_fees(hourly_cost_ore: int, social_fee_markup: Decimal) -> int:
    """The alternative rate: the person's hourly cost × (1 + social-fee mark-up), in öre."""
    return round_ore(Decimal(hourly_cost_ore) * (1 + social_fee_markup))


@dataclass(frozen=True)
class SessionLine:
    """One attended session on a certificate, as recorded."""

    date: str  # ISO date
    activity: str
    status: str  # "present" | "partial"
    minutes: int


def certificate_content(
    *,
    person: str,
    month: str,
    lines: Sequence[SessionLine],
    rule: HoursRule,
    hourly_rate_ore: int,
) -> dict[str, object]:
    """The exact content a participant signs: who, which month, each session, the month's
    recorded and counted minutes, the rate and the value. A plain dict that serialises the
    same way every time (``content_digest``)."""
    recorded = sum(line.minutes for line in lines)
    counted = counted_minutes(recorded, rule)
    return {
        "person": person,
        "month": month,
        "sessions": [[line.date, line.activity, line.status, line.minutes] for line in lines],
        "recorded_minutes": recorded,
        "rule": str(rule),
        "counted_minutes": counted,
        "hourly_rate_ore": hourly_rate_ore,
        "value_ore": value_of_minutes(counted, hourly_rate_ore),
    }


def content_digest(content: dict[str, object]) -> str:
    """SHA-256 (hex) of the content in canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def session_differences(
    before: Iterable[Sequence[object]], after: Iterable[Sequence[object]]
) -> tuple[list[list[object]], list[list[object]]]:
    """(removed, added) session rows between two versions of a certificate."""
    old = [list(row) for row in before]
    new = [list(row) for row in after]
    return [row for row in old if row not in new], [row for row in new if row not in old]


YEARLY_HOUR_CAP = 1662
WARNING_SHARE = Decimal("0.9")


class CapStatus(StrEnum):
    OK = "ok"
    WARNING = "warning"  # 90 % of the cap or more, still eligible
    REFUSED = "refused"  # beyond the cap: not eligible


def yearly_cap_status(
    minutes_before: int, minutes_added: int, cap_hours: int = YEARLY_HOUR_CAP
) -> CapStatus:
    """Whether a staff member's new hours fit the calendar year's cap (1 662 h by default)."""
    total = minutes_before + minutes_added
    cap = cap_hours * 60
    if total > cap:
        return CapStatus.REFUSED
    if total >= cap * WARNING_SHARE:
        return CapStatus.WARNING
    return CapStatus.OK
