"""The monthly file's rules on plain values: which rows, in which order, which months to
send again, when a file is due."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digit.reporting.monthly import (
    FileRow,
    Sending,
    due_date,
    fingerprint,
    months_to_resend,
    reportable_months,
    rows_by_month,
)
from digit.reporting.participation import Participation, participation

D = datetime.date


def test_a_person_is_in_the_start_month_with_the_start_and_the_end_month_with_the_end():
    months = [D(2020, 1, 1), D(2020, 2, 1), D(2020, 3, 1)]
    files = rows_by_month(
        [
            Participation(1, D(2020, 1, 20), D(2020, 3, 5)),
            Participation(2, D(2020, 1, 3), D(2020, 1, 30)),
            Participation(3, D(2020, 2, 14), D(2022, 6, 30)),
        ],
        months,
    )
    assert files[D(2020, 1, 1)] == [
        FileRow(2, D(2020, 1, 3), D(2020, 1, 30)),
        FileRow(1, D(2020, 1, 20), None),
    ]
    assert files[D(2020, 2, 1)] == [FileRow(3, D(2020, 2, 14), None)]
    assert files[D(2020, 3, 1)] == [FileRow(1, None, D(2020, 3, 5))]


def test_rows_are_in_date_order_then_person():
    files = rows_by_month(
        [
            Participation(9, D(2020, 1, 2), D(2021, 1, 1)),
            Participation(4, D(2020, 1, 2), D(2021, 1, 1)),
        ]
        + [Participation(1, D(2020, 1, 1), D(2020, 1, 31))],
        [D(2020, 1, 1)],
    )
    assert [row.person_id for row in files[D(2020, 1, 1)]] == [1, 4, 9]


def test_the_end_is_the_programme_end_or_leaving_never_before_the_start():
    kwargs = {"programme_end": D(2022, 6, 30), "employment_end": None}
    assert participation(1, first_attendance=D(2020, 1, 1), left_on=None, **kwargs).end == D(
        2022, 6, 30
    )
    left = participation(1, first_attendance=D(2020, 1, 1), left_on=D(2021, 3, 3), **kwargs)
    assert left.end == D(2021, 3, 3)
    odd = participation(1, first_attendance=D(2020, 5, 1), left_on=D(2020, 4, 1), **kwargs)
    assert odd.end == D(2020, 5, 1)


def test_months_are_those_ended_within_the_programme():
    assert reportable_months(D(2019, 11, 15), D(2022, 6, 30), D(2020, 2, 10)) == [
        D(2019, 11, 1),
        D(2019, 12, 1),
        D(2020, 1, 1),
    ]
    assert reportable_months(D(2019, 11, 15), D(2019, 12, 31), D(2025, 1, 1))[-1] == D(2019, 12, 1)


def test_a_file_is_due_four_weeks_after_the_month_end():
    assert due_date(D(2020, 1, 1)) == D(2020, 2, 28)
    assert due_date(D(2020, 2, 1)) == D(2020, 3, 28)


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2020, 5, day, 12, tzinfo=datetime.UTC)


def test_a_changed_month_and_every_later_sent_month_are_sent_again():
    sent = {
        D(2020, 1, 1): Sending("a", at(1)),
        D(2020, 2, 1): Sending("b", at(2)),
        D(2020, 3, 1): Sending("c", at(3)),
    }
    same = {D(2020, 1, 1): "a", D(2020, 2, 1): "b", D(2020, 3, 1): "c"}
    assert months_to_resend(sent, same) == []
    now = {D(2020, 1, 1): "a", D(2020, 2, 1): "B", D(2020, 3, 1): "c", D(2020, 4, 1): "d"}
    assert months_to_resend(sent, now) == [D(2020, 2, 1), D(2020, 3, 1)]


def test_after_a_corrected_month_is_sent_again_the_later_ones_still_follow():
    sent = {
        D(2020, 1, 1): Sending("A", at(9)),  # corrected and sent again on the 9th
        D(2020, 2, 1): Sending("b", at(2)),
        D(2020, 3, 1): Sending("c", at(3)),
    }
    now = {D(2020, 1, 1): "A", D(2020, 2, 1): "b", D(2020, 3, 1): "c"}
    assert months_to_resend(sent, now) == [D(2020, 2, 1), D(2020, 3, 1)]
    sent[D(2020, 2, 1)] = Sending("b", at(10))
    sent[D(2020, 3, 1)] = Sending("c", at(11))
    assert months_to_resend(sent, now) == []


def test_the_fingerprint_changes_with_a_date_or_a_number():
    rows = [FileRow(1, D(2020, 1, 3), None)]
    base = fingerprint(rows, {1: "x"})
    assert fingerprint(rows, {1: "x"}) == base
    assert fingerprint(rows, {1: "y"}) != base
    assert fingerprint([FileRow(1, D(2020, 1, 4), None)], {1: "x"}) != base


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.dates(D(2019, 1, 1), D(2021, 12, 31)), st.integers(0, 400)),
        max_size=15,
    )
)
def test_every_start_and_every_end_appears_exactly_once(spans):
    people = [
        Participation(i, start, start + datetime.timedelta(days=days))
        for i, (start, days) in enumerate(spans)
    ]
    months = reportable_months(D(2019, 1, 1), D(2023, 12, 31), D(2024, 1, 1))
    files = rows_by_month(people, months)
    starts = sorted(
        (row.person_id, row.start) for rows in files.values() for row in rows if row.start
    )
    ends = sorted((row.person_id, row.end) for rows in files.values() for row in rows if row.end)
    assert starts == sorted((p.person_id, p.start) for p in people)
    assert ends == sorted((p.person_id, p.end) for p in people)
    for rows in files.values():
        assert [row.day for row in rows] == sorted(row.day for row in rows)
