"""Payment claims: periods, the live figures of a draft, submission (a frozen snapshot with
its SHA-256, and the certificates it relies on in ``ClaimCertificate``), payment.

Only signed **and attested** current certificates are claimed; the others of the period are
listed as "not yet claimable" and wait for a later claim. A certificate is claimed once (the
link is one-to-one); a new version of a claimed one goes into the next claim as an
adjustment: its value minus what was claimed for the same person and month before. Ledger
rows and staff time reports are claimed once too (their ``claim`` is set on submission).
Submission takes the programme's funding lock (``certificates.lock_plan``), as signing,
attesting and building do, so no certificate can change between being counted and frozen.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from digit.bulk import insert_rows
from digit.finance.claims import ClaimFigures, claim_figures
from digit.finance.hours import content_digest
from digit.funding.certificates import first_of_month, lock_plan, next_month
from digit.funding.models import (
    ClaimCertificate,
    ClaimPeriod,
    CostEntry,
    FundingPlan,
    PaymentClaim,
    StaffTimeReport,
    TimeCertificate,
)


class ClaimRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def ensure_periods(plan: FundingPlan) -> None:
    """The plan's claim periods from the programme's start to its end (created once)."""
    if plan.periods.exists():
        return
    programme = plan.programme
    start, number = programme.starts_on, 1
    while start <= programme.ends_on:
        end = first_of_month(start)
        for _month in range(plan.claim_period_months):
            end = next_month(end)
        ends_on = min(end - datetime.timedelta(days=1), programme.ends_on)
        ClaimPeriod.objects.create(plan=plan, number=number, starts_on=start, ends_on=ends_on)
        start, number = ends_on + datetime.timedelta(days=1), number + 1


@dataclass
class ClaimState:
    """What a claim contains (live for a draft)."""

    figures: ClaimFigures
    certificates: list[tuple[int, str, int, bool]]  # (id, sha256, claimed öre, adjustment)
    waiting: dict[str, int] = field(default_factory=dict)  # not yet claimable: count, min, öre
    ledger_ids: list[int] = field(default_factory=list)
    staff_ids: list[int] = field(default_factory=list)
    staff_minutes: int = 0
    in_kind_minutes: int = 0


def _claimable(plan, cutoff: datetime.date):
    certificates = TimeCertificate.objects.filter(
        programme_id=plan.programme_id,
        is_current=True,
        status=TimeCertificate.Status.ATTESTED,
        month__lte=cutoff,
        claim_link__isnull=True,
    )
    return certificates.order_by("pk").values_list(
        "pk", "person_id", "month", "content_sha256", "value_ore", "counted_minutes"
    )


def _claimed_before(plan, cutoff) -> dict[tuple[int, datetime.date], int]:
    """What was claimed for each (person, month) whose claimed version was replaced since."""
    rows = (
        ClaimCertificate.objects.filter(
            certificate__programme_id=plan.programme_id,
            certificate__month__lte=cutoff,
            certificate__is_current=False,
        )
        .values_list("certificate__person_id", "certificate__month")
        .annotate(claimed=Sum("claimed_value_ore"))
    )
    return {(person, month): claimed for person, month, claimed in rows}


def claim_state(claim: PaymentClaim) -> ClaimState:
    period = claim.period
    plan = period.plan
    cutoff = period.ends_on
    before = _claimed_before(plan, cutoff)
    certificates, in_kind, minutes = [], 0, 0
    for pk, person, month, digest, value, counted in _claimable(plan, cutoff).iterator(
        chunk_size=10000
    ):
        claimed = before.get((person, month))
        amount = value - (claimed or 0)
        certificates.append((pk, digest, amount, claimed is not None))
        in_kind += amount
        minutes += counted
    ledger = CostEntry.objects.filter(plan=plan, booked_on__lte=cutoff, claim__isnull=True)
    staff = StaffTimeReport.objects.filter(plan=plan, month__lte=cutoff, claim__isnull=True)
    cash = dict(ledger.values_list("category").annotate(total=Sum("amount_ore")))
    staff_totals = staff.aggregate(value=Sum("value_ore"), minutes=Sum("minutes"))
    figures = claim_figures(
        cash,
        staff=staff_totals["value"] or 0,
        in_kind=in_kind,
        indirect_rate=plan.indirect_rate,
        esf_rate=plan.esf_rate,
    )
    return ClaimState(
        figures=figures,
        certificates=certificates,
        waiting=_waiting(plan, cutoff),
        ledger_ids=list(ledger.values_list("pk", flat=True)),
        staff_ids=list(staff.values_list("pk", flat=True)),
        staff_minutes=staff_totals["minutes"] or 0,
        in_kind_minutes=minutes,
    )


def _waiting(plan, cutoff) -> dict[str, int]:
    """Hours of the period not yet claimable: current certificates not signed and attested."""
    totals = TimeCertificate.objects.filter(
        programme_id=plan.programme_id, is_current=True, month__lte=cutoff
    ).aggregate(
        count=Count("pk", filter=~Q(status="attested")),
        minutes=Sum("counted_minutes", filter=~Q(status="attested")),
        value=Sum("value_ore", filter=~Q(status="attested")),
    )
    return {key: value or 0 for key, value in totals.items()}


def cumulative(plan, before_number: int) -> dict[str, int]:
    """Eligible costs and ESF of the submitted claims before period ``before_number``."""
    totals = {"eligible": 0, "esf": 0}
    for snapshot in PaymentClaim.objects.filter(
        period__plan=plan, period__number__lt=before_number, snapshot__isnull=False
    ).values_list("snapshot", flat=True):
        if snapshot is None:
            continue
        totals["eligible"] += snapshot["eligible_ore"]
        totals["esf"] += snapshot["sources_ore"]["esf"]
    return totals


def snapshot_of(claim: PaymentClaim, state: ClaimState) -> dict:
    """The frozen content of a submitted claim (the certificates themselves are in
    ``ClaimCertificate``; the snapshot carries their count and a digest of the list)."""
    period = claim.period
    lines = "\n".join(f"{pk}:{digest}:{amount}" for pk, digest, amount, _a in state.certificates)
    return {
        "programme": period.plan.programme.name,
        "period": [period.number, period.starts_on.isoformat(), period.ends_on.isoformat()],
        "costs_ore": state.figures.costs,
        "eligible_ore": state.figures.eligible,
        "sources_ore": state.figures.sources,
        "esf_rate": str(period.plan.esf_rate),
        "indirect_rate": str(period.plan.indirect_rate),
        "in_kind_minutes": state.in_kind_minutes,
        "staff_minutes": state.staff_minutes,
        "certificates": len(state.certificates),
        "adjustments": sum(1 for c in state.certificates if c[3]),
        "certificates_sha256": hashlib.sha256(lines.encode()).hexdigest(),
        "ledger_rows": len(state.ledger_ids),
        "staff_reports": len(state.staff_ids),
        "not_yet_claimable": state.waiting,
    }


def submit(claim_pk: int, *, user) -> PaymentClaim:
    """Freeze a draft claim: snapshot, SHA-256, and the links to what it claims."""
    with transaction.atomic():
        claim = (
            # Only the claim's own row: locking the joined programme row too would block every
            # insert that refers to it (a certificate's new version) and deadlock.
            PaymentClaim.objects.select_for_update(of=("self",))
            .select_related("period__plan__programme")
            .get(pk=claim_pk)
        )
        if claim.status != PaymentClaim.Status.DRAFT:
            raise ClaimRefused(_("This claim has been submitted already."))
        lock_plan(claim.period.plan.programme_id)
        earlier = PaymentClaim.objects.filter(
            period__plan=claim.period.plan, period__number__lt=claim.period.number
        ).exclude(status=PaymentClaim.Status.DRAFT)
        if earlier.count() != claim.period.number - 1:
            raise ClaimRefused(_("Submit the earlier periods' claims first."))
        state = claim_state(claim)
        claim.snapshot = snapshot_of(claim, state)
        claim.snapshot_sha256 = content_digest(claim.snapshot)
        claim.status = PaymentClaim.Status.SUBMITTED
        claim.submitted_at, claim.submitted_by = timezone.now(), user
        claim.save()
        insert_rows(
            ClaimCertificate,
            {
                "claim_id": [claim.pk] * len(state.certificates),
                "certificate_id": [c[0] for c in state.certificates],
                "content_sha256": [c[1] for c in state.certificates],
                "claimed_value_ore": [c[2] for c in state.certificates],
                "is_adjustment": [c[3] for c in state.certificates],
            },
        )
        CostEntry.objects.filter(pk__in=state.ledger_ids).update(claim=claim)
        StaffTimeReport.objects.filter(pk__in=state.staff_ids).update(claim=claim)
    return claim


def mark_paid(claim_pk: int, *, amount_ore: int, paid_on: datetime.date) -> PaymentClaim:
    with transaction.atomic():
        claim = PaymentClaim.objects.select_for_update().get(pk=claim_pk)
        if claim.status != PaymentClaim.Status.SUBMITTED:
            raise ClaimRefused(_("Only a submitted claim can be marked as paid."))
        claim.status = PaymentClaim.Status.PAID
        claim.paid_amount_ore, claim.paid_on = amount_ore, paid_on
        claim.save(update_fields=["status", "paid_amount_ore", "paid_on"])
    return claim


def snapshot_text(snapshot: dict) -> str:
    return json.dumps(snapshot, sort_keys=True, indent=2, ensure_ascii=False)
