"""Demo step: the seed programme's waves with simulated answers, stored through the same
services as real ones. The baseline (autumn of the first year) and the first follow-up (in
collegial learning) are answered; the final follow-up is planned ahead (digit.demo.plan places
the dates so that today lies between them).

The simulation: each person has a latent ability (unit and age effects plus individual
variation) and a habit of digital working. Items have difficulties; an answer is the ability
minus the difficulty plus noise, rounded onto the item's scale. Between the waves most people
grow, some do not, a few fall back; practices become more frequent. About one in eight does not
answer a wave. Scores, reliability and reliable-change verdicts then come from the real scoring
code, not from the simulation.
"""

import datetime
import time
import zoneinfo

import numpy as np
from django.db import transaction

from digit.access.roles import Role
from digit.assessments import scoring
from digit.assessments.instruments import get_default_instrument
from digit.assessments.models import Answer, Invitation, Item, Response, Wave
from digit.assessments.pseudonyms import pseudonym_for
from digit.assessments.waves import create_wave, open_wave
from digit.demo.accounts import demo_people
from digit.demo.plan import placed
from digit.people.models import Person, age_band, unit_subtree_ids
from digit.programmes.models import Programme

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# kind, name, opens, closes in the original plan (placed by digit.demo.plan), answered or not
WAVES = [
    (Wave.Kind.BASELINE, "Kartläggning", datetime.date(2019, 9, 16),
     datetime.date(2019, 10, 31), True),
    (Wave.Kind.FOLLOW_UP, "Uppföljning 1", datetime.date(2020, 11, 2),
     datetime.date(2020, 11, 27), True),
    (Wave.Kind.FOLLOW_UP, "Slutmätning", datetime.date(2022, 2, 1),
     datetime.date(2022, 3, 18), False),
]  # fmt: skip
NON_RESPONSE = 0.12


def simulate_waves(command, options):
    """Create and fill both waves once; skip when the programme already has waves."""
    programme = Programme.objects.filter(slug="digit-or-die").first()
    instrument = get_default_instrument()
    if programme is None or instrument is None:
        command.stdout.write("Assessments: seed programme or default instrument missing, skipped.")
        return
    if programme.waves.exists():
        command.stdout.write("Assessments: waves exist already, skipped.")
        return
    started = time.perf_counter()
    rng = np.random.default_rng(options.get("seed") or 2019)
    people = list(
        people_in_scope_of_programme(programme).select_related("unit").order_by("employee_number")
    )
    if not people:
        command.stdout.write("Assessments: nobody in the programme's scope, skipped.")
        return
    demo_employee = _demo_employee()
    model = _Population(people, rng, programme.starts_on.year)
    items = list(instrument.items.order_by("order", "id"))
    counts = []
    for index, (kind, name, original_opens, original_closes, answered) in enumerate(WAVES):
        opens_on, closes_on = placed(programme, original_opens), placed(programme, original_closes)
        with transaction.atomic():
            wave = create_wave(
                programme=programme,
                kind=kind,
                name=f"{name} {_season(opens_on)}",
                instrument=instrument,
                opens_on=opens_on,
                closes_on=closes_on,
                units=[programme.scope],
            )
            if not answered:
                continue  # planned: opened by programme staff when its day comes
            if kind == Wave.Kind.FOLLOW_UP:
                scoring.freeze_baseline(programme)
            open_wave(wave=wave, send=False)
            opened = datetime.datetime.combine(opens_on, datetime.time(8), STOCKHOLM)
            Wave.objects.filter(pk=wave.pk).update(opened_at=opened)
            wave.opened_at = opened
            responders = model.responders(index, always=demo_employee)
            counts.append(
                _store_wave(wave, items, people, responders, model.answers(index, items), rng)
            )
            answered_wave = wave
    stats = scoring.compute_wave_statistics(answered_wave)
    command.stdout.write(
        f"Assessments: {counts[0]} baseline and {counts[1]} follow-up responses simulated "
        f"(follow-up alpha {stats.alpha_total:.2f}), the final follow-up planned, "
        f"in {time.perf_counter() - started:.1f} s."
    )


def _season(day: datetime.date) -> str:
    return f"{'våren' if day.month <= 6 else 'hösten'} {day.year}"


