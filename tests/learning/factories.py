"""Factories for learning data: plain functions, real rows."""

import datetime
import itertools
import uuid

from django.utils import timezone

from digit.competences.models import Area, Competence, Framework
from digit.learning.models import Activity, Session
from digit.programmes.models import Phase, Programme

_counter = itertools.count(1)


def make_programme(scope, **fields) -> Programme:
    """A programme running from two years ago to two years ahead, with a self-reflection phase
    over the whole period (dates relative to today: see tests/clock.py)."""
    n = next(_counter)
    today = timezone.localdate()
    defaults = dict(
        slug=f"learning-{n}-{uuid.uuid4().hex[:8]}",
        name=f"Programme {n}",
        owner="Förvaltningen",
        starts_on=datetime.date(today.year - 2, 1, 1),
        ends_on=datetime.date(today.year + 2, 12, 31),
    )
    defaults.update(fields)
    programme = Programme.objects.create(scope=scope, **defaults)
    Phase.objects.create(
        programme=programme,
        kind=Phase.Kind.SELF_REFLECTION,
        name="Självreflektion",
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
    )
    return programme


def competence(code: str = "1.1") -> Competence:
    """The competence with ``code`` (from the DigComp data if loaded, else a stand-in)."""
    found = Competence.objects.filter(code=code, is_custom=False).first()
    if found:
        return found
    framework, _ = Framework.objects.get_or_create(
        slug="digcomp-2.2",
        defaults={"version": "2.2", "title_sv": "DigComp 2.2", "title_en": "DigComp 2.2"},
    )
    area, _ = Area.objects.get_or_create(
        framework=framework,
        code=code.split(".")[0],
        defaults={"title_sv": f"Område {code[0]}", "title_en": f"Area {code[0]}"},
    )
    return Competence.objects.create(
        area=area, code=code, title_sv=f"Kompetens {code}", title_en=f"Competence {code}"
    )


def make_activity(programme, *, codes=("1.1",), **fields) -> Activity:
    n = next(_counter)
    defaults = dict(
        kind=Activity.Kind.WORKSHOP,
        format=Activity.Format.ON_SITE,
        title_sv=f"Workshop {n}",
        title_en=f"Workshop {n} (en)",
        description_sv="Beskrivning",
        description_en="Description",
        level_from=1,
        level_to=3,
        duration_minutes=120,
    )
    defaults.update(fields)
    activity = Activity.objects.create(programme=programme, **defaults)
    activity.competences.set([competence(code) for code in codes])
    return activity


def make_session(activity, *, starts_in=datetime.timedelta(days=7), capacity=10, **fields):
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    defaults = dict(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place="Stadsbiblioteket, sal 3",
        capacity=capacity,
        external_trainer="Extern utbildare",
        cancellation_deadline=starts_at - datetime.timedelta(days=1),
    )
    defaults.update(fields)
    return Session.objects.create(activity=activity, **defaults)


def move_to_past(session, days_ago: int = 1) -> None:
    """Let time pass: the session took place ``days_ago`` days ago (same length)."""
    length = session.ends_at - session.starts_at
    session.starts_at = timezone.now().replace(microsecond=0) - datetime.timedelta(days=days_ago)
    session.ends_at = session.starts_at + length
    session.cancellation_deadline = session.starts_at - datetime.timedelta(days=1)
    session.save(update_fields=["starts_at", "ends_at", "cancellation_deadline"])
