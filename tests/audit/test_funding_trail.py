"""The audit trail of the funding pages: a time certificate seen by someone other than its
participant, a compilation or evidence package downloaded, a payment claim submitted."""

import pytest
from django.urls import reverse

from digit.access.roles import Role
from digit.audit.models import Entry, Kind
from digit.funding import certificates, claims
from digit.funding.models import ClaimPeriod, PaymentClaim, TimeCertificate
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
    person = organisation["employee_a"]
    attend(programme, person, day=month.replace(day=3), minutes=180)
    certificates.build_month(programme, month)
    certificate = TimeCertificate.objects.get(programme=programme, person=person)
    return {"programme": programme, "month": month, "person": person, "certificate": certificate}


def test_staff_seeing_a_certificate_is_recorded_the_participant_is_not(client, world):
    certificate, person = world["certificate"], world["person"]
    client.login(email=person.email, password=PASSWORD)
    assert client.get(reverse("funding:certificate", args=[certificate.pk])).status_code == 200
    assert not Entry.objects.filter(kind=Kind.CERTIFICATE_VIEWED).exists()

    staff = make_account(Role.PROGRAMME_STAFF)
    client.force_login(staff)
    assert client.get(reverse("funding:certificate", args=[certificate.pk])).status_code == 200
    assert client.get(reverse("funding:certificate_pdf", args=[certificate.pk])).status_code == 200
    seen = Entry.objects.filter(kind=Kind.CERTIFICATE_VIEWED).order_by("pk")
    assert [(e.actor, e.subject_person_id, e.object_type) for e in seen] == [
        (staff, person.pk, "time_certificate"),
        (staff, person.pk, "time_certificate_pdf"),
    ]


def test_a_submitted_claim_and_its_evidence_download_are_recorded(client, world):
    programme, month = world["programme"], world["month"]
    staff = make_account(Role.PROGRAMME_STAFF)
    signed_and_attested(world["certificate"], staff)
    claims.ensure_periods(programme.funding_plan)
    for period in ClaimPeriod.objects.filter(plan=programme.funding_plan, ends_on__lt=month):
        claims.submit(PaymentClaim.objects.get_or_create(period=period)[0].pk, user=staff)
    claim = claim_for(programme, month)
    finance = make_account(Role.FINANCE)
    client.force_login(finance)
    client.post(reverse("funding:claim_submit", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "submitted"
    [submitted] = Entry.objects.filter(kind=Kind.CLAIM_SUBMITTED)
    assert (submitted.actor, submitted.object_type, submitted.object_id) == (
        finance,
        "claim",
        str(claim.pk),
    )
    response = client.get(reverse("funding:claim_evidence", args=[claim.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a ZIP
    [exported] = Entry.objects.filter(kind=Kind.EXPORTED, object_type="claim")
    assert (exported.actor, exported.detail) == (finance, "evidence.zip")
