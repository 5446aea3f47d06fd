"""Time certificates: built from attendance, counted by the programme's rule, signed only by
the participant after re-authentication, attested, never changed once signed."""

import datetime

import pytest
from django.urls import reverse

from digit.access.roles import Role
from digit.finance.hours import content_digest
from digit.funding import certificates
from digit.funding.models import TimeCertificate
from digit.learning.models import Attendance
from tests.factories import PASSWORD, make_account
from tests.funding.factories import attend, last_month, make_funded_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organisation):
    return make_funded_programme(organisation["root"])


@pytest.fixture
def month():
    return last_month()


def _only(programme, person, **filters):
    return TimeCertificate.objects.get(programme=programme, person=person, **filters)


def test_a_month_of_attendance_becomes_one_certificate_counted_in_whole_hours_down(
    programme, organisation, month
):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=180, title="Sök information")
    attend(programme, anna, day=month.replace(day=10), minutes=110, title="Teams")  # partial
    attend(programme, anna, day=month.replace(day=12), minutes=0, status="absent")
    attend(programme, anna, day=next_month_day(month), minutes=120)  # next month: not counted
    result = certificates.build_month(programme, month)
    assert result.created == 1
    certificate = _only(programme, anna, is_current=True)
    assert certificate.recorded_minutes == 290
    assert certificate.counted_minutes == 240  # 4 h 50 min → 4 h
    assert certificate.value_ore == 4 * 30000
    assert [row[1:] for row in certificate.sessions] == [
        ["Sök information", "present", 180],
        ["Teams", "partial", 110],
    ]
    assert certificate.content_sha256 == content_digest(certificate.content)


def next_month_day(month):
    return certificates.next_month(month).replace(day=2)


def test_the_rule_is_a_programme_setting(programme, organisation, month):
    plan = programme.funding_plan
    plan.hours_rule = "exact_minutes"
    plan.save()
    attend(programme, organisation["employee_a"], day=month.replace(day=3), minutes=110)
    certificates.build_month(programme, month)
    certificate = _only(programme, organisation["employee_a"])
    assert certificate.counted_minutes == 110
    assert certificate.value_ore == 55000  # 110/60 × 300 kr


