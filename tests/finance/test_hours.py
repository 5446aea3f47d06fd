"""Minutes to counted hours to value; the certificate's content and its digest; the cap."""

from hypothesis import given
from hypothesis import strategies as st

from digit.finance.hours import (
    CapStatus,
    HoursRule,
    SessionLine,
    certificate_content,
    content_digest,
    counted_minutes,
    hourly_cost_with_fees,
    session_differences,
    value_of_minutes,
    yearly_cap_status,
)


@given(st.integers(min_value=0, max_value=100_000), st.sampled_from(list(HoursRule)))
def test_counted_time_is_never_more_than_attended(minutes, rule):
    counted = counted_minutes(minutes, rule)
    assert 0 <= counted <= minutes
    step = {"whole_hours_down": 60, "half_hours_down": 30, "exact_minutes": 1}[rule.value]
    assert counted % step == 0 and minutes - counted < step


def test_whole_hours_rounded_down_by_example():
    assert counted_minutes(470, HoursRule.WHOLE_HOURS_DOWN) == 420  # 7 h 50 min → 7 h
    assert counted_minutes(470, HoursRule.HALF_HOURS_DOWN) == 450
    assert counted_minutes(470, HoursRule.EXACT_MINUTES) == 470


def test_value_and_the_alternative_rate():
    from decimal import Decimal

    assert value_of_minutes(420, 30000) == 210000  # 7 h × 300 kr = 2 100 kr
    assert value_of_minutes(1, 30001) == 500  # 300.01 / 60 = 5.0002 kr → 500 öre
    assert hourly_cost_with_fees(32000, Decimal("0.4")) == 44800


@given(st.lists(st.integers(min_value=1, max_value=600), max_size=10))
def test_the_value_is_the_counted_hours_times_the_rate(minutes):
    lines = [
        SessionLine(f"2020-03-{i + 1:02d}", "Kurs", "present", m) for i, m in enumerate(minutes)
    ]
    content = certificate_content(
        person="E1", month="2020-03", lines=lines, rule=HoursRule.WHOLE_HOURS_DOWN,
        hourly_rate_ore=30000,
    )  # fmt: skip
    assert content["recorded_minutes"] == sum(minutes)
    assert content["value_ore"] == content["counted_minutes"] // 60 * 30000


def test_the_digest_changes_with_any_change_and_only_then():
    lines = [SessionLine("2020-03-02", "Kurs", "present", 120)]
    first = certificate_content(
        person="E1", month="2020-03", lines=lines, rule=HoursRule.WHOLE_HOURS_DOWN,
        hourly_rate_ore=30000,
    )  # fmt: skip
    same = dict(reversed(list(first.items())))
    assert content_digest(first) == content_digest(same)
    changed = {**first, "sessions": [["2020-03-02", "Kurs", "partial", 60]]}
    assert content_digest(first) != content_digest(changed)
    assert len(content_digest(first)) == 64


def test_differences_between_versions():
    removed, added = session_differences(
        [["2020-03-02", "Kurs", "present", 120]], [["2020-03-02", "Kurs", "partial", 60]]
    )
    assert removed == [["2020-03-02", "Kurs", "present", 120]]
    assert added == [["2020-03-02", "Kurs", "partial", 60]]


def test_the_yearly_cap_warns_then_refuses():
    cap = 1662 * 60
    assert yearly_cap_status(0, 60) is CapStatus.OK
    assert yearly_cap_status(cap - 120, 60) is CapStatus.WARNING
    assert yearly_cap_status(cap - 60, 60) is CapStatus.WARNING  # exactly at the cap
    assert yearly_cap_status(cap, 1) is CapStatus.REFUSED
