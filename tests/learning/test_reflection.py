import datetime

import pytest
from django.urls import reverse

from digit.learning.models import JournalEntry, ReflectionPrompt
from digit.learning.selectors import current_prompts, sessions_to_reflect_on
from digit.learning.services import enrol, register_attendance
from tests.learning.factories import make_session, move_to_past

pytestmark = pytest.mark.django_db


def test_prompts_of_the_current_self_reflection_phase_are_offered(programme, organisation):
    phase = programme.phases.get(kind="self_reflection")
    prompt = ReflectionPrompt.objects.create(phase=phase, text_sv="Vad?", text_en="What?")
    past = programme.phases.create(
        kind="self_reflection",
        name="Förra",
        starts_on=datetime.date(2018, 1, 1),
        ends_on=datetime.date(2018, 2, 1),
    )
    ReflectionPrompt.objects.create(phase=past, text_sv="Gammal", text_en="Old")
    assert list(current_prompts(organisation["employee_a"])) == [prompt]


def test_after_attending_the_person_is_asked_to_reflect_and_writes_privately(
    client, activity, organisation, staff
):
    person = organisation["employee_a"]
    session = make_session(activity)
    enrol(session_id=session.pk, person=person)
    move_to_past(session)
    register_attendance(session=session, marks={person.pk: ("present", None)}, by=staff)
    assert list(sessions_to_reflect_on(person)) == [session]
    client.force_login(person.user)
    page = client.get(reverse("learning:journal"), {"session": session.pk})
    assert activity.competences.first().code in page.text
    response = client.post(
        reverse("learning:journal"), {"session": session.pk, "text": "Jag delar nu mappar."}
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get(person=person)
    assert entry.session == session and entry.competence == activity.competences.first()
    assert list(sessions_to_reflect_on(person)) == []


def test_staff_enrol_someone_by_email(client, session, organisation, staff):
    client.force_login(staff)
    client.post(
        reverse("learning:staff_enrol", args=[session.pk]),
        {"email": organisation["employee_b"].email},
    )
    enrolment = session.enrolments.get()
    assert enrolment.person == organisation["employee_b"] and enrolment.enrolled_by == staff
