"""A small programme with known answers, shared by the goals tests.

Administration ADM → D1 (U1: 12 women, U2: 8 men, plus a manager placed directly in D1)
                   → D2 (U3: 3 people of gender "other", U4: 10 women + 4 who never answer,
                         U5: 2 people who never answer).
Baseline 2019-10, follow-up 2021-03. Reliably increased: U1 9 of 12, U2 4 of 8, U3 1 of 3,
U4 6 of 10, the D1 manager 1 of 1: 21 of 34.
"""

import datetime

from digit.assessments.models import Change, Wave
from digit.people.models import Unit
from tests.factories import make_person, make_unit
from tests.goals.factories import change, invite, make_programme, make_wave, respond

INCREASED = Change.Verdict.INCREASED
NO_CHANGE = Change.Verdict.NO_RELIABLE_CHANGE
DECREASED = Change.Verdict.DECREASED


def build():
    root = make_unit("Förvaltningen", kind=Unit.Kind.ADMINISTRATION, code="ADM")
    d1 = make_unit("Avdelning 1", parent=root, kind=Unit.Kind.DEPARTMENT, code="D1")
    d2 = make_unit("Avdelning 2", parent=root, kind=Unit.Kind.DEPARTMENT, code="D2")
    units = {
        "U1": make_unit("Enhet 1", parent=d1, code="U1"),
        "U2": make_unit("Enhet 2", parent=d1, code="U2"),
        "U3": make_unit("Enhet 3", parent=d2, code="U3"),
        "U4": make_unit("Enhet 4", parent=d2, code="U4"),
        "U5": make_unit("Enhet 5", parent=d2, code="U5"),
    }
    programme = make_programme(root)
    baseline = make_wave(programme, Wave.Kind.BASELINE, opens_on=datetime.date(2019, 10, 1))
    follow_up = make_wave(programme, Wave.Kind.FOLLOW_UP, opens_on=datetime.date(2021, 3, 1))
    people = {key: [] for key in units}
    people["D1"] = []

    def participant(unit_key, unit, outcome, *, gender, active, birth_year=1980, **fields):
        person = make_person(unit, gender=gender, birth_year=birth_year, **fields)
        people[unit_key].append(person)
        verdict, before, after, ceiling = outcome
        for wave, total in ((baseline, before), (follow_up, after)):
            invite(wave, person)
            respond(wave, person, total=total, active=active if wave == follow_up else False)
        change(baseline, follow_up, person, before=before, after=after, verdict=verdict,
               near_ceiling=ceiling)  # fmt: skip
        return person

    up = (INCREASED, 40.0, 60.0, False)
    # U1: 9 increased, 2 positive but not reliable, 1 decreased; 6 active.
    for i in range(12):
        outcome = up if i < 9 else (NO_CHANGE, 50.0, 55.0, False) if i < 11 else (
            DECREASED, 60.0, 40.0, False)  # fmt: skip
        participant("U1", units["U1"], outcome, gender="woman", active=i < 6)
    # U2: 4 increased, 4 near the ceiling without change; 4 active.
    for i in range(8):
        outcome = up if i < 4 else (NO_CHANGE, 95.0, 95.0, True)
        participant("U2", units["U2"], outcome, gender="man", active=i % 2 == 0,
                    birth_year=1990)  # fmt: skip
    # U3: 1 increased of 3.
    for i in range(3):
        outcome = up if i < 1 else (NO_CHANGE, 50.0, 50.0, False)
        participant("U3", units["U3"], outcome, gender="other", active=False)
    # U4: 6 of 10 increased; 4 more people are invited and never answer.
    for i in range(10):
        outcome = up if i < 6 else (NO_CHANGE, 50.0, 48.0, False)
        participant("U4", units["U4"], outcome, gender="woman", active=i < 3)
    for _ in range(4):
        person = make_person(units["U4"], gender="woman")
        people["U4"].append(person)
        invite(baseline, person, completed=False)
        invite(follow_up, person, completed=False)
    # U5: 2 people, invited, no answers.
    for _ in range(2):
        person = make_person(units["U5"], gender="man")
        people["U5"].append(person)
        invite(baseline, person, completed=False)
        invite(follow_up, person, completed=False)
    # A manager placed directly in D1, managing D1: increased, active.
    manager = participant("D1", d1, up, gender="woman", active=True, managed_units=[d1])
    # Two role models.
    for person in people["U1"][:2]:
        person.is_role_model = True
        person.save(update_fields=["is_role_model"])
    return {
        "programme": programme,
        "root": root,
        "d1": d1,
        "d2": d2,
        "units": units,
        "people": people,
        "manager": manager,
        "baseline": baseline,
        "follow_up": follow_up,
    }
