"""The reporting demo step: pseudo identity numbers that agree with the birth year, a history
of sent monthly files with one month to send again; safe to run twice."""

import pytest
from django.utils import timezone

from digit.demo.reporting import populate_reporting
from digit.people import identity_seal
from digit.people.identity_number import Kind, parse
from digit.programmes.models import Programme
from digit.reporting.models import MonthlyFile
from digit.reporting.monthly_files import overview
from tests.factories import make_person
from tests.people.test_demo_step import FakeCommand
from tests.reporting.factories import attend, past_session

pytestmark = pytest.mark.django_db


def test_demo_numbers_are_pseudo_numbers_of_the_right_year_and_months_have_a_history(
    organisation,
):
    programme = Programme.objects.get(slug="digit-or-die")
    days_ago = (timezone.localdate() - programme.starts_on).days - 40
    for offset in range(3):
        person = make_person(organisation["branch_a"], birth_year=1970 + offset)
        attend(person, past_session(programme, days_ago=days_ago - 35 * offset))
    command = FakeCommand()
    populate_reporting(command, {"seed": 3})
    person = organisation["employee_a"]
    person.refresh_from_db()
    number = parse(identity_seal.unseal(person.identity_number_sealed), on=timezone.localdate())
    assert number.kind is Kind.PSEUDO and number.birth_year == person.birth_year
    sent = MonthlyFile.objects.filter(programme=programme, sent_at__isnull=False).count()
    assert sent > 3
    assert overview(programme).to_resend  # the demo's late correction
    snapshot = (person.identity_number_sealed, MonthlyFile.objects.count())
    populate_reporting(command, {"seed": 3})
    person.refresh_from_db()
    assert (person.identity_number_sealed, MonthlyFile.objects.count()) == snapshot
    assert "pseudo identity numbers" in command.lines[-1]
