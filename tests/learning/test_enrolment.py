import datetime

import pytest
from django.db import IntegrityError, transaction

from digit.learning.models import Enrolment, Session
from digit.learning.services import EnrolmentError, SessionFull, cancel, enrol
from tests.factories import make_person
from tests.learning.factories import make_session

pytestmark = pytest.mark.django_db


def seats(session):
    session.refresh_from_db()
    return session.seats_taken


def test_enrolment_takes_a_seat(session, organisation):
    enrolment = enrol(session_id=session.pk, person=organisation["employee_a"])
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert seats(session) == 1


def test_full_session_is_refused_without_waiting_list_and_changes_nothing(session, organisation):
    enrol(session_id=session.pk, person=organisation["employee_a"])
    enrol(session_id=session.pk, person=organisation["employee_b"])
    with pytest.raises(SessionFull):
        enrol(session_id=session.pk, person=organisation["employee_museum"])
    assert not Enrolment.objects.filter(person=organisation["employee_museum"]).exists()
    assert seats(session) == 2


def test_full_session_offers_the_waiting_list(session, organisation):
    enrol(session_id=session.pk, person=organisation["employee_a"])
    enrol(session_id=session.pk, person=organisation["employee_b"])
    waiting = enrol(
        session_id=session.pk, person=organisation["employee_museum"], waiting_list=True
    )
    assert waiting.status == Enrolment.Status.WAITING
    assert seats(session) == 2


def test_double_enrolment_is_refused(session, organisation):
    enrol(session_id=session.pk, person=organisation["employee_a"])
    with pytest.raises(EnrolmentError, match="redan anmäld"):
        enrol(session_id=session.pk, person=organisation["employee_a"])
    assert Enrolment.objects.filter(person=organisation["employee_a"]).count() == 1
    assert seats(session) == 1


def test_database_refuses_two_active_enrolments_of_one_person(session, organisation):
    Enrolment.objects.create(session=session, person=organisation["employee_a"], status="enrolled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            session=session, person=organisation["employee_a"], status="waiting"
        )


def test_database_refuses_more_seats_than_capacity(session):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(seats_taken=session.capacity + 1)


def test_cancel_moves_the_first_on_the_waiting_list_up(session, organisation):
    first = enrol(session_id=session.pk, person=organisation["employee_a"])
    enrol(session_id=session.pk, person=organisation["employee_b"])
    museum = enrol(session_id=session.pk, person=organisation["employee_museum"], waiting_list=True)
    later = enrol(session_id=session.pk, person=organisation["library_manager"], waiting_list=True)
    promoted = cancel(enrolment_id=first.pk, person=organisation["employee_a"])
    assert promoted.pk == museum.pk
    museum.refresh_from_db()
    later.refresh_from_db()
    first.refresh_from_db()
    assert museum.status == Enrolment.Status.ENROLLED
    assert later.status == Enrolment.Status.WAITING
    assert first.status == Enrolment.Status.CANCELLED
    assert seats(session) == 2


def test_cancel_without_waiting_list_frees_the_seat(session, organisation):
    enrolment = enrol(session_id=session.pk, person=organisation["employee_a"])
    assert cancel(enrolment_id=enrolment.pk, person=organisation["employee_a"]) is None
    assert seats(session) == 0


def test_cancelled_person_can_enrol_again(session, organisation):
    enrolment = enrol(session_id=session.pk, person=organisation["employee_a"])
    cancel(enrolment_id=enrolment.pk, person=organisation["employee_a"])
    again = enrol(session_id=session.pk, person=organisation["employee_a"])
    assert again.status == Enrolment.Status.ENROLLED and seats(session) == 1


def test_cancel_past_the_deadline_is_refused_and_changes_nothing(activity, organisation):
    session = make_session(activity, starts_in=datetime.timedelta(hours=5))  # deadline: -1 day
    enrolment = enrol(session_id=session.pk, person=organisation["employee_a"])
    with pytest.raises(EnrolmentError, match="Sista dag för avbokning har passerat"):
        cancel(enrolment_id=enrolment.pk, person=organisation["employee_a"])
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert seats(session) == 1


def test_staff_may_cancel_past_the_deadline(activity, organisation):
    session = make_session(activity, starts_in=datetime.timedelta(hours=5))
    enrolment = enrol(session_id=session.pk, person=organisation["employee_a"])
    cancel(enrolment_id=enrolment.pk, by_staff=True)
    assert seats(session) == 0


def test_nobody_cancels_someone_elses_enrolment(session, organisation):
    enrolment = enrol(session_id=session.pk, person=organisation["employee_a"])
    with pytest.raises(Enrolment.DoesNotExist):
        cancel(enrolment_id=enrolment.pk, person=organisation["employee_b"])
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_enrolment_after_start_is_refused(activity, organisation):
    session = make_session(activity, starts_in=-datetime.timedelta(hours=1))
    with pytest.raises(EnrolmentError, match="redan börjat"):
        enrol(session_id=session.pk, person=organisation["employee_a"])


def test_staff_enrol_someone_and_it_is_recorded(session, organisation, staff):
    person = make_person(organisation["branch_a"])
    enrolment = enrol(session_id=session.pk, person=person, by=staff)
    assert enrolment.enrolled_by == staff


def test_a_larger_capacity_moves_the_waiting_list_up(session, organisation, staff):
    from digit.learning.forms import SessionForm
    from digit.learning.services import save_session

    for key in ("employee_a", "employee_b"):
        enrol(session_id=session.pk, person=organisation[key])
    first = enrol(session_id=session.pk, person=organisation["employee_museum"], waiting_list=True)
    second = enrol(session_id=session.pk, person=organisation["library_manager"], waiting_list=True)
    data = {
        "starts_at": session.starts_at.strftime("%Y-%m-%d %H:%M"),
        "ends_at": session.ends_at.strftime("%Y-%m-%d %H:%M"),
        "place": session.place,
        "capacity": 3,
        "external_trainer": "Extern",
        "cancellation_deadline": session.cancellation_deadline.strftime("%Y-%m-%d %H:%M"),
    }
    form = SessionForm(data, instance=session, leaders=organisation["root"].people.none())
    assert form.is_valid(), form.errors
    save_session(form)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Enrolment.Status.ENROLLED
    assert second.status == Enrolment.Status.WAITING
    assert seats(session) == 3


def test_capacity_below_the_enrolled_is_refused(session, organisation):
    from digit.learning.forms import SessionForm

    for key in ("employee_a", "employee_b"):
        enrol(session_id=session.pk, person=organisation[key])
    session.refresh_from_db()
    data = {
        "starts_at": session.starts_at.strftime("%Y-%m-%d %H:%M"),
        "ends_at": session.ends_at.strftime("%Y-%m-%d %H:%M"),
        "place": session.place,
        "capacity": 1,
        "external_trainer": "Extern",
        "cancellation_deadline": session.cancellation_deadline.strftime("%Y-%m-%d %H:%M"),
    }
    form = SessionForm(data, instance=session, leaders=organisation["root"].people.none())
    assert not form.is_valid() and "capacity" in form.errors
