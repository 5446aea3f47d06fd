"""Confirmations, promotions and reminders go out through a real SMTP server (aiosmtpd)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from digit.learning.services import cancel, enrol
from tests.learning.factories import make_session

pytestmark = pytest.mark.django_db


def calendar_attachment(message):
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            content = part.get_content()
            return Calendar.from_ical(content if isinstance(content, bytes) else content.encode())
    return None


def test_enrolment_sends_a_confirmation_with_the_calendar_file(
    session, organisation, smtp_server, committed
):
    person = organisation["employee_a"]
    with committed():
        enrol(session_id=session.pk, person=person)
    [message] = smtp_server.messages
    assert message["To"] == person.email
    assert session.activity.title_sv in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"/learning/sessions/{session.pk}/" in body
    event = next(iter(calendar_attachment(message).walk("VEVENT")))
    assert event.decoded("DTSTART") == session.starts_at


def test_waiting_list_confirmation_has_no_calendar_file(
    session, organisation, smtp_server, committed
):
    with committed():
        enrol(session_id=session.pk, person=organisation["employee_b"])
        enrol(session_id=session.pk, person=organisation["employee_museum"])
    smtp_server.messages.clear()
    with committed():
        enrol(session_id=session.pk, person=organisation["employee_a"], waiting_list=True)
    [message] = smtp_server.messages
    assert calendar_attachment(message) is None


def test_promoted_person_gets_an_email(session, organisation, smtp_server, committed):
    with committed():
        first = enrol(session_id=session.pk, person=organisation["employee_b"])
        enrol(session_id=session.pk, person=organisation["employee_museum"])
        enrol(session_id=session.pk, person=organisation["employee_a"], waiting_list=True)
    smtp_server.messages.clear()
    with committed():
        cancel(enrolment_id=first.pk, person=organisation["employee_b"])
    [message] = smtp_server.messages
    assert message["To"] == organisation["employee_a"].email
    assert calendar_attachment(message) is not None


def test_reminder_command_mails_tomorrows_participants_once(
    activity, organisation, smtp_server, committed
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10)))
    session = make_session(
        activity,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        cancellation_deadline=starts - datetime.timedelta(hours=2),
    )
    later = make_session(activity, starts_in=datetime.timedelta(days=5))
    with committed():
        enrol(session_id=session.pk, person=organisation["employee_a"])
        enrol(session_id=later.pk, person=organisation["employee_b"])
    smtp_server.messages.clear()
    with committed():
        call_command("send_session_reminders")
    assert [m["To"] for m in smtp_server.messages] == [organisation["employee_a"].email]
    assert "Påminnelse" in smtp_server.messages[0]["Subject"]
    with committed():
        call_command("send_session_reminders")
    assert len(smtp_server.messages) == 1
