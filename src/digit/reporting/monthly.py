"""The statistics agency's monthly participant file (docs/reporting.md). Pure: plain values.

Each month's file lists, in chronological order, every participant who started in the month
(with the start date) or ended in it (with the end date; both when both fall in it). A file
is due four weeks after the month's end. A correction of a month that was sent means sending
that month and every later one again, so Digit keeps a fingerprint of what was sent and
compares it with what the month holds now.
"""

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from digit.reporting.participation import Participation, month_of

DUE_AFTER_MONTH_END = datetime.timedelta(weeks=4)


class FileRow(NamedTuple):  # a tuple: one per participant and month, made by the ten thousand
    person_id: int
    start: datetime.date | None  # only in the start month's file
    end: datetime.date | None  # only in the end month's file

    @property
    def day(self) -> datetime.date:
        """The date that orders the file: the start, else the end."""
        day = self.start or self.end
        assert day is not None
        return day


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def due_date(month: datetime.date) -> datetime.date:
    """Four weeks after the last day of the month."""
    return month_end(month) + DUE_AFTER_MONTH_END


def reportable_months(
    programme_start: datetime.date, programme_end: datetime.date, today: datetime.date
) -> list[datetime.date]:
    """The programme's months that have ended by ``today``, oldest first."""
    months, month = [], month_of(programme_start)
    last = min(month_of(programme_end), month_of(today) - datetime.timedelta(days=1))
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def rows_by_month(
    participations: Iterable[Participation], months: Iterable[datetime.date]
) -> dict[datetime.date, list[FileRow]]:
    """Each month's file rows, in chronological order (date, then person id)."""
    files: dict[datetime.date, list[FileRow]] = {month: [] for month in months}
    by_year_month = {(month.year, month.month): rows for month, rows in files.items()}
    for person_id, start, end in participations:
        start_rows = by_year_month.get((start.year, start.month))
        end_rows = by_year_month.get((end.year, end.month))
        if start_rows is not None and start_rows is end_rows:
            start_rows.append(FileRow(person_id, start, end))
            continue
        if start_rows is not None:
            start_rows.append(FileRow(person_id, start, None))
        if end_rows is not None:
            end_rows.append(FileRow(person_id, None, end))
    for rows in files.values():
        rows.sort(key=_order)
    return files


def _order(row: FileRow) -> tuple[datetime.date, int]:
    return (row.start or row.end or datetime.date.min, row.person_id)


def fingerprint(rows: Iterable[FileRow], identity_of: Mapping[int, str]) -> str:
    """SHA-256 of what the month's file says: each row's identity (the number's keyed hash,
    so no number is needed), start and end. Equal fingerprints mean an equal file."""
    text = "".join(
        f"{identity_of.get(person_id, '')}|{start}|{end}\n" for person_id, start, end in rows
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Sending:
    """What a month's file held when it was marked as sent, and when."""

    fingerprint: str
    at: datetime.datetime


def months_to_resend(
    sent: Mapping[datetime.date, Sending], current: Mapping[datetime.date, str]
) -> list[datetime.date]:
    """Sent months to send again, oldest first. A correction means re-sending every later
    month, so a sent month is due again when its content or an earlier month's has changed,
    or when an earlier month was sent after it (that earlier month was corrected and sent
    again, so this one must follow)."""
    due, changed, latest_earlier = [], False, None
    for month in sorted(sent):
        sending = sent[month]
        changed = changed or current.get(month) != sending.fingerprint
        if changed or (latest_earlier is not None and latest_earlier > sending.at):
            due.append(month)
        latest_earlier = sending.at if latest_earlier is None else max(latest_earlier, sending.at)
    return due
