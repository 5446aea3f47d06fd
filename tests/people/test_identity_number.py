"""The personal identity number parser: forms, century, coordination and pseudo numbers,
refusals; Hypothesis for round trips and for checksum and date errors.

Numbers here are computed in memory and never stored; the few written out are for people
born before 1840, which no real person can hold (numbers were first assigned in 1947, to the
living), or pseudo numbers, which carry a letter."""

import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import luhn

from digit.people.identity_number import (
    IdentityNumber,
    InvalidIdentityNumber,
    Kind,
    Reason,
    parse,
    ten_digit_form,
)

ON = datetime.date(2026, 11, 30)


def with_check_digit(nine: str) -> str:
    """``YYMMDDNNN`` plus its Luhn check digit."""
    return nine + luhn.calc_check_digit(nine)


def twelve(born: datetime.date, serial: int, *, coordination: bool = False) -> str:
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    return f"{born.year // 100:02d}{with_check_digit(nine)}"


def test_twelve_digits_with_and_without_dash():
    number = twelve(datetime.date(1825, 3, 14), 123)
    for text in (number, f"{number[:8]}-{number[8:]}", f" {number[:8]} - {number[8:]} "):
        parsed = parse(text, on=ON)
        assert parsed.canonical == number
        assert parsed.kind is Kind.PERSONAL
        assert parsed.birth_date == datetime.date(1825, 3, 14)


def test_ten_digits_with_plus_means_a_hundred_years_or_older():
    number = twelve(datetime.date(1825, 3, 14), 123)  # the ten digits are the same in 1925
    assert parse(f"{number[2:8]}+{number[8:]}", on=ON).birth_year == 1925
    assert parse(f"{number[2:8]}-{number[8:]}", on=ON).birth_year == 2025
    assert parse(number[2:], on=ON).birth_year == 2025


def test_century_is_resolved_against_the_date_the_number_is_read_on():
    number = twelve(datetime.date(1999, 12, 31), 246)
    assert parse(number[2:], on=datetime.date(2026, 1, 1)).birth_year == 1999
    # In the year the person would be born again a century later, still 1999.
    assert parse(number[2:], on=datetime.date(2099, 12, 30)).birth_year == 1999
    assert parse(number[2:], on=datetime.date(2099, 12, 31)).birth_year == 2099


def test_coordination_number_day_plus_sixty():
    number = twelve(datetime.date(1830, 2, 28), 456, coordination=True)
    parsed = parse(number, on=ON)
    assert parsed.kind is Kind.COORDINATION
    assert parsed.birth_date == datetime.date(1830, 2, 28)


def test_pseudo_number_for_a_protected_identity():
    parsed = parse("19850612T029", on=ON)
    assert parsed.kind is Kind.PSEUDO
    assert parsed.birth_date == datetime.date(1985, 6, 12)
    assert parsed.gender is None
    assert parse("19850612-t029", on=ON).canonical == "19850612T029"


def test_gender_from_the_third_serial_digit():
    assert parse(twelve(datetime.date(1825, 1, 1), 121), on=ON).gender == "man"
    assert parse(twelve(datetime.date(1825, 1, 1), 122), on=ON).gender == "woman"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", Reason.FORMAT),
        ("12345", Reason.FORMAT),
        ("18250314*1234", Reason.FORMAT),
        ("1825031412345", Reason.FORMAT),
        ("18250230-1234", Reason.DATE),  # 30 February
        ("18251301-1234", Reason.DATE),
        ("18250192-1234", Reason.DATE),  # coordination day 32
        ("20991231-1234", Reason.FUTURE),
        ("20991231T123", Reason.FUTURE),
    ],
)
def test_refusals_name_the_reason(text, reason):
    with pytest.raises(InvalidIdentityNumber) as caught:
        parse(text, on=ON)
    assert caught.value.reason is reason


def test_a_refusal_never_carries_the_number():
    text = twelve(datetime.date(1825, 3, 14), 123)
    wrong = text[:-1] + str((int(text[-1]) + 1) % 10)
    with pytest.raises(InvalidIdentityNumber) as caught:
        parse(wrong, on=ON)
    assert caught.value.reason is Reason.CHECKSUM
    assert wrong[2:8] not in str(caught.value) and wrong not in repr(caught.value)


def test_repr_and_masked_form_hide_the_serial():
    parsed = parse(twelve(datetime.date(1825, 3, 14), 123), on=ON)
    assert parsed.canonical not in repr(parsed)
    assert parsed.masked() == "18250314-****"
    assert parsed.formatted() == f"{parsed.canonical[:8]}-{parsed.canonical[8:]}"


# --- Properties --------------------------------------------------------------------------------

reading_dates = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2150, 12, 31))


@st.composite
def valid_numbers(draw):
    """(12-digit number, its birth date, the date it is read on)."""
    on = draw(reading_dates)
    born = draw(st.dates(min_value=datetime.date(on.year - 130, 1, 1), max_value=on))
    serial = draw(st.integers(min_value=0, max_value=999))
    return twelve(born, serial, coordination=draw(st.booleans())), born, on


@given(valid_numbers())
def test_valid_numbers_round_trip_in_every_form(case):
    number, born, on = case
    parsed = parse(number, on=on)
    assert parsed.canonical == number
    assert parsed.birth_date == born
    assert parse(parsed.formatted(), on=on) == parsed
    assert parse(ten_digit_form(parsed, on=on), on=on) == parsed


@given(valid_numbers(), st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_is_refused(case, shift):
    number, _born, on = case
    wrong = number[:-1] + str((int(number[-1]) + shift) % 10)
    with pytest.raises(InvalidIdentityNumber) as caught:
        parse(wrong, on=on)
    assert caught.value.reason is Reason.CHECKSUM


@given(valid_numbers(), st.integers(min_value=8, max_value=10), st.integers(1, 9))
def test_a_changed_serial_digit_breaks_the_checksum(case, position, shift):
    number, _born, on = case
    digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + digit + number[position + 1 :]
    with pytest.raises(InvalidIdentityNumber):
        parse(changed, on=on)


@given(
    st.integers(min_value=1900, max_value=2020),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=29, max_value=99),
    st.integers(min_value=0, max_value=999),
)
def test_impossible_dates_are_refused(year, month, day, serial):
    plain = day if day <= 60 else day - 60
    try:
        datetime.date(year, month, plain)
        possible = day <= 31 or 61 <= day <= 91
    except ValueError:
        possible = False
    assume(not possible)
    nine = f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}"
    number = f"{year // 100:02d}{with_check_digit(nine)}"
    with pytest.raises(InvalidIdentityNumber) as caught:
        parse(number, on=ON)
    assert caught.value.reason is Reason.DATE


def test_parse_result_is_a_value():
    a = parse("19850612T029", on=ON)
    assert a == IdentityNumber("19850612T029", Kind.PSEUDO, datetime.date(1985, 6, 12))
