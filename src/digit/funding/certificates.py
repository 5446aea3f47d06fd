"""Participants' monthly time certificates: built from recorded attendance, signed by the
participant, attested by their manager or programme staff.

A certificate's content (digit.finance.hours.certificate_content) is what is signed; its
SHA-256 is stored with it and with every signature and attestation, and the database refuses
a signature that does not cover the stored content. Building a month again changes an
unsigned certificate in place, leaves an unchanged one alone, and answers a change to a
signed one with a new version that names the reason; the signed version is never touched.
A month of a whole city is built in a few statements (digit.bulk), not a query per person.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digit.bulk import insert_rows, update_rows
from digit.finance.hours import (
    HoursRule,
    SessionLine,
    certificate_content,
    content_digest,
    hourly_cost_with_fees,
)
from digit.finance.money import ore_from_kronor
from digit.funding.models import FundingPlan, TimeCertificate, UnitCost, ValuationMethod
from digit.learning.models import Attendance
from digit.people.models import Person


class CertificateRefused(Exception):
    """Signing or attesting is not possible; ``message`` says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MissingUnitCost(CertificateRefused):
    pass


def lock_plan(programme_id: int) -> None:
    """Take the programme's funding lock (its plan row) for the rest of the transaction.

    Every write that can change what a claim would take (building a month, signing,
    attesting) and a claim's submission take it first, so a submission sees the certificates
    as no one can change them meanwhile. One row lock instead of one per certificate: a
    quarter of a whole city is 135,000 rows, and locking each of them costs seconds."""
    plans = FundingPlan.objects.select_for_update(no_key=True).filter(programme_id=programme_id)
    list(plans.values_list("pk", flat=True))


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month as [start, end) instants in the programme's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(month, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(next_month(month), datetime.time(), tzinfo=zone)
    return start, end


def unit_cost_rate(plan: FundingPlan, year: int) -> int:
    """Öre per hour of the plan's participant wage group in ``year``."""
    rate = (
        UnitCost.objects.filter(year=year, wage_group=plan.participant_wage_group)
        .values_list("hourly_rate_ore", flat=True)
        .first()
    )
    if rate is None:
        raise MissingUnitCost(
            _("There is no unit cost for wage group %(group)s in %(year)s: add it first.")
            % {"group": plan.participant_wage_group, "year": year}
        )
    return rate


@dataclass
class BuildResult:
    created: int = 0
    updated: int = 0
    new_versions: int = 0
    unchanged: int = 0
    missing_rate: list[int] = field(default_factory=list)  # person ids without an HR cost


def _attendance_lines(programme, month) -> dict[int, list[SessionLine]]:
    """Each person's attended sessions of the month, in time order (one query)."""
    start, end = month_bounds(month)
    rows = (
        Attendance.objects.filter(
            session__activity__programme=programme,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
            minutes__gt=0,
        )
        .exclude(status=Attendance.Status.ABSENT)
        .order_by("person_id", "session__starts_at", "session_id")
        .values_list(
            "person_id", "session__starts_at", "session__activity__title_sv", "status", "minutes"
        )
    )
    zone = timezone.get_current_timezone()
    lines: dict[int, list[SessionLine]] = defaultdict(list)
    for person_id, starts_at, title, status, minutes in rows.iterator(chunk_size=5000):
        day = starts_at.astimezone(zone).date().isoformat()
        lines[person_id].append(SessionLine(day, title, status, minutes))
    return lines


def _person_rates(plan, month, person_ids, result: BuildResult) -> dict[int, int]:
    if plan.valuation == ValuationMethod.UNIT_COST:
        rate = unit_cost_rate(plan, month.year)
        return dict.fromkeys(person_ids, rate)
    rates = {}
    costs = Person.objects.filter(pk__in=person_ids).values_list("pk", "hourly_cost")
    for person_id, cost in costs.iterator(chunk_size=5000):
        if cost is None:
            result.missing_rate.append(person_id)
            rates[person_id] = 0
        else:
            rates[person_id] = hourly_cost_with_fees(ore_from_kronor(cost), plan.social_fee_markup)
    return rates


def build_month(programme, month: datetime.date, *, reason: str = "") -> BuildResult:
    """Build (or bring up to date) every participant's certificate of ``month``.

    All or nothing, under the programme's funding lock (``lock_plan``), so a signature cannot
    slip in between reading a certificate and replacing it.
    """
    month = first_of_month(month)
    plan = programme.funding_plan
    result = BuildResult()
    with transaction.atomic():
        lock_plan(programme.pk)
        existing = {
            row[0]: row[1:]
            for row in TimeCertificate.objects.filter(
                programme=programme, month=month, is_current=True
            ).values_list("person_id", "pk", "status", "content_sha256", "version")
        }
        lines = _attendance_lines(programme, month)
        person_ids = sorted(set(lines) | set(existing))
        rates = _person_rates(plan, month, person_ids, result)
        numbers = dict(
            Person.objects.filter(pk__in=person_ids).values_list("pk", "employee_number")
        )
        writer = _MonthWriter(programme, month, reason, result)
        for person_id in person_ids:
            content = certificate_content(
                person=numbers[person_id],
                month=month.strftime("%Y-%m"),
                lines=lines.get(person_id, []),
                rule=HoursRule(plan.hours_rule),
                hourly_rate_ore=rates[person_id],
            )
            writer.add(person_id, content, existing.get(person_id))
        writer.write()
    return result


