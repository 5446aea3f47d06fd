"""The monthly participant files of a programme as the finance officer sees them: each month's
rows and state (not sent, sent, to send again), built from live data by ``monthly``."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from digit.people.models import Person
from digit.programmes.models import Programme
from digit.reporting import monthly
from digit.reporting.models import MonthlyFile
from digit.reporting.selectors import participations


@dataclass
class MonthState:
    month: datetime.date
    rows: list[monthly.FileRow]
    fingerprint: str
    due: datetime.date
    record: MonthlyFile | None
    must_resend: bool = False
    missing_numbers: int = 0

    @property
    def is_sent(self) -> bool:
        return self.record is not None and self.record.sent_at is not None

    @property
    def started(self) -> int:
        return sum(1 for row in self.rows if row.start)

    @property
    def ended(self) -> int:
        return sum(1 for row in self.rows if row.end)

    def is_overdue(self, today: datetime.date) -> bool:
        return (not self.is_sent or self.must_resend) and today > self.due


@dataclass
class Overview:
    programme: Programme
    months: list[MonthState] = field(default_factory=list)

    @property
    def to_resend(self) -> list[MonthState]:
        return [state for state in self.months if state.must_resend]

    def month(self, month: datetime.date) -> MonthState | None:
        return next((state for state in self.months if state.month == month), None)


def identity_digests() -> dict[int, str]:
    """person id → keyed hash of their number ("" for none): one pass over everyone."""
    rows = Person.objects.values_list("pk", "identity_number_digest").iterator(chunk_size=5000)
    return dict(rows)


def month_rows(programme: Programme, month: datetime.date) -> list[monthly.FileRow]:
    """One reportable month's rows; ValueError for any other month."""
    today = timezone.localdate()
    if month not in monthly.reportable_months(programme.starts_on, programme.ends_on, today):
        raise ValueError("not a reportable month of the programme")
    return monthly.rows_by_month(participations(programme), [month])[month]


def overview(programme: Programme, *, today: datetime.date | None = None) -> Overview:
    """Every reportable month of the programme with its rows and state."""
    today = today or timezone.localdate()
    months = monthly.reportable_months(programme.starts_on, programme.ends_on, today)
    files = monthly.rows_by_month(participations(programme), months)
    digests = identity_digests()
    records = {r.month: r for r in MonthlyFile.objects.filter(programme=programme)}
    result = Overview(programme)
    for month in months:
        rows = files[month]
        result.months.append(
            MonthState(
                month=month,
                rows=rows,
                fingerprint=monthly.fingerprint(rows, digests),
                due=monthly.due_date(month),
                record=records.get(month),
                missing_numbers=sum(1 for row in rows if not digests.get(row.person_id)),
            )
        )
    sent = {
        state.month: monthly.Sending(state.record.sent_fingerprint, state.record.sent_at)
        for state in result.months
        if state.record is not None and state.record.sent_at is not None
    }
    current = {state.month: state.fingerprint for state in result.months}
    resend = set(monthly.months_to_resend(sent, current))
    for state in result.months:
        state.must_resend = state.month in resend
    return result
