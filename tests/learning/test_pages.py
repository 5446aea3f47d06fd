"""The learning pages through the real views: access rules, messages, nothing changed on bad
input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from digit.learning.models import Activity, Attendance, Enrolment, Evaluation, JournalEntry
from digit.learning.services import enrol, register_attendance
from tests.factories import make_person
from tests.learning.factories import make_session, move_to_past

pytestmark = pytest.mark.django_db


def sign_in(client, person_or_user):
    user = getattr(person_or_user, "user", person_or_user)
    client.force_login(user)
    return client


def test_catalogue_lists_activities_and_filters_by_kind(client, organisation, activity):
    sign_in(client, organisation["employee_a"])
    response = client.get(reverse("learning:catalogue"))
    assert activity.title_sv in response.text
    response = client.get(reverse("learning:catalogue"), {"kind": "course"})
    assert activity.title_sv not in response.text


def test_employee_enrols_through_the_page(client, organisation, session):
    sign_in(client, organisation["employee_a"])
    response = client.post(reverse("learning:enrol", args=[session.pk]), follow=True)
    assert "Du är anmäld" in response.text or "enrolled" in response.text
    assert Enrolment.objects.get(person=organisation["employee_a"]).status == "enrolled"


def test_double_enrolment_through_the_page_shows_a_clear_message(client, organisation, session):
    sign_in(client, organisation["employee_a"])
    client.post(reverse("learning:enrol", args=[session.pk]))
    response = client.post(reverse("learning:enrol", args=[session.pk]), follow=True)
    assert response.status_code == 200
    assert Enrolment.objects.filter(person=organisation["employee_a"]).count() == 1
    messages = [str(m) for m in response.context["messages"]]
    assert "redan" in messages[-1] or "already" in messages[-1]


def test_full_session_page_offers_the_waiting_list(client, organisation, session):
    enrol(session_id=session.pk, person=organisation["employee_b"])
    enrol(session_id=session.pk, person=organisation["employee_museum"])
    sign_in(client, organisation["employee_a"])
    response = client.post(reverse("learning:enrol", args=[session.pk]), follow=True)
    assert not Enrolment.objects.filter(person=organisation["employee_a"]).exists()
    assert 'name="waiting_list"' in response.text
    client.post(reverse("learning:enrol", args=[session.pk]), {"waiting_list": "1"})
    assert Enrolment.objects.get(person=organisation["employee_a"]).status == "waiting"


def test_ics_has_stockholm_times_uid_and_organizer(client, organisation, activity):
    # 10 June next year: always ahead, always in summer time (CEST, UTC+2).
    starts = timezone.make_aware(datetime.datetime(timezone.localdate().year + 1, 6, 10, 13, 0))
    session = make_session(
        activity,
        starts_in=datetime.timedelta(0),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        cancellation_deadline=starts - datetime.timedelta(days=1),
    )
    enrol(session_id=session.pk, person=organisation["employee_a"])
    sign_in(client, organisation["employee_a"])
    response = client.get(reverse("learning:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    from icalendar import Calendar

    calendar = Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]) == f"digit-session-{session.pk}@127.0.0.1:8000"
    assert event.decoded("DTSTART") == starts
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART").strftime("%H:%M") == "13:00"
    assert str(event["ORGANIZER"]) == "mailto:digit@localhost"
    assert organisation["employee_a"].email in str(event["ATTENDEE"])
    assert calendar.walk("VTIMEZONE")


def test_someone_elses_attendance_page_is_404_and_changes_nothing(client, organisation, activity):
    leader = make_person(organisation["branch_a"], is_role_model=True)
    other_leader = make_person(organisation["branch_b"], is_role_model=True)
    session = make_session(activity, leader=leader, external_trainer="")
    enrol(session_id=session.pk, person=organisation["employee_a"])
    sign_in(client, other_leader)
    url = reverse("learning:attendance", args=[session.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {f"status-{organisation['employee_a'].pk}": "present"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_employee_without_role_model_cannot_register_attendance(client, organisation, session):
    sign_in(client, organisation["employee_a"])
    assert client.get(reverse("learning:attendance", args=[session.pk])).status_code == 403


def test_leader_registers_attendance_and_hours_appear_for_the_employee(
    client, organisation, activity
):
    leader = make_person(organisation["branch_a"], is_role_model=True)
    session = make_session(activity, leader=leader, external_trainer="")
    employee = organisation["employee_a"]
    enrol(session_id=session.pk, person=employee)
    move_to_past(session)
    sign_in(client, leader)
    response = client.post(
        reverse("learning:attendance", args=[session.pk]),
        {f"status-{employee.pk}": "partial", f"minutes-{employee.pk}": "90"},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(person=employee).minutes == 90
    client.logout()
    sign_in(client, employee)
    page = client.get(reverse("learning:mine"))
    assert "1,5" in page.text or "1.5" in page.text


def test_journal_is_private(client, organisation, staff, programme):
    employee = organisation["employee_a"]
    JournalEntry.objects.create(person=employee, text="Min hemliga tanke om Teams")
    sign_in(client, employee)
    assert "Min hemliga tanke" in client.get(reverse("learning:journal")).text
    for viewer in (staff, organisation["library_manager"].user):
        client.force_login(viewer)
        for url in (
            reverse("learning:journal"),
            reverse("learning:prompts", args=[programme.slug]),
            reverse("people:person_detail", args=[employee.pk]),
            reverse("web:home"),
        ):
            response = client.get(url)
            assert "Min hemliga tanke" not in response.text
    client.force_login(staff)
    response = client.get(reverse("learning:prompts", args=[programme.slug]))
    assert response.status_code == 200
    assert employee.full_name in response.text  # staff see that it was done, not what


def test_staff_pages_are_closed_to_employees(client, organisation, programme):
    sign_in(client, organisation["employee_a"])
    for name in ("learning:groups", "learning:role_models", "learning:prompts"):
        assert client.get(reverse(name, args=[programme.slug])).status_code == 403
    assert client.get(reverse("learning:activity_create")).status_code == 403


def test_attended_person_evaluates_once(client, organisation, activity, staff):
    session = make_session(activity)
    employee = organisation["employee_a"]
    enrol(session_id=session.pk, person=employee)
    move_to_past(session)
    register_attendance(session=session, marks={employee.pk: ("present", None)}, by=staff)
    sign_in(client, employee)
    url = reverse("learning:evaluate", args=[session.pk])
    assert client.post(url, {"usefulness": "4", "will_use": "Delade mappar"}).status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.session, evaluation.person) == (session, employee)
    assert (evaluation.usefulness, evaluation.will_use) == (4, "Delade mappar")
    assert client.get(url).status_code == 404  # nothing left to evaluate
    assert client.post(url, {"usefulness": "1", "will_use": "Igen"}).status_code == 404
    assert Evaluation.objects.get().usefulness == 4


def test_staff_create_an_activity(client, staff, programme):
    from tests.learning.factories import competence

    c = competence("2.1")
    client.force_login(staff)
    response = client.post(
        reverse("learning:activity_create"),
        {
            "programme": programme.pk,
            "kind": "course",
            "format": "online",
            "title_sv": "Säker e-post",
            "title_en": "Safe e-mail",
            "competences": [c.pk],
            "level_from": 2,
            "level_to": 3,
            "duration_minutes": 90,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(title_sv="Säker e-post")
    assert response["Location"] == reverse("learning:activity_detail", args=[activity.pk])
    assert (activity.programme, activity.kind, activity.format) == (programme, "course", "online")
    assert activity.title_en == "Safe e-mail"
    assert list(activity.competences.all()) == [c]
    assert (activity.level_from, activity.level_to, activity.duration_minutes) == (2, 3, 90)


def test_attendance_before_the_session_starts_is_refused(client, organisation, session, staff):
    enrol(session_id=session.pk, person=organisation["employee_a"])
    client.force_login(staff)
    response = client.post(
        reverse("learning:attendance", args=[session.pk]),
        {f"status-{organisation['employee_a'].pk}": "present"},
    )
    assert response.status_code == 200
    assert "när tillfället har börjat" in response.text
    assert not Attendance.objects.exists()


def test_activities_of_another_organisations_programme_are_not_found(client, organisation):
    from tests.learning.factories import make_activity, make_programme

    museum_programme = make_programme(organisation["museum"])
    activity = make_activity(museum_programme)
    session = make_session(activity)
    sign_in(client, organisation["employee_a"])  # works in the library
    assert client.get(reverse("learning:activity_detail", args=[activity.pk])).status_code == 404
    assert client.get(reverse("learning:session_detail", args=[session.pk])).status_code == 404
    assert client.post(reverse("learning:enrol", args=[session.pk])).status_code == 404
    assert client.get(reverse("learning:session_ics", args=[session.pk])).status_code == 404
    assert not Enrolment.objects.exists()