def test_the_alternative_method_values_hours_at_the_hr_cost_with_social_fees(
    programme, organisation, month
):
    plan = programme.funding_plan
    plan.valuation = "hourly_cost"
    plan.save()
    attend(programme, organisation["employee_a"], day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    # make_person: 320 kr an hour; × 1.4 = 448 kr; 2 h = 896 kr
    assert _only(programme, organisation["employee_a"]).value_ore == 89600


def test_building_again_changes_nothing_and_a_draft_follows_corrections(
    programme, organisation, month
):
    anna = organisation["employee_a"]
    attendance = attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    again = certificates.build_month(programme, month)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    attendance.minutes = 60
    attendance.status = Attendance.Status.PARTIAL
    attendance.save()
    result = certificates.build_month(programme, month)
    assert result.updated == 1
    certificate = _only(programme, anna)
    assert (certificate.version, certificate.counted_minutes) == (1, 60)


def test_a_signed_certificate_never_changes_a_correction_makes_a_new_version(
    programme, organisation, month
):
    anna = organisation["employee_a"]
    attendance = attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    signed = certificates.sign(
        _only(programme, anna).pk, user=anna.user, seen_sha256=_only(programme, anna).content_sha256
    )
    signed_content, signed_hash = signed.content, signed.content_sha256
    attendance.minutes, attendance.status = 60, Attendance.Status.PARTIAL
    attendance.save()
    result = certificates.build_month(programme, month, reason="Närvaron rättad av ledaren")
    assert result.new_versions == 1
    old = TimeCertificate.objects.get(pk=signed.pk)
    assert (old.content, old.content_sha256, old.status) == (signed_content, signed_hash, "signed")
    assert not old.is_current
    new = _only(programme, anna, is_current=True)
    assert (new.version, new.previous_id, new.status) == (2, old.pk, "draft")
    assert new.reason == "Närvaron rättad av ledaren"
    assert new.counted_minutes == 60


def test_a_signature_must_cover_the_stored_content(programme, organisation, month):
    from django.db import IntegrityError, transaction

    attend(programme, organisation["employee_a"], day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    certificate = _only(programme, organisation["employee_a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeCertificate.objects.filter(pk=certificate.pk).update(
            status="signed", signed_sha256="0" * 64, signed_at=certificate.created_at
        )


def test_signing_what_one_did_not_see_is_refused(programme, organisation, month):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    with pytest.raises(certificates.CertificateRefused):
        certificates.sign(_only(programme, anna).pk, user=anna.user, seen_sha256="f" * 64)
    assert _only(programme, anna).status == "draft"


def _sign_url(certificate):
    return reverse("funding:certificate_sign", args=[certificate.pk])


def test_the_participant_signs_after_reauthenticating(client, programme, organisation, month):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    certificate = _only(programme, anna)
    client.login(email=anna.email, password=PASSWORD)
    page = client.get(reverse("funding:certificate", args=[certificate.pk])).content.decode()
    assert "Signera intyget" in page
    data = {"sha256": certificate.content_sha256, "confirm": "on"}
    response = client.post(_sign_url(certificate), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert _only(programme, anna).status == "draft"  # nothing signed before the password
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    certificate.refresh_from_db()
    assert certificate.status == "signed"
    assert certificate.signed_by == anna.user
    assert certificate.signed_sha256 == certificate.content_sha256
    assert "Du har signerat intyget." in response.content.decode()


def test_a_wrong_password_signs_nothing(client, programme, organisation, month):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    certificate = _only(programme, anna)
    client.login(email=anna.email, password=PASSWORD)
    response = client.post(
        _sign_url(certificate), {"sha256": certificate.content_sha256, "confirm": "on"}
    )
    client.post(response["Location"], {"password": "not the password at all"})
    assert _only(programme, anna).status == "draft"


@pytest.mark.parametrize(
    "who", ["manager", "staff", "finance", "colleague"], ids=lambda who: f"{who}-gets-404"
)
def test_nobody_signs_someone_elses_certificate(client, programme, organisation, month, who):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    certificate = _only(programme, anna)
    user = {
        "manager": lambda: organisation["library_manager"].user,
        "staff": lambda: make_account(Role.PROGRAMME_STAFF),
        "finance": lambda: make_account(Role.FINANCE),
        "colleague": lambda: organisation["employee_b"].user,
    }[who]()
    client.login(email=user.email, password=PASSWORD)
    data = {"sha256": certificate.content_sha256, "confirm": "on"}
    assert client.post(_sign_url(certificate), data).status_code == 404
    assert _only(programme, anna).status == "draft"


def test_the_manager_attests_a_signed_certificate_of_their_staff(
    client, programme, organisation, month
):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    certificate = _only(programme, anna)
    certificates.sign(certificate.pk, user=anna.user, seen_sha256=certificate.content_sha256)
    manager = organisation["library_manager"].user
    client.login(email=manager.email, password=PASSWORD)
    url = reverse("funding:certificate_attest", args=[certificate.pk])
    assert client.post(url, {"sha256": certificate.content_sha256}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "attested"
    assert (certificate.attested_by, certificate.attested_sha256) == (
        manager,
        certificate.content_sha256,
    )
    # The museum's manager does not manage branch A.
    other = organisation["museum_manager"].user
    client.login(email=other.email, password=PASSWORD)
    assert client.post(url, {"sha256": certificate.content_sha256}).status_code == 404


def test_an_unsigned_certificate_cannot_be_attested(programme, organisation, month):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    certificate = _only(programme, anna)
    staff = make_account(Role.PROGRAMME_STAFF)
    with pytest.raises(certificates.CertificateRefused):
        certificates.attest(
            certificate.pk,
            user=staff,
            seen_sha256=certificate.content_sha256,
            attestable=TimeCertificate.objects.all(),
        )


def test_a_leaver_keeps_their_certificates_and_unsigned_ones_are_flagged(
    client, programme, organisation, month
):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    anna.left_on = datetime.date.today()
    anna.save()
    assert _only(programme, anna).status == "draft"
    client.login(email=make_account(Role.FINANCE).email, password=PASSWORD)
    page = client.get(reverse("funding:month", args=[programme.pk, month.year, month.month]))
    assert "slutat; ej signerat" in page.content.decode()


def test_the_certificate_pdf_is_tagged_pdf_ua_with_language_and_title(
    client, programme, organisation, month
):
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    certificate = _only(programme, anna)
    client.login(email=anna.email, password=PASSWORD)
    response = client.get(reverse("funding:certificate_pdf", args=[certificate.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pdf = _pdf_text(response.content)
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf  # tagged
    assert b"/Lang" in pdf
    assert b"pdfuaid" in pdf  # PDF/UA identification in the XMP metadata
    assert b"/DisplayDocTitle true" in pdf


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated (its catalogue sits in an object stream)."""
    import re
    import zlib

    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_monthly_compilation_pdf(client, programme, organisation, month):
    for person in (organisation["employee_a"], organisation["employee_b"]):
        attend(programme, person, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    client.login(email=make_account(Role.AUDITOR).email, password=PASSWORD)
    url = reverse("funding:month_pdf", args=[programme.pk, month.year, month.month])
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


def test_finance_builds_a_month_from_the_page(client, programme, organisation, month):
    attend(programme, organisation["employee_a"], day=month.replace(day=3), minutes=120)
    client.login(email=make_account(Role.FINANCE).email, password=PASSWORD)
    url = reverse("funding:month_build", args=[programme.pk, month.year, month.month])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "1 nya" in response.content.decode()
    assert TimeCertificate.objects.filter(programme=programme).count() == 1


def test_a_month_without_a_unit_cost_is_refused_with_a_reason(
    client, programme, organisation, month
):
    from digit.funding.models import UnitCost

    UnitCost.objects.filter(year=month.year).delete()
    attend(programme, organisation["employee_a"], day=month.replace(day=3), minutes=120)
    with pytest.raises(certificates.MissingUnitCost):
        certificates.build_month(programme, month)
    assert not TimeCertificate.objects.exists()


def test_employees_see_only_their_own_certificates(client, programme, organisation, month):
    for person in (organisation["employee_a"], organisation["employee_b"]):
        attend(programme, person, day=month.replace(day=3), minutes=120)
    certificates.build_month(programme, month)
    anna = organisation["employee_a"]
    client.login(email=anna.email, password=PASSWORD)
    page = client.get(reverse("funding:my_certificates")).content.decode()
    mine = _only(programme, anna)
    theirs = _only(programme, organisation["employee_b"])
    assert reverse("funding:certificate", args=[mine.pk]) in page
    assert reverse("funding:certificate", args=[theirs.pk]) not in page
    assert client.get(reverse("funding:certificate", args=[theirs.pk])).status_code == 404
