"""Evaluation results per activity go through the one suppression rule (issue 17): a small
group where everyone gave the same answer is hidden, as a share of 0 % or 100 % is."""

import pytest

from digit.learning.selectors import evaluation_summary
from digit.learning.services import submit_evaluation
from tests.factories import make_person
from tests.learning.test_evaluation import attended_session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("size", "hidden"), [(6, True), (9, True), (10, False)])
def test_unanimous_answers_in_a_small_group_are_hidden(activity, organisation, staff, size, hidden):
    people = [make_person(organisation["branch_a"]) for _ in range(size)]
    session = attended_session(activity, people, staff)
    for person in people:
        submit_evaluation(session=session, person=person, usefulness=5, will_use="")
    summary = evaluation_summary(activity)
    assert summary["hidden"] is hidden
    assert (summary["mean"] is None) is hidden
