"""Who is a participant, and from when to when (docs/reporting.md). Pure: plain dates in.

A participant of a programme is a person who attended (present or partly present) at least
one session of one of its activities. The start date is the day of the first such session;
the end date is the programme's end or, if earlier, the day the person left (their
employment end, or the day an HR import first missed them), never before the start.
"""

import datetime
from typing import NamedTuple


class Participation(NamedTuple):  # a tuple: 45,000 of them are made per report
    person_id: int
    start: datetime.date
    end: datetime.date


def participation(
    person_id: int,
    *,
    first_attendance: datetime.date,
    programme_end: datetime.date,
    left_on: datetime.date | None,
    employment_end: datetime.date | None,
) -> Participation:
    """The participation of one person: start = first attendance, end = the earliest of the
    programme's end and the leaving date, but not before the start."""
    end = programme_end
    if left_on is not None and left_on < end:
        end = left_on
    if employment_end is not None and employment_end < end:
        end = employment_end
    return Participation(person_id, first_attendance, max(end, first_attendance))


def month_of(day: datetime.date) -> datetime.date:
    """The first day of the month ``day`` falls in (a month is named by its first day)."""
    return day.replace(day=1)
