"""Factories for funding data: a funded programme, unit costs, attendance in a month."""

import datetime
from decimal import Decimal

from django.utils import timezone

from digit.finance.money import ore_from_kronor
from digit.funding.models import FinancingSource, FundingPlan, UnitCost
from digit.learning.models import Attendance, Session
from tests.learning.factories import make_activity, make_programme

RATE_KRONOR = Decimal("300.00")  # a test unit cost for wage group 1


def make_funded_programme(scope, **plan_fields):
    """A programme (two years ago → two years ahead) with a funding plan and, for every one
    of its years, a unit cost of 300 kr for wage group 1."""
    programme = make_programme(scope)
    plan = FundingPlan.objects.create(
        programme=programme, decision_reference="TEST-1", **plan_fields
    )
    for year in range(programme.starts_on.year, programme.ends_on.year + 1):
        UnitCost.objects.get_or_create(
            year=year, wage_group=1, defaults={"hourly_rate_ore": ore_from_kronor(RATE_KRONOR)}
        )
    FinancingSource.objects.create(plan=plan, kind="esf", amount_ore=0)
    return programme


def last_month() -> datetime.date:
    """The first day of the previous calendar month (always complete, always in the past)."""
    first = timezone.localdate().replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def attend(programme, person, *, day: datetime.date, minutes: int, status=None, title=None):
    """``person`` attended a session of ``programme`` on ``day`` (10:00 local) for
    ``minutes``; the session lasts at least that long."""
    activity = make_activity(programme, **({"title_sv": title} if title else {}))
    zone = timezone.get_current_timezone()
    starts_at = datetime.datetime.combine(day, datetime.time(10), tzinfo=zone)
    length = max(minutes, 120)
    session = Session.objects.create(
        activity=activity,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=length),
        capacity=20,
        external_trainer="Extern",
        cancellation_deadline=starts_at - datetime.timedelta(days=1),
    )
    if status is None:
        status = Attendance.Status.PRESENT if minutes == length else Attendance.Status.PARTIAL
    return Attendance.objects.create(session=session, person=person, status=status, minutes=minutes)


def signed_and_attested(certificate, attester):
    """Sign as the participant, attest as ``attester`` (programme staff)."""
    from digit.funding import certificates
    from digit.funding.models import TimeCertificate

    certificates.sign(
        certificate.pk, user=certificate.person.user, seen_sha256=certificate.content_sha256
    )
    return certificates.attest(
        certificate.pk,
        user=attester,
        seen_sha256=certificate.content_sha256,
        attestable=TimeCertificate.objects.all(),
    )


def claim_for(programme, day):
    """The draft claim of the period holding ``day``."""
    from digit.funding.claims import ensure_periods
    from digit.funding.models import ClaimPeriod, PaymentClaim

    ensure_periods(programme.funding_plan)
    period = ClaimPeriod.objects.get(
        plan=programme.funding_plan, starts_on__lte=day, ends_on__gte=day
    )
    return PaymentClaim.objects.get_or_create(period=period)[0]
