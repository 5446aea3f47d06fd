"""Writes for funder reporting. Every path by which a personal identity number leaves its
encryption goes through ``disclose``, which logs who, when, what and which people first."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from digit.access.policy import may_reveal_identity_numbers
from digit.people import identity_seal
from digit.people.models import Person
from digit.programmes.models import Programme
from digit.reporting import monthly_files
from digit.reporting.models import Disclosure, MonthlyFile, ReportText

CHUNK = 5000


def formatted(canonical: str) -> str:
    """``YYYYMMDD-NNNC`` (or ``YYYYMMDD-TNNN``) as the register shows it."""
    return f"{canonical[:8]}-{canonical[8:]}" if canonical else ""


def disclose(
    *, user, programme: Programme, kind: str, what: str, person_ids: Iterable[int]
) -> dict[int, str]:
    """Log the disclosure, then return person id → canonical number for those who have one.

    Refused (PermissionDenied) for anyone but the finance officer. The log row is written in
    the same transaction as the read, so no number is returned without its log line.
    """
    if not may_reveal_identity_numbers(user):
        raise PermissionDenied
    ids = list(dict.fromkeys(person_ids))
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            by=user, kind=kind, programme=programme, what=what[:200], count=len(ids)
        )
        through = Disclosure.people.through
        through.objects.bulk_create(
            [through(disclosure_id=disclosure.pk, person_id=pk) for pk in ids], batch_size=CHUNK
        )
        numbers = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            rows = Person.objects.filter(pk__in=chunk).exclude(identity_number_sealed="")
            for pk, sealed in rows.values_list("pk", "identity_number_sealed"):
                numbers[pk] = identity_seal.unseal(sealed)
    return numbers


def reveal_one(*, user, programme: Programme, person: Person) -> str:
    """The person's number for the register, logged as shown on screen."""
    numbers = disclose(
        user=user,
        programme=programme,
        kind=Disclosure.Kind.REVEAL,
        what=f"register: {person.employee_number}",
        person_ids=[person.pk],
    )
    return formatted(numbers.get(person.pk, ""))


def mark_month_sent(*, user, programme: Programme, month: datetime.date) -> MonthlyFile:
    """Remember that the month's file was sent as it is now (its fingerprint and row count)."""
    if not may_reveal_identity_numbers(user):
        raise PermissionDenied
    with transaction.atomic():
        state = monthly_files.overview(programme).month(month)
        if state is None:
            raise ValueError("not a reportable month of the programme")
        record, _created = MonthlyFile.objects.select_for_update().get_or_create(
            programme=programme, month=month
        )
        record.sent_fingerprint = state.fingerprint
        record.sent_rows = len(state.rows)
        record.sent_at = timezone.now()
        record.sent_by = user
        record.save()
    return record


def monthly_file_numbers(*, user, programme: Programme, month: datetime.date, fmt: str):
    """The month's rows and the numbers in them, the export logged first."""
    rows = monthly_files.month_rows(programme, month)
    numbers = disclose(
        user=user,
        programme=programme,
        kind=Disclosure.Kind.EXPORT,
        what=f"monthly file {month:%Y-%m} ({fmt})",
        person_ids=[row.person_id for row in rows],
    )
    return rows, numbers


def write_report_text(*, user, programme: Programme, section: str, text: str) -> ReportText:
    """A new version of a report section (the earlier ones stay as its history)."""
    return ReportText.objects.create(
        programme=programme, section=section, text=text.strip(), written_by=user
    )
