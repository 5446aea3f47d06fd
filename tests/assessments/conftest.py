"""Fixtures for the assessments tests: a small instrument on DigComp 2.2, an open wave."""

import datetime
import itertools

import pytest
from django.utils import timezone

from digit.assessments.models import Instrument, Invitation, Item, Wave
from digit.assessments.tokens import new_token
from digit.assessments.waves import create_wave, open_wave
from digit.competences.models import Competence, Framework
from digit.programmes.models import Programme

# (competence code, kind) of the small test instrument: three pages (area 1, area 2, practices)
SMALL_ITEMS = [
    ("1.1", "knowledge"),
    ("1.1", "skill"),
    ("1.2", "knowledge"),
    ("1.2", "attitude"),
    ("2.1", "knowledge"),
    ("2.1", "skill"),
]
_instruments = itertools.count(1)
SMALL_PRACTICES = ["search_evaluate", "report_exchange", "communicate_network", "produce"]


def ensure_reference_data() -> None:
    """DigComp 2.2, the default instrument and the seed programme come from data migrations;
    a transactional test that ran before may have flushed them. Load them again if so."""
    from django.apps import apps

    from digit.assessments import default_instrument
    from digit.competences import digcomp22

    if not Framework.objects.filter(slug="digcomp-2.2").exists():
        digcomp22.load(apps)
    if not Instrument.objects.filter(name=default_instrument.NAME).exists():
        default_instrument.load(apps)
    if not Programme.objects.filter(slug="digit-or-die").exists():
        import importlib

        seed = importlib.import_module("digit.programmes.migrations.0002_seed_digit_or_die")
        seed.seed(apps, None)


def make_instrument(name=None) -> Instrument:
    ensure_reference_data()
    name = name or f"Test instrument {next(_instruments)}"
    framework = Framework.objects.get(slug="digcomp-2.2")
    instrument = Instrument.objects.create(name=name, framework=framework)
    for order, (code, kind) in enumerate(SMALL_ITEMS):
        Item.objects.create(
            instrument=instrument,
            kind=kind,
            competence=Competence.objects.get(area__framework=framework, code=code),
            key=f"{code}-{kind[0].upper()}",
            text_sv=f"Påstående {code} {kind}",
            text_en=f"Statement {code} {kind}",
            order=order,
        )
    for order, domain in enumerate(SMALL_PRACTICES, start=len(SMALL_ITEMS)):
        Item.objects.create(
            instrument=instrument,
            kind="practice",
            domain=domain,
            key=f"P-{domain}",
            text_sv=f"använt {domain}",
            text_en=f"used {domain}",
            order=order,
        )
    return instrument


def make_wave(units, *, kind=Wave.Kind.BASELINE, instrument=None, opened=True, send=False,
              opens_on=None, closes_on=None, name="Kartläggning hösten") -> Wave:  # fmt: skip
    today = timezone.localdate()
    opens_on = opens_on or today - datetime.timedelta(days=1)
    closes_on = closes_on or today + datetime.timedelta(days=14)
    wave = create_wave(
        programme=programme_covering(opens_on, closes_on),
        kind=kind,
        name=name,
        instrument=instrument or make_instrument(),
        opens_on=opens_on,
        closes_on=closes_on,
        units=units,
    )
    if opened:
        open_wave(wave=wave, send=send)
        wave.refresh_from_db()
    return wave


def programme_covering(opens_on, closes_on) -> Programme:
    """The seed programme, its period extended (as staff would) to hold a wave on these days:
    a wave outside the programme's period is refused."""
    programme = Programme.objects.get(slug="digit-or-die")
    programme.starts_on = min(programme.starts_on, opens_on)
    programme.ends_on = max(programme.ends_on, closes_on)
    programme.save(update_fields=["starts_on", "ends_on"])
    return programme


def issue_link(wave, person) -> str:
    """A fresh personal link token for the person's invitation (as the e-mail task does)."""
    link_token, token_hash = new_token()
    Invitation.objects.filter(wave=wave, person=person).update(
        token_hash=token_hash, sent_at=timezone.now(), used_at=None
    )
    return link_token


@pytest.fixture
def instrument(db):
    return make_instrument()


@pytest.fixture
def wave(organisation):
    return make_wave([organisation["root"]])


def submit_answers(wave, person, value_of=lambda item: 2):
    """Answer every item (``value_of(item)``, clipped to the item's range) and submit."""
    from digit.assessments.pages import form_pages, value_range
    from digit.assessments.responses import save_answers, submit

    values = {}
    for page in form_pages(wave.instrument):
        for item in page.items:
            values[item.id] = max(0, min(value_of(item), value_range(item)[-1]))
    save_answers(wave, person, values)
    return submit(wave, person)


def baseline_and_follow_up(people, instrument=None, baseline_value=None, opened_follow_up=True):
    """A closed baseline wave answered by ``people`` (varied answers, baseline frozen) and an
    open follow-up wave; returns (baseline, follow_up)."""
    import datetime

    from digit.assessments.scoring import freeze_baseline

    instrument = instrument or make_instrument()
    units = list({person.unit for person in people})
    baseline = make_wave(units, instrument=instrument, name="Nollmätning 2019")
    for n, person in enumerate(people):
        # Ability n % 4 with a little item noise: a reliable scale (alpha well above 0).
        def varied(item, n=n):
            return (n % 4) + (item.order + n) % 5 // 4 - (item.order * n) % 7 // 6

        submit_answers(baseline, person, baseline_value or varied)
    today = timezone.localdate()
    Wave.objects.filter(pk=baseline.pk).update(
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=370),
    )
    freeze_baseline(baseline.programme)
    follow_up = make_wave(
        units,
        instrument=instrument,
        kind=Wave.Kind.FOLLOW_UP,
        name="Uppföljning 2022",
        opened=opened_follow_up,
    )
    return baseline, follow_up
