"""Payment claims: only signed and attested certificates, the rest listed as waiting; a
submitted claim is frozen with its SHA-256; corrections go into the next claim."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from digit.access.roles import Role
from digit.finance.hours import content_digest
from digit.funding import certificates, claims
from digit.funding.models import ClaimCertificate, ClaimPeriod, CostEntry, PaymentClaim
from digit.learning.models import Attendance
from tests.factories import PASSWORD, make_account
from tests.funding.factories import (
    attend,
    claim_for,
    last_month,
    make_funded_programme,
    signed_and_attested,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation):
    programme = make_funded_programme(organisation["root"], claim_period_months=1)
    month = last_month()
    people = [
        organisation["employee_a"],
        organisation["employee_b"],
        organisation["employee_museum"],
    ]
    for person in people:
        attend(programme, person, day=month.replace(day=3), minutes=180)
    certificates.build_month(programme, month)
    staff = make_account(Role.PROGRAMME_STAFF)
    found = {c.person_id: c for c in programme.time_certificates.all()}
    signed_and_attested(found[people[0].pk], staff)
    signed_and_attested(found[people[1].pk], staff)
    certificates.sign(  # the third only signed: not yet claimable
        found[people[2].pk].pk, user=people[2].user, seen_sha256=found[people[2].pk].content_sha256
    )
    CostEntry.objects.create(
        plan=programme.funding_plan, voucher="V-1", booked_on=month.replace(day=5),
        category="external_services", description="Utbildare", amount_ore=1_000_000,
    )  # fmt: skip
    _submit_earlier_periods(programme, month, staff)
    return {"programme": programme, "month": month, "people": people, "staff": staff}


def _submit_earlier_periods(programme, month, user):
    claims.ensure_periods(programme.funding_plan)
    for period in ClaimPeriod.objects.filter(plan=programme.funding_plan, ends_on__lt=month):
        claim, _ = PaymentClaim.objects.get_or_create(period=period)
        claims.submit(claim.pk, user=user)


def test_a_claim_takes_only_signed_and_attested_certificates(world):
    claim = claim_for(world["programme"], world["month"])
    claims.submit(claim.pk, user=world["staff"])
    claim.refresh_from_db()
    snapshot = claim.snapshot
    assert claim.status == "submitted"
    assert snapshot["certificates"] == 2
    assert snapshot["costs_ore"]["participant_time"] == 2 * 3 * 30000
    assert snapshot["costs_ore"]["external_services"] == 1_000_000
    assert snapshot["not_yet_claimable"] == {"count": 1, "minutes": 180, "value": 90000}
    eligible = 1_000_000 + 180000
    assert snapshot["eligible_ore"] == eligible
    esf = int(Decimal(eligible) * Decimal("0.6693")) // 100 * 100
    assert snapshot["sources_ore"] == {
        "esf": esf, "public_in_kind": 180000, "public_cash": eligible - esf - 180000,
    }  # fmt: skip
    assert claim.snapshot_sha256 == content_digest(snapshot)
    links = ClaimCertificate.objects.filter(claim=claim)
    assert sorted(link.certificate.person_id for link in links) == sorted(
        p.pk for p in world["people"][:2]
    )
    assert all(link.content_sha256 == link.certificate.content_sha256 for link in links)
    assert CostEntry.objects.get(voucher="V-1").claim == claim


def test_a_submitted_claim_cannot_be_submitted_or_changed_again(world):
    claim = claim_for(world["programme"], world["month"])
    claims.submit(claim.pk, user=world["staff"])
    frozen = PaymentClaim.objects.get(pk=claim.pk).snapshot_sha256
    with pytest.raises(claims.ClaimRefused):
        claims.submit(claim.pk, user=world["staff"])
    assert PaymentClaim.objects.get(pk=claim.pk).snapshot_sha256 == frozen


def test_a_correction_goes_into_the_next_claim_as_an_adjustment(world):
    programme, month, staff = world["programme"], world["month"], world["staff"]
    claim = claim_for(programme, month)
    claims.submit(claim.pk, user=staff)
    anna = world["people"][0]
    attendance = Attendance.objects.get(person=anna, session__activity__programme=programme)
    attendance.minutes, attendance.status = 60, "partial"
    attendance.save()
    certificates.build_month(programme, month, reason="Fel närvaro")
    new = programme.time_certificates.get(person=anna, is_current=True)
    signed_and_attested(new, staff)
    frozen = PaymentClaim.objects.get(pk=claim.pk)
    assert frozen.snapshot_sha256 == content_digest(frozen.snapshot)  # history untouched
    next_claim = claim_for(programme, claims_next_day(claim))
    claims.submit(next_claim.pk, user=staff)
    next_claim.refresh_from_db()
    link = ClaimCertificate.objects.get(claim=next_claim, certificate=new)
    assert link.is_adjustment
    assert link.claimed_value_ore == 30000 - 90000  # 1 h now, 3 h claimed before
    assert next_claim.snapshot["adjustments"] == 1


def claims_next_day(claim):
    import datetime

    return claim.period.ends_on + datetime.timedelta(days=1)


def test_a_paid_claim_records_amount_and_date(client, world):
    claim = claim_for(world["programme"], world["month"])
    claims.submit(claim.pk, user=world["staff"])
    client.login(email=make_account(Role.FINANCE).email, password=PASSWORD)
    response = client.post(
        reverse("funding:claim_paid", args=[claim.pk]),
        {"amount": "7\u00a0897,00", "paid_on": world["month"].replace(day=20).isoformat()},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount_ore) == ("paid", 789700)


def test_the_claim_pages_for_finance(client, world):
    client.login(email=make_account(Role.FINANCE).email, password=PASSWORD)
    programme = world["programme"]
    page = client.get(reverse("funding:claims", args=[programme.pk]))
    assert page.status_code == 200
    period = ClaimPeriod.objects.get(
        plan=programme.funding_plan, starts_on__lte=world["month"], ends_on__gte=world["month"]
    )
    response = client.post(reverse("funding:claim_create", args=[period.pk]))
    claim = PaymentClaim.objects.get(period=period)
    assert response["Location"] == reverse("funding:claim", args=[claim.pk])
    text = client.get(response["Location"]).content.decode()
    assert "Ej ännu ansökningsbart" in text and "3 timmar" in text
    client.post(reverse("funding:claim_submit", args=[claim.pk]))
    assert PaymentClaim.objects.get(pk=claim.pk).status == "submitted"


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.AUDITOR])
def test_readers_cannot_submit(client, world, role):
    claim = claim_for(world["programme"], world["month"])
    client.login(email=make_account(role).email, password=PASSWORD)
    assert client.get(reverse("funding:claim", args=[claim.pk])).status_code == 200
    assert client.post(reverse("funding:claim_submit", args=[claim.pk])).status_code == 403
    assert PaymentClaim.objects.get(pk=claim.pk).status == "draft"


def test_the_evidence_package_holds_what_an_auditor_asks_for(client, world):
    claim = claim_for(world["programme"], world["month"])
    claims.submit(claim.pk, user=world["staff"])
    client.login(email=make_account(Role.AUDITOR).email, password=PASSWORD)
    response = client.get(reverse("funding:claim_evidence", args=[claim.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {"claim.pdf", "claim.xlsx", "staff-time.xlsx", "ledger.xlsx", "snapshot.json"} <= names
    pdfs = [name for name in names if name.startswith("certificates/")]
    assert len(pdfs) == 2
    for name in pdfs:
        assert archive.read(name).startswith(b"%PDF-")
    assert (
        json.loads(archive.read("snapshot.json")) == PaymentClaim.objects.get(pk=claim.pk).snapshot
    )
    import hashlib

    for line in archive.read("SHA256SUMS").decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
