"""The demo's funding step: example unit costs, certificates from attendance, signatures."""

import pytest

from digit.demo.funding import populate_funding
from digit.funding.models import TimeCertificate, UnitCost
from digit.learning.models import Attendance
from digit.people.models import Unit
from digit.programmes.models import Programme
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db


class _Command:
    class stdout:  # noqa: N801 (the shape of a management command's stdout)
        lines: list[str] = []

        @classmethod
        def write(cls, text):
            cls.lines.append(text)


def test_the_step_builds_and_signs_and_can_run_again():
    seed = Programme.objects.get(slug="digit-or-die")
    unit = make_unit(parent=Unit.objects.get(code="KUL"))
    for _ in range(44):
        make_person(unit)
    make_person(unit, managed_units=[unit])  # attests
    populate_funding(_Command, {"seed": 2019})
    assert UnitCost.objects.filter(is_example=True).count() == 7 * 4  # 2019–2022, groups 1–7
    certificates = TimeCertificate.objects.filter(programme=seed, is_current=True)
    attended = Attendance.objects.filter(session__activity__programme=seed, minutes__gt=0)
    assert 80 <= attended.count() <= 90  # a training day a year each, a few absent
    assert certificates.count() == attended.count()  # each in a month of its own
    assert certificates.exclude(status="draft").exists()
    assert certificates.filter(status="attested").exists()
    for certificate in certificates.exclude(status="draft"):
        assert certificate.signed_sha256 == certificate.content_sha256
    before = list(certificates.values_list("pk", "status", "content_sha256"))
    populate_funding(_Command, {"seed": 2019})
    assert list(certificates.values_list("pk", "status", "content_sha256")) == before
