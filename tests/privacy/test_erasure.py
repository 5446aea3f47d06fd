"""Erasure of one person on request: staff only; answers, journal and written evaluations go
at once; the identity only once the person has left and no programme must keep it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from digit.assessments.models import Answer, Response
from digit.assessments.pseudonyms import pseudonym_for
from digit.audit.models import Entry, Kind
from digit.learning.models import Evaluation, JournalEntry
from digit.people.models import Person
from digit.privacy import retention
from tests.assessments.conftest import baseline_and_follow_up
from tests.factories import make_person
from tests.learning.factories import make_activity, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organisation):
    people = [make_person(organisation["branch_a"]) for _ in range(6)]
    baseline, _follow_up = baseline_and_follow_up(people)
    session = make_session(make_activity(baseline.programme))
    for person in people:
        JournalEntry.objects.create(person=person, session=session, text="privat")
        Evaluation.objects.create(session=session, person=person, usefulness=5, will_use="allt")
    return people


def answers_of(person):
    return Answer.objects.filter(response__pseudonym=pseudonym_for(person.pk)).count()


def test_staff_erase_a_current_employee_s_answers_journal_and_texts_but_not_the_identity(
    client, staff, people
):
    person, other = people[0], people[1]
    responses = Response.objects.filter(pseudonym=pseudonym_for(person.pk)).count()
    assert responses and answers_of(person)
    client.force_login(staff)
    page = client.get(reverse("privacy:erase", args=[person.pk]))
    assert "fortfarande anställd" in page.content.decode()
    response = client.post(reverse("privacy:erase", args=[person.pk]))
    assert response.status_code == 302
    assert answers_of(person) == 0 and answers_of(other) > 0
    # The responses and their stored scores stay: the figures do not change.
    assert Response.objects.filter(pseudonym=pseudonym_for(person.pk)).count() == responses
    assert not JournalEntry.objects.filter(person=person).exists()
    assert Evaluation.objects.get(person=person).will_use == ""
    assert Evaluation.objects.get(person=other).will_use == "allt"
    person.refresh_from_db()
    assert person.pseudonymised_on is None and person.user.is_active
    [entry] = Entry.objects.filter(kind=Kind.PERSON_ERASED)
    assert (entry.actor, entry.subject_person_id) == (staff, person.pk)
    assert "kept until leaving" in entry.detail


def test_a_leaver_keeps_the_identity_while_the_funder_may_audit_then_loses_it(people):
    person = people[0]
    Person.objects.filter(pk=person.pk).update(left_on=timezone.localdate())
    person.refresh_from_db()
    kept = retention.identity_kept_until(person)
    programme_end = person.invitations.first().wave.programme.ends_on
    assert kept == retention.years_after(programme_end, 5) - datetime.timedelta(days=1)
    erased = retention.erase_person(person=person, today=timezone.localdate())
    assert not erased.pseudonymised and erased.identity_kept_until == kept
    later = datetime.datetime.combine(
        kept + datetime.timedelta(days=1), datetime.time(12), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(later, tick=False):
        erased = retention.erase_person(person=person, today=timezone.localdate())
    assert erased.pseudonymised
    person.refresh_from_db()
    assert person.last_name == f"pseudonym-{person.pk}" and not person.user.is_active


def test_only_programme_staff_may_erase(client, auditor, people):
    person = people[0]
    client.force_login(auditor)
    assert client.post(reverse("privacy:erase", args=[person.pk])).status_code == 403
    client.force_login(people[1].user)
    assert client.post(reverse("privacy:erase", args=[person.pk])).status_code == 403
    assert answers_of(person) > 0
