"""EU common output indicators by gender, on plain values."""

import datetime

from digit.reporting.eu_indicators import (
    COLUMNS,
    GENDERS,
    ROWS,
    Participant,
    indicator_table,
    suppressed,
)

START = datetime.date(2020, 3, 1)


def person(gender="woman", birth_year=1980, education="isced_5_8", start=START):
    return Participant(gender, birth_year, start, education)


def test_counts_by_gender_with_age_at_start_and_education():
    table = indicator_table(
        [
            person("woman", 1996),  # 24 in 2020: under 25
            person("woman", 1995),  # 25: neither
            person("man", 1965),  # 55: over 54
            person("man", 1966),  # 54: neither
            person("not_stated", None, ""),  # unknowns stay unknown
            person("other", 1980, "isced_1_2"),
            person("woman", 1980, "isced_3_4"),
        ]
    )
    assert [table.value("participants", c) for c in COLUMNS] == [3, 2, 2, 7]
    assert table.value("CO05", "total") == 7  # every participant is employed
    assert (table.value("CO06", "woman"), table.value("CO06", "total")) == (1, 1)
    assert (table.value("CO07", "man"), table.value("CO07", "total")) == (1, 1)
    assert table.value("age_unknown", "other") == 1
    assert [table.value(r, "total") for r in ("CO09", "CO10", "CO11", "education_unknown")] == [
        1,
        1,
        4,
        1,
    ]


def test_every_row_sums_over_gender_and_education_sums_to_participants():
    people = [
        person(g, 1950 + i % 50, e)
        for i, (g, e) in enumerate(
            [
                (g, e)
                for g in ("woman", "man", "other", "not_stated")
                for e in ("isced_1_2", "", "isced_5_8")
            ]
            * 3
        )
    ]
    table = indicator_table(people)
    for row in ROWS:
        assert sum(table.value(row, g) for g in GENDERS) == table.value(row, "total")
    for column in COLUMNS:
        education = sum(
            table.value(r, column) for r in ("CO09", "CO10", "CO11", "education_unknown")
        )
        assert education == table.value("participants", column)


def test_small_cells_are_suppressed_so_that_none_can_be_worked_back():
    people = [person("woman") for _ in range(20)] + [person("man") for _ in range(3)]
    table = suppressed(indicator_table(people), min_size=5)
    assert table.value("participants", "man") is None  # 3 < 5
    # With men hidden, another cell of the row goes too: women = total − men otherwise.
    hidden_in_row = [c for c in COLUMNS if table.value("participants", c) is None]
    assert len(hidden_in_row) >= 2
    assert table.counts[("participants", "man")] == 3  # the exact count stays inside Digit


def test_an_empty_cell_is_shown():
    table = suppressed(indicator_table([person("woman") for _ in range(12)]), min_size=5)
    assert table.value("CO07", "woman") == 0
