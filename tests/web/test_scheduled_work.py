"""Scheduled work: every schedule names a real task, and the housekeeping tasks do their job.
(That each due time runs once under two workers: tests/assessments/test_wave_mail_worker.py.)"""

import datetime

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from digit.web.tasks import clear_expired_sessions


def test_every_schedule_names_a_task_without_arguments():
    schedules = settings.TASKS["default"]["OPTIONS"]["SCHEDULES"]
    assert {"wave-reminders", "session-reminders", "expired-sessions"} <= set(schedules)
    for entry in schedules.values():
        assert isinstance(import_string(entry["task"]), Task)
        assert "cron" in entry and not entry.get("args")


@pytest.mark.django_db
def test_expired_sessions_are_cleared_and_live_ones_kept():
    now = timezone.now()
    Session.objects.create(
        session_key="old", session_data="", expire_date=now - datetime.timedelta(minutes=1)
    )
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + datetime.timedelta(minutes=29)
    )
    clear_expired_sessions.call()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


@pytest.mark.django_db
def test_the_session_list_forgets_sessions_that_expired(staff):
    now = timezone.now()
    for key, minutes in (("old", -1), ("live", 29)):
        Session.objects.create(
            session_key=key, session_data="", expire_date=now + datetime.timedelta(minutes=minutes)
        )
        UserSession.objects.create(user=staff, session_key=key, ip="127.0.0.1", user_agent="x")
    clear_expired_sessions.call()
    assert list(UserSession.objects.values_list("session_key", flat=True)) == ["live"]
