"""Goal-figure inputs built from synthetic people in plain Python (no database), with the
same meaning as ``digit.goals.selectors.figure_inputs``: for tests of the pure module."""

import datetime
from dataclasses import dataclass, field

from digit.goals.inputs import (
    FigureInputs,
    GroupCount,
    Targets,
    UnitTree,
    WaveInfo,
    choose_waves,
)
from digit.stats.suppression import Cell

MIN = 5
START = datetime.date(2019, 9, 2)
END = datetime.date(2022, 6, 30)
GENDERS = ("woman", "man", "other", "not_stated")
AGES = ("–", "18–29", "30–49", "50+")

# Administration 1 → departments 2, 3 → units 4, 5 (under 2) and 6, 7 (under 3).
UNITS = [
    (1, None, "Förvaltningen", "administration"),
    (2, 1, "Avdelning A", "department"),
    (3, 1, "Avdelning B", "department"),
    (4, 2, "Enhet A1", "unit"),
    (5, 2, "Enhet A2", "unit"),
    (6, 3, "Enhet B1", "unit"),
    (7, 3, "Enhet B2", "unit"),
]
LEAVES = (4, 5, 6, 7)


def wave(wave_id: int, opens_on: datetime.date, *, kind: str = "follow_up", name=None):
    return WaveInfo(
        id=wave_id,
        name=name or f"Wave {wave_id}",
        kind=kind,
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=21),
        is_baseline=kind == "baseline",
        is_follow_up=kind == "follow_up",
    )


@dataclass
class Answer:
    increased: bool = False
    active: bool = False
    unit: int | None = None  # where the person was when answering (None: their current unit)


@dataclass
class Person:
    unit: int
    gender: str = "woman"
    age_band: str = "30–49"
    is_manager: bool = False
    answers: dict[int, Answer] = field(default_factory=dict)  # wave id → answer


def _row(person: Person, unit: int, n: int = 1, x: int = 0) -> GroupCount:
    return GroupCount(unit, person.gender, person.age_band, person.is_manager, n, x)


def _latest_changes(people, counted: list[int]) -> list[GroupCount]:
    rows = []
    for person in people:
        mine = [wave_id for wave_id in counted if wave_id in person.answers]
        if mine:
            answer = person.answers[mine[-1]]
            rows.append(_row(person, answer.unit or person.unit, 1, int(answer.increased)))
    return rows


def inputs(
    people: list[Person],
    waves: list[WaveInfo],
    *,
    today: datetime.date,
    ends_on: datetime.date = END,
    min_cell_size: int = MIN,
) -> FigureInputs:
    """What the selectors would read for these people: everyone invited to every wave, a
    change row for each follow-up answer (everyone answered the baseline)."""
    follow_ups = [w for w in waves if w.is_follow_up]
    per_wave = {
        w.id: [
            _row(p, p.answers[w.id].unit or p.unit, 1, int(p.answers[w.id].increased))
            for p in people
            if w.id in p.answers
        ]
        for w in follow_ups
    }
    responses = {
        w.id: Cell(
            sum(w.id in p.answers for p in people),
            sum(w.id in p.answers and p.answers[w.id].active for p in people),
        )
        for w in waves
    }
    invitations = {w.id: Cell(len(people), responses[w.id].n) for w in waves}
    choice = choose_waves(
        waves,
        today=today,
        min_cell_size=min_cell_size,
        changes_by_wave={
            w: Cell(len(rows), sum(r.x for r in rows)) for w, rows in per_wave.items()
        },
        responses_by_wave=responses,
        invitations_by_wave=invitations,
    )
    counted = [w.id for w in choice.follow_ups]
    latest = choice.latest_answered
    participation = choice.participation
    return FigureInputs(
        programme_id=1,
        starts_on=START,
        ends_on=ends_on,
        today=today,
        computed_at=datetime.datetime.combine(today, datetime.time(12), datetime.UTC),
        min_cell_size=min_cell_size,
        targets=Targets(increased=0.8, active=0.4, role_models=24, unit_coverage=1.0),
        tree=UnitTree.from_rows(1, UNITS),
        gender_order=GENDERS,
        age_order=AGES,
        waves=tuple(waves),
        choice=choice,
        headcounts=[_row(p, p.unit) for p in people],
        changes=_latest_changes(people, counted),
        earlier_changes=[_latest_changes(people, counted[:i]) for i in range(1, len(counted))],
        changes_per_wave=per_wave,
        responses_by_wave=responses,
        invitations_by_wave=invitations,
        active=[
            _row(p, p.answers[latest.id].unit or p.unit, 1, int(p.answers[latest.id].active))
            for p in people
            if latest and latest.id in p.answers
        ],
        invitations=[
            _row(p, p.unit, 1, int(participation.id in p.answers)) for p in people if participation
        ],
        invited_both=len(people),
        units_with_responses={
            w.id: frozenset(p.unit for p in people if w.id in p.answers) for w in waves
        },
        units_with_attendance=frozenset(),
    )
