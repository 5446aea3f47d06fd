import datetime

import pytest
from django.utils import timezone

from digit.learning.recommendations import (
    competence_levels,
    recommended_sessions,
    weakest_competences,
)
from digit.learning.services import enrol
from tests.learning.factories import make_activity, make_session

pytestmark = pytest.mark.django_db


def test_sessions_for_the_gaps_at_the_next_level(programme, organisation):
    person = organisation["employee_a"]
    beginner = make_activity(programme, codes=("1.1",), level_from=1, level_to=2)
    advanced = make_activity(programme, codes=("1.1",), level_from=4, level_to=6)
    other = make_activity(programme, codes=("3.1",), level_from=1, level_to=6)
    fits = make_session(beginner)
    make_session(advanced)
    make_session(other)
    found = recommended_sessions(person, ["1.1"], levels={"1.1": 1})
    assert found == [fits]


def test_unknown_level_accepts_any_level_and_best_matches_come_first(programme, organisation):
    person = organisation["employee_a"]
    single = make_session(make_activity(programme, codes=("1.1",), level_from=5, level_to=6))
    double = make_session(
        make_activity(programme, codes=("1.1", "2.1"), level_from=1, level_to=2),
        starts_in=datetime.timedelta(days=20),
    )
    assert recommended_sessions(person, ["1.1", "2.1"], levels={}) == [double, single]


def test_full_past_and_already_enrolled_sessions_are_left_out(programme, organisation):
    person = organisation["employee_a"]
    activity = make_activity(programme, codes=("1.1",), level_from=1, level_to=3)
    full = make_session(activity, capacity=1)
    enrol(session_id=full.pk, person=organisation["employee_b"])
    mine = make_session(activity)
    enrol(session_id=mine.pk, person=person)
    make_session(activity, starts_in=-datetime.timedelta(days=2))
    free = make_session(activity, starts_in=datetime.timedelta(days=30))
    assert recommended_sessions(person, ["1.1"], levels={}) == [free]


def test_levels_and_weakest_competences_come_from_the_stored_scores():
    from digit.assessments.models import Response

    response = Response(
        competence_scores={"1.1": 10.0, "2.1": 95.0, "3.1": 40.0, "4.1": 55.0},
        submitted_at=timezone.now(),
    )
    assert weakest_competences(response) == ["1.1", "3.1", "4.1"]
    levels = competence_levels(response)
    assert levels["1.1"] == 1 and levels["2.1"] == 6
    assert weakest_competences(None) == [] and competence_levels(None) == {}
