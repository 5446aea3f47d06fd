"""A claim being submitted while certificates are attested and corrected never includes a
certificate that later changed: real threads, real PostgreSQL row locks."""

import hashlib
import threading

import pytest
from django.db import connection, connections

from digit.access.roles import Role
from digit.funding import certificates, claims
from digit.funding.models import ClaimCertificate, PaymentClaim, TimeCertificate
from digit.learning.models import Attendance
from tests.factories import make_account, make_person
from tests.funding.factories import (
    attend,
    claim_for,
    last_month,
    make_funded_programme,
    signed_and_attested,
)

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _run_together(*jobs) -> list[Exception]:
    """Start every job at the same moment in a thread of its own; the errors they raised."""
    start, errors = threading.Barrier(len(jobs)), []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as error:  # noqa: BLE001 (returned to the test)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _assert_intact(claim) -> list[ClaimCertificate]:
    """Every claimed certificate is exactly what is stored, signed and attested."""
    links = list(ClaimCertificate.objects.filter(claim=claim).select_related("certificate"))
    assert links and claim.snapshot["certificates"] == len(links)
    for link in links:
        certificate = link.certificate
        assert link.content_sha256 == certificate.content_sha256
        assert certificate.status == "attested"
        assert certificate.attested_sha256 == certificate.content_sha256
        assert link.claimed_value_ore == certificate.value_ore
    lines = "\n".join(
        f"{link.certificate_id}:{link.content_sha256}:{link.claimed_value_ore}"
        for link in sorted(links, key=lambda link: link.certificate_id)
    )
    assert hashlib.sha256(lines.encode()).hexdigest() == claim.snapshot["certificates_sha256"]
    claimed = sum(link.claimed_value_ore for link in links)
    assert claim.snapshot["costs_ore"]["participant_time"] == claimed
    return links


def test_corrections_and_attestations_during_submission_never_change_a_claimed_certificate(
    organisation,
):
    programme = make_funded_programme(organisation["root"], claim_period_months=120)
    month = last_month()
    people = [make_person(organisation["branch_a"]) for _ in range(24)]
    for person in people:
        attend(programme, person, day=month.replace(day=3), minutes=180)
    certificates.build_month(programme, month)
    staff = make_account(Role.PROGRAMME_STAFF)
    current = {c.person_id: c for c in TimeCertificate.objects.filter(programme=programme)}
    attested, signed_only = people[:16], people[16:]
    for person in attested:
        signed_and_attested(current[person.pk], staff)
    for person in signed_only:
        certificate = current[person.pk]
        certificates.sign(certificate.pk, user=person.user, seen_sha256=certificate.content_sha256)
    claim = claim_for(programme, month)

    def correct():
        Attendance.objects.filter(person__in=attested[::2]).update(minutes=60, status="partial")
        certificates.build_month(programme, month, reason="Rättad närvaro")

    def attest():
        for person in signed_only:
            certificate = TimeCertificate.objects.get(person=person, is_current=True)
            certificates.attest(
                certificate.pk, user=staff, seen_sha256=certificate.content_sha256,
                attestable=TimeCertificate.objects.all(),
            )  # fmt: skip

    errors = _run_together(lambda: claims.submit(claim.pk, user=staff), correct, attest)
    assert not errors, errors
    claim.refresh_from_db()
    assert claim.status == PaymentClaim.Status.SUBMITTED
    _assert_intact(claim)
    # Every correction made a new version; none touched a claimed row.
    corrected = TimeCertificate.objects.filter(programme=programme, version=2)
    assert corrected.count() == len(attested[::2])
    assert not ClaimCertificate.objects.filter(certificate__in=corrected).exists()
