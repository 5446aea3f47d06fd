"""The tests' clock: every test runs on a controlled "today", and can run years ahead.

Each test process travels (time-machine) to 12:00 in Stockholm on today's date and lets the
clock tick from there: no test sees midnight pass, and the date in UTC is Stockholm's date.
Tests write their dates relative to that day (``timezone.localdate()``), never as fixed
future dates. ``DIGIT_TEST_YEARS_AHEAD=10`` moves the day ten years ahead; ``scripts/test.sh``
runs the suite so once (without the browser tests), which catches a fixed date that will pass.
"""

import datetime
import os
import zoneinfo

import pytest
import time_machine

YEARS_AHEAD = int(os.environ.get("DIGIT_TEST_YEARS_AHEAD") or 0)
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def controlled_now(years_ahead: int = YEARS_AHEAD) -> datetime.datetime:
    """Noon in Stockholm on today's date, ``years_ahead`` years on (29 February → 28)."""
    today = datetime.datetime.now(STOCKHOLM).date()
    year = today.year + years_ahead
    try:
        day = today.replace(year=year)
    except ValueError:
        day = today.replace(year=year, day=28)
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=STOCKHOLM)


def pytest_report_header(config):
    ahead = f", {YEARS_AHEAD} years ahead" if YEARS_AHEAD else ""
    return f"clock: {controlled_now():%Y-%m-%d %H:%M} Europe/Stockholm{ahead} (tests/clock.py)"


@pytest.fixture(scope="session", autouse=True)
def controlled_clock(tmp_path_factory):
    # pytest removes old temporary folders by their age: let it judge them on the real clock.
    tmp_path_factory.getbasetemp()
    with time_machine.travel(controlled_now(), tick=True):
        yield