def people_in_scope_of_programme(programme):
    """Current people in the programme's organisation (the waves' scope)."""
    return Person.objects.current().filter(unit_id__in=unit_subtree_ids([programme.scope_id]))


def _demo_employee():
    person = demo_people().get(Role.EMPLOYEE)
    return person.id if person is not None else None


class _Population:
    """Latent abilities and practice habits of the people, at both waves."""

    def __init__(self, people, rng, year):
        n = len(people)
        self.people = people
        self.rng = rng
        unit_effect = {u: rng.normal(0, 0.25) for u in {p.unit_id for p in people}}
        age = np.array([year - (p.birth_year or year - 44) for p in people], dtype=float)
        base = np.array([unit_effect[p.unit_id] for p in people]) - 0.012 * (age - 45)
        self.ability = [base + rng.normal(0, 0.5, n)]
        growth = rng.normal(0.7, 0.4, n)  # most grow, some do not, a few fall back
        self.ability.append(self.ability[0] + growth)
        habit = 0.5 * self.ability[0] + rng.normal(0, 0.8, n)
        self.habit = [habit, habit + rng.normal(0.75, 0.45, n)]
        self.index = {p.id: i for i, p in enumerate(people)}

    def responders(self, wave_index, always=None) -> set[int]:
        answered = self.rng.random(len(self.people)) >= NON_RESPONSE
        chosen = {p.id for p, yes in zip(self.people, answered, strict=True) if yes}
        if always is not None and always in self.index:
            chosen.add(always)
        return chosen

    def answers(self, wave_index, items) -> np.ndarray:
        """people × items matrix of answers on each item's scale."""
        n = len(self.people)
        competence = [i for i, item in enumerate(items) if item.kind != Item.Kind.PRACTICE]
        practice = [i for i, item in enumerate(items) if item.kind == Item.Kind.PRACTICE]
        matrix = np.zeros((n, len(items)), dtype=int)
        difficulty = np.random.default_rng(7).normal(0, 0.6, len(competence))
        latent = self.ability[wave_index][:, None] - difficulty[None, :]
        noisy = 1.45 + 0.85 * latent + self.rng.normal(0, 0.9, (n, len(competence)))
        matrix[:, competence] = np.clip(np.rint(noisy), 0, 3)
        frequency = np.random.default_rng(8).normal(0, 0.5, len(practice))
        habit = self.habit[wave_index][:, None] + frequency[None, :]
        noisy = 2.25 + 0.9 * habit + self.rng.normal(0, 0.7, (n, len(practice)))
        matrix[:, practice] = np.clip(np.rint(noisy), 0, 4)
        return matrix


def _store_wave(wave, items, people, responders, matrix, rng) -> int:
    """Responses and answers in bulk, then each response scored by the scoring service."""
    days = (wave.closes_on - wave.opens_on).days
    responses, rows = [], []
    for person, answers in zip(people, matrix, strict=True):
        if person.id not in responders:
            continue
        submitted = datetime.datetime.combine(
            wave.opens_on + datetime.timedelta(days=int(rng.integers(0, days + 1))),
            datetime.time(int(rng.integers(8, 17)), int(rng.integers(0, 60))),
            STOCKHOLM,
        )
        responses.append(
            Response(
                wave=wave,
                pseudonym=pseudonym_for(person.id),
                unit_id=person.unit_id,
                gender=person.gender,
                age_band=age_band(person.birth_year, wave.opens_on),
                is_manager=person.is_manager,
                submitted_at=submitted,
            )
        )
        rows.append(answers)
    Response.objects.bulk_create(responses, batch_size=1000)
    saved = dict(Response.objects.filter(wave=wave).values_list("pseudonym", "id"))
    Answer.objects.bulk_create(
        (
            Answer(response_id=saved[response.pseudonym], item_id=item.id, value=int(value))
            for response, answers in zip(responses, rows, strict=True)
            for item, value in zip(items, answers, strict=True)
        ),
        batch_size=5000,
    )
    for response in Response.objects.filter(wave=wave).order_by("id"):
        scoring.score_response(response)
    Invitation.objects.filter(wave=wave).update(sent_at=wave.opened_at, mail=Invitation.Mail.SENT)
    Invitation.objects.filter(wave=wave, person_id__in=responders).update(
        used_at=wave.opened_at, completed=True
    )
    return len(responses)
