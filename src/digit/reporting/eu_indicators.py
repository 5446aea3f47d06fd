"""The EU's common output indicators for the participants, by gender (Regulation (EU)
1304/2013, Annex I; esf.md). Pure: plain values in, a table out.

Digit's participants are employees, so every participant is employed (CO05). Age is taken at
the start of participation from the birth year only (the year of start minus the birth year),
so a person born late in the year may count as one year older than they were. Education comes
from the HR file's optional education column (ISCED groups). What is not known is counted as
unknown, never guessed. Gender columns: women, men, and others or not stated.

What leaves Digit (downloads, reports) is suppressed with the goals' rule
(``digit.stats.suppression``): every row's gender split sums to its total, and the education
rows sum to the participants.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from digit.stats.suppression import Cell, suppress

ROWS = (
    "participants",
    "CO05",  # employed, including self-employed
    "CO06",  # below 25 years
    "CO07",  # above 54 years
    "age_unknown",
    "CO09",  # ISCED 1–2
    "CO10",  # ISCED 3–4
    "CO11",  # ISCED 5–8
    "education_unknown",
)
GENDERS = ("woman", "man", "other")  # "other": other genders and not stated
COLUMNS = (*GENDERS, "total")
EDUCATION_ROWS = {"isced_1_2": "CO09", "isced_3_4": "CO10", "isced_5_8": "CO11"}

type Key = tuple[str, str]


class Participant(NamedTuple):  # a tuple: one per participant, 45,000 at city size
    gender: str  # woman, man, other, not_stated
    birth_year: int | None
    start: datetime.date
    education_level: str  # isced_1_2, isced_3_4, isced_5_8, or "" (unknown)


@dataclass
class IndicatorTable:
    counts: dict[Key, int]
    hidden: set[Key] = field(default_factory=set)

    def value(self, row: str, column: str) -> int | None:
        """The count, or None where it is suppressed."""
        key = (row, column)
        return None if key in self.hidden else self.counts[key]


def rows_of(participant: Participant) -> list[str]:
    """The indicator rows one participant counts in."""
    rows = ["participants", "CO05"]
    if participant.birth_year is None:
        rows.append("age_unknown")
    else:
        age = participant.start.year - participant.birth_year
        if age < 25:
            rows.append("CO06")
        elif age > 54:
            rows.append("CO07")
    rows.append(EDUCATION_ROWS.get(participant.education_level, "education_unknown"))
    return rows


def indicator_table(participants: Iterable[Participant]) -> IndicatorTable:
    """Counts per indicator and gender, with totals; nothing hidden."""
    counts = {(row, column): 0 for row in ROWS for column in COLUMNS}
    for participant in participants:
        gender = participant.gender if participant.gender in ("woman", "man") else "other"
        for row in rows_of(participant):
            counts[(row, gender)] += 1
            counts[(row, "total")] += 1
    return IndicatorTable(counts)


def suppressed(table: IndicatorTable, min_size: int) -> IndicatorTable:
    """The same table with small cells hidden (and enough others that none can be worked
    back from the totals), for what leaves Digit."""
    cells = {key: Cell(count) for key, count in table.counts.items()}
    relations: list[tuple[Key, list[Key]]] = [
        ((row, "total"), [(row, gender) for gender in GENDERS]) for row in ROWS
    ]
    education = ["CO09", "CO10", "CO11", "education_unknown"]
    relations += [
        (("participants", column), [(row, column) for row in education]) for column in COLUMNS
    ]
    return IndicatorTable(dict(table.counts), suppress(cells, relations, min_size))
