"""Retention: `digit retention --dry-run` lists what is due, `digit retention` deletes and
pseudonymises it in one transaction with an audit entry, and no goal figure changes. The
clock is moved past the programme's end with time-machine."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from digit.assessments.models import Answer, Response
from digit.audit.models import Entry, Kind
from digit.goals.indicators import compute_figures
from digit.learning.models import Evaluation, JournalEntry
from digit.people.models import Person
from digit.privacy import retention
from digit.programmes.forms import ProgrammeForm
from digit.programmes.models import Programme
from tests.assessments.conftest import baseline_and_follow_up, submit_answers
from tests.factories import make_person
from tests.learning.factories import make_activity, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_with_data(organisation):
    """Eight people answered both waves of the seed programme, wrote in the journal and an
    evaluation; two of them have left."""
    people = [make_person(organisation["branch_a"]) for _ in range(8)]
    baseline, follow_up = baseline_and_follow_up(people)
    for person in people:
        submit_answers(follow_up, person, lambda item: 3)
    programme = baseline.programme
    session = make_session(make_activity(programme))
    for person in people:
        JournalEntry.objects.create(person=person, session=session, text="privat")
        Evaluation.objects.create(session=session, person=person, usefulness=4, will_use="allt")
    left = people[:2]
    Person.objects.filter(pk__in=[p.pk for p in left]).update(left_on=timezone.localdate())
    return {"programme": programme, "people": people, "left": left}


def at(programme, years, days=1):
    """Noon, ``years`` years and ``days`` days after the programme's end."""
    day = retention.years_after(programme.ends_on, years) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def published(programme):
    figures = compute_figures(programme)
    return (figures.indicators, figures.participation, figures.population, figures.non_response)


def run(*args):
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_what_is_due_and_changes_nothing(programme_with_data):
    programme = programme_with_data["programme"]
    answers = Answer.objects.count()
    with time_machine.travel(at(programme, 5), tick=False):
        output = run("--dry-run")
    assert f"{programme.slug}\tanswers" in output
    assert f"{programme.slug}\tjournal\t" in output and "\t8 " in output
    assert f"{programme.slug}\tidentity\t" in output and "\t2 " in output
    assert Answer.objects.count() == answers
    assert JournalEntry.objects.count() == 8
    assert not Person.objects.filter(pseudonymised_on__isnull=False).exists()
    assert not Entry.objects.filter(kind=Kind.RETENTION_APPLIED).exists()


def test_each_kind_goes_when_its_own_period_is_over(programme_with_data):
    programme = programme_with_data["programme"]
    before = Answer.objects.count()
    with time_machine.travel(at(programme, 0, days=0), tick=False):
        assert "Inget är" in run() or "Nothing is due" in run()
    with time_machine.travel(at(programme, 1), tick=False):
        run()
    assert JournalEntry.objects.count() == 0  # one year
    assert set(Evaluation.objects.values_list("will_use", flat=True)) == {""}
    assert set(Evaluation.objects.values_list("usefulness", flat=True)) == {4}
    assert Answer.objects.count() == before  # two years
    with time_machine.travel(at(programme, 2), tick=False):
        run()
    assert Answer.objects.count() == 0
    assert not Person.objects.filter(pseudonymised_on__isnull=False).exists()  # five years


def test_retention_leaves_the_published_figures_as_they_were(programme_with_data):
    programme = programme_with_data["programme"]
    left = programme_with_data["left"]
    with time_machine.travel(at(programme, 5), tick=False):
        figures = published(programme)
        totals = sorted(Response.objects.values_list("total_score", flat=True))
        run()
        assert published(programme) == figures
    assert sorted(Response.objects.values_list("total_score", flat=True)) == totals
    assert Answer.objects.count() == 0
    for person in Person.objects.filter(pk__in=[p.pk for p in left]):
        assert person.pseudonymised_on is not None
        assert person.last_name == f"pseudonym-{person.pk}" and person.hourly_cost is None
        assert not person.user.is_active and person.user.email.endswith(".invalid")
    assert Person.objects.filter(pseudonymised_on__isnull=True).count() >= 6  # still employed
    [entry] = Entry.objects.filter(kind=Kind.RETENTION_APPLIED)
    assert "identity: 2" in entry.detail and "answers" in entry.detail
    with time_machine.travel(at(programme, 5), tick=False):
        assert retention.plan(timezone.localdate()) == []  # nothing left to do


def test_a_failure_leaves_everything_as_it_was(programme_with_data, monkeypatch):
    programme = programme_with_data["programme"]
    answers = Answer.objects.count()

    def fail(person, today):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "pseudonymise", fail)
    with time_machine.travel(at(programme, 5), tick=False), pytest.raises(RuntimeError):
        run()
    assert Answer.objects.count() == answers and JournalEntry.objects.count() == 8
    assert not Entry.objects.filter(kind=Kind.RETENTION_APPLIED).exists()


def test_identities_are_kept_at_least_the_funders_five_years(organisation):
    programme = Programme.objects.get(slug="digit-or-die")
    data = {
        f: getattr(programme, f)
        for f in ProgrammeForm._meta.fields  # type: ignore[union-attr]
        if f != "scope"
    }
    form = ProgrammeForm(
        {**data, "scope": programme.scope_id, "keep_identity_years": 4,
         "target_increased_share": 80, "target_active_share": 40, "target_unit_coverage": 100},
        instance=programme,
        units=type(programme.scope).objects.all(),
    )  # fmt: skip
    assert "keep_identity_years" in form.errors
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(keep_identity_years=4)