class _MonthWriter:
    """Sorts a month's certificates into new, changed drafts, new versions and unchanged,
    then writes them column-wise in a few statements."""

    def __init__(self, programme, month, reason, result: BuildResult):
        self.programme, self.month, self.result = programme, month, result
        self.reason = reason or _("Attendance was corrected after signing.")
        self.inserts: dict[str, list] = defaultdict(list)
        self.updates: dict[str, list] = defaultdict(list)
        self.update_pks: list[int] = []
        self.superseded: list[int] = []

    def add(self, person_id: int, content: dict, current: tuple | None) -> None:
        digest = content_digest(content)
        if current is None and not content["sessions"]:
            return
        if current is not None and current[2] == digest:
            self.result.unchanged += 1
            return
        if current is not None and current[1] == TimeCertificate.Status.DRAFT:
            self.update_pks.append(current[0])
            _add_columns(self.updates, content, digest)
            self.result.updated += 1
            return
        row = _add_columns(self.inserts, content, digest)
        row["programme_id"].append(self.programme.pk)
        row["person_id"].append(person_id)
        row["month"].append(self.month)
        row["status"].append(TimeCertificate.Status.DRAFT)
        row["is_current"].append(True)
        row["created_at"].append(timezone.now())
        if current is None:
            row["version"].append(1)
            row["previous_id"].append(None)
            row["reason"].append("")
            self.result.created += 1
        else:
            self.superseded.append(current[0])
            row["version"].append(current[3] + 1)
            row["previous_id"].append(current[0])
            row["reason"].append(self.reason)
            self.result.new_versions += 1

    def write(self) -> None:
        if self.superseded:
            count = len(self.superseded)
            update_rows(TimeCertificate, self.superseded, {"is_current": [False] * count})
        if self.update_pks:
            update_rows(TimeCertificate, self.update_pks, dict(self.updates))
        if self.inserts:
            insert_rows(TimeCertificate, dict(self.inserts))


def _add_columns(columns: dict[str, list], content: dict, digest: str) -> dict[str, list]:
    columns["content"].append(json.dumps(content, ensure_ascii=False))
    columns["content_sha256"].append(digest)
    columns["recorded_minutes"].append(content["recorded_minutes"])
    columns["counted_minutes"].append(content["counted_minutes"])
    columns["hourly_rate_ore"].append(content["hourly_rate_ore"])
    columns["value_ore"].append(content["value_ore"])
    return columns


def sign(certificate_pk: int, *, user, seen_sha256: str) -> TimeCertificate:
    """The participant signs their own current certificate, exactly as they saw it."""
    with transaction.atomic():
        _lock_plan_of(certificate_pk)
        certificate = (
            TimeCertificate.objects.select_for_update(of=("self",))
            .filter(pk=certificate_pk, person__user=user)
            .get()
        )
        _check_current(certificate, seen_sha256)
        if certificate.status != TimeCertificate.Status.DRAFT:
            raise CertificateRefused(_("This certificate is already signed."))
        certificate.status = TimeCertificate.Status.SIGNED
        certificate.signed_by = user
        certificate.signed_at = timezone.now()
        certificate.signed_sha256 = certificate.content_sha256
        certificate.save(update_fields=["status", "signed_by", "signed_at", "signed_sha256"])
    return certificate


def attest(certificate_pk: int, *, user, seen_sha256: str, attestable) -> TimeCertificate:
    """A manager or programme staff attests a signed certificate (``attestable``: the
    certificates this user may attest, from selectors)."""
    with transaction.atomic():
        _lock_plan_of(certificate_pk)
        certificate = attestable.select_for_update(of=("self",)).filter(pk=certificate_pk).get()
        _check_current(certificate, seen_sha256)
        if certificate.status != TimeCertificate.Status.SIGNED:
            raise CertificateRefused(
                _("Only a signed, not yet attested certificate can be attested.")
            )
        certificate.status = TimeCertificate.Status.ATTESTED
        certificate.attested_by = user
        certificate.attested_at = timezone.now()
        certificate.attested_sha256 = certificate.content_sha256
        certificate.save(update_fields=["status", "attested_by", "attested_at", "attested_sha256"])
    return certificate


def _lock_plan_of(certificate_pk: int) -> None:
    programme_id = (
        TimeCertificate.objects.filter(pk=certificate_pk)
        .values_list("programme_id", flat=True)
        .first()
    )
    if programme_id is not None:
        lock_plan(programme_id)


def _check_current(certificate: TimeCertificate, seen_sha256: str) -> None:
    if not certificate.is_current:
        raise CertificateRefused(
            _("A newer version of this certificate exists: open it and sign that one.")
        )
    if certificate.content_sha256 != seen_sha256:
        raise CertificateRefused(
            _("The certificate changed while you were reading it. Check it again.")
        )
