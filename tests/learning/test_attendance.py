import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from digit.learning.models import Attendance, AttendanceChange
from digit.learning.selectors import hours_by_month, hours_in_year
from digit.learning.services import enrol, register_attendance
from tests.learning.factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_session(activity, organisation):
    session = make_session(activity, starts_in=datetime.timedelta(days=3), capacity=5)
    for key in ("employee_a", "employee_b"):
        enrol(session_id=session.pk, person=organisation[key])
    # The session took place: move it into the past (March last year, 10:00–12:00).
    start = timezone.make_aware(datetime.datetime(timezone.localdate().year - 1, 3, 10, 10))
    session.starts_at = start
    session.ends_at = start + datetime.timedelta(hours=2)
    session.cancellation_deadline = start - datetime.timedelta(days=1)
    session.save(update_fields=["starts_at", "ends_at", "cancellation_deadline"])
    return session


def test_present_counts_the_whole_session_and_partial_the_minutes(
    past_session, organisation, staff
):
    a, b = organisation["employee_a"], organisation["employee_b"]
    register_attendance(
        session=past_session,
        marks={a.pk: ("present", None), b.pk: ("partial", 45)},
        by=staff,
    )
    assert Attendance.objects.get(person=a).minutes == 120
    assert Attendance.objects.get(person=b).minutes == 45
    year = timezone.localdate().year - 1
    assert hours_by_month(a, year) == [(datetime.date(year, 3, 1), 2.0)]
    assert hours_in_year(b, year) == 0.75


def test_hours_accumulate_per_month(activity, organisation, staff):
    person = organisation["employee_a"]
    year = timezone.localdate().year - 1
    for month, day in ((3, 1), (3, 20), (4, 2)):
        session = make_session(activity, capacity=5)
        enrol(session_id=session.pk, person=person)
        start = timezone.make_aware(datetime.datetime(year, month, day, 9))
        session.starts_at, session.ends_at = start, start + datetime.timedelta(minutes=90)
        session.cancellation_deadline = start
        session.save(update_fields=["starts_at", "ends_at", "cancellation_deadline"])
        register_attendance(session=session, marks={person.pk: ("present", None)}, by=staff)
    assert hours_by_month(person, year) == [
        (datetime.date(year, 3, 1), 3.0),
        (datetime.date(year, 4, 1), 1.5),
    ]


def test_a_correction_is_logged_with_before_and_after(past_session, organisation, staff):
    a = organisation["employee_a"]
    register_attendance(session=past_session, marks={a.pk: ("present", None)}, by=staff)
    register_attendance(session=past_session, marks={a.pk: ("partial", 30)}, by=staff)
    attendance = Attendance.objects.get(person=a)
    assert (attendance.status, attendance.minutes) == ("partial", 30)
    change = AttendanceChange.objects.get(attendance=attendance)
    assert (change.status_before, change.minutes_before) == ("present", 120)
    assert (change.status_after, change.minutes_after) == ("partial", 30)
    assert change.changed_by == staff and change.changed_at is not None


def test_registering_the_same_again_logs_nothing(past_session, organisation, staff):
    a = organisation["employee_a"]
    register_attendance(session=past_session, marks={a.pk: ("absent", None)}, by=staff)
    register_attendance(session=past_session, marks={a.pk: ("absent", None)}, by=staff)
    assert not AttendanceChange.objects.exists()


def test_partial_without_minutes_is_refused_and_changes_nothing(past_session, organisation, staff):
    a, b = organisation["employee_a"], organisation["employee_b"]
    with pytest.raises(ValidationError):
        register_attendance(
            session=past_session,
            marks={a.pk: ("present", None), b.pk: ("partial", None)},
            by=staff,
        )
    assert not Attendance.objects.exists()


def test_people_not_enrolled_cannot_be_marked(past_session, organisation, staff):
    with pytest.raises(ValidationError):
        register_attendance(
            session=past_session,
            marks={organisation["employee_museum"].pk: ("present", None)},
            by=staff,
        )
    assert not Attendance.objects.exists()


def test_a_session_with_attendance_cannot_be_deleted(past_session, organisation, staff):
    from django.db.models import ProtectedError

    register_attendance(
        session=past_session, marks={organisation["employee_a"].pk: ("present", None)}, by=staff
    )
    with pytest.raises(ProtectedError):
        past_session.delete()
    assert Attendance.objects.count() == 1
