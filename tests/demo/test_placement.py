"""The demo is a programme in progress on the day it is loaded, whichever day that is, and
loading it again later changes nothing."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from digit.assessments.models import Response, Wave
from digit.demo.management.commands.demo import STEPS
from digit.demo.plan import ORIGINAL_START, seed_programme
from digit.learning.models import Attendance, Enrolment, JournalEntry, Session
from digit.people.models import Person
from digit.programmes.models import Phase

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def load_demo(day: datetime.date, time_machine) -> str:
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(12), STOCKHOLM))
    command = BaseCommand(stdout=io.StringIO())
    for step in STEPS:
        import_string(step)(command, {"employees": 100, "seed": 2019})
    return command.stdout.getvalue()


def counts() -> dict[str, int]:
    models = (Person, Wave, Response, Session, Enrolment, Attendance, JournalEntry)
    return {model.__name__: model.objects.count() for model in models}


def assert_in_progress_on(today: datetime.date) -> None:
    programme = seed_programme()
    assert programme.starts_on <= today <= programme.ends_on
    assert (programme.ends_on - programme.starts_on) == (
        datetime.date(2022, 6, 30) - ORIGINAL_START
    )  # the 34-month plan, moved whole
    assert programme.starts_on.weekday() == ORIGINAL_START.weekday()
    current = [p.kind for p in programme.phases.all() if p.starts_on <= today <= p.ends_on]
    assert Phase.Kind.COLLEGIAL_LEARNING in current
    assert "2019-09-02" in programme.background and "2022-06-30" in programme.background
    waves = list(programme.waves.order_by("opens_on"))
    assert [w.kind for w in waves] == ["baseline", "follow_up", "follow_up"]
    baseline, first_follow_up, final = waves
    assert first_follow_up.closes_on < today < final.opens_on
    assert final.opened_at is None and not Response.objects.filter(wave=final).exists()
    for wave in (baseline, first_follow_up):
        submitted = Response.objects.filter(wave=wave).values_list("submitted_at", flat=True)
        assert submitted and all(
            wave.opens_on <= timezone.localtime(at).date() <= wave.closes_on for at in submitted
        )
    now = timezone.now()
    sessions = Session.objects.filter(activity__programme=programme)
    assert sessions.filter(starts_at__lt=now).exists() and sessions.filter(starts_at__gt=now)
    assert sessions.earliest("starts_at").starts_at.date() >= programme.starts_on
    assert not Attendance.objects.filter(session__starts_at__gt=now).exists()
    assert not JournalEntry.objects.filter(written_at__gt=now).exists()
    assert not Enrolment.objects.filter(created_at__gt=now).exists()
    assert not Person.objects.filter(employment_start__gt=programme.starts_on).exists()


def test_the_demo_is_in_progress_today_and_a_later_run_changes_nothing(time_machine, client, staff):
    today = timezone.localdate()
    output = load_demo(today, time_machine)
    assert "the original project's 2019-09-02 – 2022-06-30" in output
    assert_in_progress_on(today)
    client.force_login(staff)
    page = client.get(reverse("programmes:programme_detail", args=[seed_programme().pk])).text
    assert "genomförde 2019-09-02 – 2022-06-30" in page  # the original project's dates
    before = counts()
    load_demo(today + datetime.timedelta(days=45), time_machine)
    assert counts() == before
    assert_in_progress_on(today)


def test_the_demo_loaded_on_another_day_is_in_progress_on_that_day(time_machine):
    day = timezone.localdate() + datetime.timedelta(days=400)
    load_demo(day, time_machine)
    assert_in_progress_on(day)
