"""The demo step: two simulated waves stored through the real services, once, and the final
follow-up planned."""

import io

import pytest
from django.core.management.base import BaseCommand

from digit.access.roles import Role
from digit.assessments.models import Change, Invitation, Response, Wave
from digit.assessments.pseudonyms import pseudonym_for
from digit.demo.accounts import demo_people
from digit.demo.assessments import simulate_waves
from digit.people.models import Unit
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_organisation():
    root = Unit.objects.get(code="KUL")  # the seed programme's organisation
    units = [make_unit(f"Demo {i}", parent=root) for i in range(4)]
    return [
        make_person(units[n % 4], with_account=False, birth_year=1960 + n, is_manager=n == 0)
        for n in range(60)
    ]


def run():
    command = BaseCommand(stdout=io.StringIO())
    simulate_waves(command, {"seed": 2019})
    return command.stdout.getvalue()


def test_demo_simulates_a_baseline_and_a_follow_up_with_verdicts(seed_organisation):
    output = run()
    baseline, follow_up, final = Wave.objects.order_by("opens_on")
    assert (baseline.kind, follow_up.kind, final.kind) == ("baseline", "follow_up", "follow_up")
    # The seed's original dates here: the plan step (not run) would move them all alike.
    assert baseline.opens_on.year == 2019 and follow_up.opens_on.year == 2020
    assert final.opens_on.year == 2022 and final.opened_at is None  # planned, not answered
    assert not Response.objects.filter(wave=final).exists()
    for wave in (baseline, follow_up):
        responses = Response.objects.filter(wave=wave)
        assert 0.75 * 60 <= responses.count() < 60  # some do not respond
        assert not responses.filter(total_score__isnull=True).exists()
        assert Invitation.objects.filter(wave=wave, sent_at__isnull=True).count() == 0
    assert baseline.programme.measurement.frozen_at is not None
    changes = Change.objects.filter(follow_up=follow_up)
    assert changes.filter(verdict="increased").count() > changes.count() / 2
    active = [
        Response.objects.filter(wave=w, is_active_user=True).count()
        / Response.objects.filter(wave=w).count()
        for w in (baseline, follow_up)
    ]
    assert active[1] > active[0]
    employee = demo_people()[Role.EMPLOYEE]
    assert Change.objects.filter(pseudonym=pseudonym_for(employee.id)).exists()
    assert "simulated" in output


def test_demo_runs_once(seed_organisation):
    run()
    counts = (Wave.objects.count(), Response.objects.count(), Change.objects.count())
    assert "skipped" in run()
    assert (Wave.objects.count(), Response.objects.count(), Change.objects.count()) == counts
