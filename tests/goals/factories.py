"""Rows for the goal figures, written directly (as the scoring engine would store them)."""

import datetime
import hashlib
import itertools
import secrets

from digit.assessments.models import Change, Instrument, Invitation, Response, Wave
from digit.competences.models import Framework
from digit.programmes.models import Programme

_counter = itertools.count(1)
START = datetime.date(2019, 9, 2)
END = datetime.date(2022, 6, 30)


def make_programme(scope, **fields) -> Programme:
    n = next(_counter)
    defaults = dict(
        slug=f"programme-{n}-{secrets.token_hex(3)}",
        name=f"Programme {n}",
        owner="Kulturförvaltningen",
        starts_on=START,
        ends_on=END,
    )
    defaults.update(fields)
    return Programme.objects.create(scope=scope, **defaults)


def make_wave(programme, kind=Wave.Kind.BASELINE, *, opens_on, closes_on=None, name=None):
    # A framework of its own: transactional (browser) tests flush the migrated reference data.
    framework, _ = Framework.objects.get_or_create(
        slug="goals-test", defaults={"version": "1", "title_sv": "Test", "title_en": "Test"}
    )
    instrument, _ = Instrument.objects.get_or_create(
        name="Goals test instrument", version=1, defaults={"framework": framework}
    )
    return Wave.objects.create(
        programme=programme,
        kind=kind,
        name=name or f"{kind} {opens_on:%Y-%m}",
        instrument=instrument,
        opens_on=opens_on,
        closes_on=closes_on or opens_on + datetime.timedelta(days=21),
    )


def pseudonym(person) -> str:
    return hashlib.sha256(f"goals-test:{person.pk}".encode()).hexdigest()


def invite(wave, person, *, completed=True) -> Invitation:
    return Invitation.objects.create(
        wave=wave,
        person=person,
        token_hash=secrets.token_hex(32),
        completed=completed,
    )


def respond(wave, person, *, total=50.0, active=False, submitted=True, **snapshot) -> Response:
    """A submitted response with stored scores and the person's attribute snapshot."""
    attributes = dict(
        unit=person.unit,
        gender=person.gender,
        age_band=person.age_band,
        is_manager=person.is_manager,
    )
    attributes.update(snapshot)
    return Response.objects.create(
        wave=wave,
        pseudonym=pseudonym(person),
        submitted_at=(
            datetime.datetime.combine(wave.opens_on, datetime.time(12), tzinfo=datetime.UTC)
            if submitted
            else None
        ),
        total_score=total,
        practices_index=60.0 if active else 20.0,
        is_active_user=active,
        **attributes,
    )


def change(baseline, follow_up, person, *, before, after, verdict, near_ceiling=False, rci=None):
    return Change.objects.create(
        follow_up=follow_up,
        baseline=baseline,
        pseudonym=pseudonym(person),
        baseline_total=before,
        follow_up_total=after,
        rci=rci if rci is not None else (after - before) / 5.6,
        verdict=verdict,
        near_ceiling=near_ceiling,
        unit=person.unit,
        gender=person.gender,
        age_band=person.age_band,
        is_manager=person.is_manager,
    )
