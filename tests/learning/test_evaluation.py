import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from digit.learning.selectors import evaluation_summary, sessions_to_evaluate
from digit.learning.services import enrol, register_attendance, submit_evaluation
from tests.factories import make_person
from tests.learning.factories import make_session, move_to_past

pytestmark = pytest.mark.django_db


def attended_session(activity, people, staff, absent=()):
    session = make_session(activity, capacity=len(people) + len(absent))
    for person in [*people, *absent]:
        enrol(session_id=session.pk, person=person)
    move_to_past(session)
    marks = {p.pk: ("present", None) for p in people}
    marks |= {p.pk: ("absent", None) for p in absent}
    register_attendance(session=session, marks=marks, by=staff)
    return session


def test_results_are_hidden_below_the_minimum_cell_size(activity, organisation, staff):
    people = [make_person(organisation["branch_a"]) for _ in range(5)]
    session = attended_session(activity, people, staff)
    for person in people[:4]:
        submit_evaluation(session=session, person=person, usefulness=4, will_use="Teams")
    summary = evaluation_summary(activity)
    assert summary["hidden"] and summary["mean"] is None and summary["comments"] == []
    submit_evaluation(session=session, person=people[4], usefulness=2, will_use="")
    summary = evaluation_summary(activity)
    assert not summary["hidden"] and summary["count"] == 5
    assert summary["mean"] == pytest.approx(3.6)
    assert dict(summary["distribution"]) == {1: 0, 2: 1, 3: 0, 4: 4, 5: 0}
    assert summary["comments"] == ["Teams"] * 4


@override_settings(DIGIT_MIN_CELL_SIZE=10)
def test_a_raised_cell_size_is_respected(activity, organisation, staff):
    people = [make_person(organisation["branch_a"]) for _ in range(6)]
    session = attended_session(activity, people, staff)
    for person in people:
        submit_evaluation(session=session, person=person, usefulness=5, will_use="")
    assert evaluation_summary(activity)["hidden"]


def test_only_attendees_evaluate_and_only_once(activity, organisation, staff):
    present, absent = organisation["employee_a"], organisation["employee_b"]
    session = attended_session(activity, [present], staff, absent=[absent])
    assert list(sessions_to_evaluate(present)) == [session]
    assert list(sessions_to_evaluate(absent)) == []
    with pytest.raises(ValidationError):
        submit_evaluation(session=session, person=absent, usefulness=3, will_use="")
    submit_evaluation(session=session, person=present, usefulness=3, will_use="")
    with pytest.raises(ValidationError):
        submit_evaluation(session=session, person=present, usefulness=5, will_use="")
    assert list(sessions_to_evaluate(present)) == []
