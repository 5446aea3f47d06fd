"""Two people cannot get the last seat: real threads, real PostgreSQL row locks."""

import threading

import pytest
from django.db import connection, connections

from digit.learning.models import Enrolment
from digit.learning.services import EnrolmentError, enrol
from tests.factories import make_person
from tests.learning.factories import make_session

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def test_ten_concurrent_requests_for_the_last_seat_give_exactly_one_enrolment(
    activity, organisation
):
    session = make_session(activity, capacity=3)
    for key in ("employee_a", "employee_b"):
        enrol(session_id=session.pk, person=organisation[key])
    people = [make_person(organisation["branch_a"]) for _ in range(10)]
    start = threading.Barrier(len(people))
    outcomes = []

    def request(person):
        try:
            start.wait()
            enrol(session_id=session.pk, person=person)
            outcomes.append("enrolled")
        except EnrolmentError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("enrolled") == 1
    assert outcomes.count("refused") == 9
    session.refresh_from_db()
    assert session.seats_taken == 3
    assert session.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == 3


def test_concurrent_double_clicks_by_one_person_give_one_enrolment(activity, organisation):
    session = make_session(activity, capacity=5)
    person = organisation["employee_a"]
    start = threading.Barrier(5)
    outcomes = []

    def request():
        try:
            start.wait()
            enrol(session_id=session.pk, person=person)
            outcomes.append("enrolled")
        except EnrolmentError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("enrolled") == 1
    session.refresh_from_db()
    assert session.seats_taken == 1
