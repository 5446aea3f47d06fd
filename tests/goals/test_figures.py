"""The goal figures computed purely, without a database (issue 17): one suppression rule for
trend points, an honest forecast, a final verdict after the end, and published states that
never differ by fewer than the minimum number of people, checked by an attacker who holds
every published number."""

import dataclasses
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digit.goals import tabulate
from digit.goals.figures import (
    ACTIVE,
    INCREASED,
    NOT_MET,
    NOT_MET_YET,
    PARTICIPATION,
    PROGRAMME_ENDED,
    TOO_FEW_WAVES,
    UNIT_COVERAGE,
    ProgrammeFigures,
    compute,
)
from tests.goals.synthetic import (
    AGES,
    END,
    GENDERS,
    LEAVES,
    MIN,
    Answer,
    Person,
    inputs,
    wave,
)

BASELINE = wave(1, datetime.date(2019, 10, 1), kind="baseline", name="Kartläggning")
FOLLOW_UP = wave(2, datetime.date(2020, 10, 1), name="Uppföljning")
EXTRA = wave(3, datetime.date(2021, 11, 29), name="Extra uppföljning (test)")
WAVES = [BASELINE, FOLLOW_UP, EXTRA]
DURING_EXTRA = datetime.date(2021, 12, 6)  # EXTRA closes on 2021-12-20
AFTER_EXTRA = datetime.date(2022, 1, 10)


def crowd(size: int = 60) -> list[Person]:
    """People spread over the units, genders and age bands, all of whom answered the baseline
    and the follow-up (two in three reliably increased, every second one active)."""
    people = []
    for i in range(size):
        person = Person(unit=LEAVES[i % 4], gender=GENDERS[i % 2], age_band=AGES[1 + i % 3])
        person.answers[BASELINE.id] = Answer()
        person.answers[FOLLOW_UP.id] = Answer(increased=i % 3 != 0, active=i % 2 == 0)
        people.append(person)
    return people


def newcomer() -> Person:
    """Someone who answers only the baseline and the extra wave (the issue's one respondent)."""
    person = Person(unit=7, gender="other", age_band="50+")
    person.answers[BASELINE.id] = Answer()
    return person


def published(figures: ProgrammeFigures) -> dict[tuple, tuple]:
    """Every number a reader sees, keyed by what it describes. Figures of one wave (the active
    use of the latest wave, participation) are keyed by that wave: another wave is another
    population, not a later state of the same one."""
    numbers: dict[tuple, tuple] = {}
    for indicator in [*figures.indicator_list(), figures.participation]:
        basis = {ACTIVE: figures.latest_wave, PARTICIPATION: indicator.wave}.get(indicator.code)
        basis_id = basis.id if basis is not None else None
        for key, group in indicator.cells.items():
            if not group.hidden:
                numbers[(indicator.code, basis_id, key)] = (group.n, group.x)
        for point in indicator.trend:
            if not point.hidden:
                numbers[(indicator.code, "trend", point.wave_id)] = (point.n, point.x)
        if indicator.forecast is not None:
            numbers[(indicator.code, "forecast")] = dataclasses.astuple(indicator.forecast)
    for key, group in figures.population.items():
        if not group.hidden:
            numbers[("population", key)] = (group.n,)
    response = figures.non_response
    numbers[("non_response",)] = (response["invited_both"], response["answered_both"])
    return numbers


def test_one_respondent_in_an_open_wave_changes_no_published_number():
    person = newcomer()
    people = [*crowd(), person]
    before = published(compute(inputs(people, WAVES, today=DURING_EXTRA)))
    person.answers[EXTRA.id] = Answer(increased=True, active=True)
    during = compute(inputs(people, WAVES, today=DURING_EXTRA))
    assert published(during) == before
    assert all(point.wave_id != EXTRA.id for point in during.indicators[ACTIVE].trend)


def test_a_closed_wave_with_one_respondent_shows_no_number_and_moves_no_headline():
    people = crowd()
    person = newcomer()
    person.answers[EXTRA.id] = Answer(increased=True, active=False)
    figures = compute(inputs([*people, person], WAVES, today=AFTER_EXTRA))
    for code in (INCREASED, ACTIVE):
        point = figures.indicators[code].trend[-1]
        assert point.wave_id == EXTRA.id and point.hidden
        assert (point.n, point.x, point.share, point.low, point.high) == (None,) * 5
    rate = figures.non_response["wave_rates"][-1]
    assert rate.wave_id == EXTRA.id and rate.hidden
    increased = figures.indicators[INCREASED].total
    assert (increased.x, increased.n) == (40, 60)  # the follow-up's, as before
    assert figures.latest_wave == FOLLOW_UP  # active use: still the follow-up's result
    trend = tabulate.trend_table(figures, figures.indicators[ACTIVE])
    assert (("text", EXTRA.name), [EXTRA.closes_on.isoformat()] + [None] * 5) in trend.rows


def test_forecast_leaves_out_hidden_points_and_needs_two_usable_waves():
    people = crowd()
    person = newcomer()
    person.answers[EXTRA.id] = Answer(increased=False, active=False)
    figures = compute(inputs([*people, person], WAVES, today=AFTER_EXTRA))
    for code in (INCREASED, ACTIVE):  # the baseline (0 % increased by definition), follow-up
        assert figures.indicators[code].forecast.points == 2
    without_baseline = compute(inputs([*people, person], WAVES[1:], today=AFTER_EXTRA))
    for code in (INCREASED, ACTIVE):  # one usable wave: no forecast, and the page says why
        indicator = without_baseline.indicators[code]
        assert indicator.forecast is None and indicator.no_forecast == TOO_FEW_WAVES
        note = tabulate.trend_table(without_baseline, indicator).note
        assert note is not None and note.kind == TOO_FEW_WAVES


def test_no_forecast_and_a_final_verdict_after_the_programme_end():
    people = crowd()
    running = compute(inputs(people, WAVES, today=AFTER_EXTRA))
    ended = compute(inputs(people, WAVES, today=END + datetime.timedelta(days=1)))
    assert running.verdict(running.indicators[INCREASED]) == NOT_MET_YET  # 67 % < 80 %
    assert ended.verdict(ended.indicators[INCREASED]) == NOT_MET
    for indicator in ended.indicator_list():
        assert indicator.forecast is None
    assert ended.indicators[INCREASED].no_forecast == PROGRAMME_ENDED
    headline = tabulate.headline_table(ended)
    assert headline.rows[0][1][6] == NOT_MET


def test_a_small_group_at_100_percent_is_hidden_in_the_trend_too():
    people = crowd(6)  # six people, all of whom answered: active 3 of 6
    for person in people:
        person.answers[FOLLOW_UP.id].increased = True  # 6 of 6: 100 % in a group under 10
    figures = compute(inputs(people, WAVES, today=AFTER_EXTRA))
    assert figures.indicators[INCREASED].total.hidden
    assert figures.indicators[INCREASED].trend[-1].hidden


# --- Differencing between published states ---------------------------------------------------

FIRST = wave(2, datetime.date(2020, 3, 2))
SECOND = wave(3, datetime.date(2021, 3, 1))
SERIES = [BASELINE, FIRST, SECOND]
BETWEEN = datetime.date(2020, 9, 1)  # FIRST closed, SECOND not yet open
LATER = datetime.date(2021, 9, 1)  # both closed

person_strategy = st.builds(
    lambda unit, gender, moved, first, second: (unit, gender, moved, first, second),
    st.sampled_from(LEAVES),
    st.sampled_from(GENDERS[:3]),
    st.sampled_from([None, *LEAVES]),
    st.sampled_from([None, False, True]),
    st.sampled_from([None, False, True]),
)


def build_people(rows) -> list[Person]:
    people = []
    for unit, gender, moved, first, second in rows:
        person = Person(unit=unit, gender=gender)
        person.answers[BASELINE.id] = Answer()
        if first is not None:
            person.answers[FIRST.id] = Answer(increased=first, active=first, unit=moved)
        if second is not None:
            person.answers[SECOND.id] = Answer(increased=second, active=not second)
        people.append(person)
    return people


DAYS = [FIRST.opens_on, BETWEEN, SECOND.opens_on + datetime.timedelta(days=3), LATER]
PATHS = {4: (1, 2, 4), 5: (1, 2, 5), 6: (1, 3, 6), 7: (1, 3, 7)}


def cells_of(person: Person, unit: int) -> set[tuple]:
    units = {("unit", u) for u in PATHS[unit]}
    return units | {("gender", person.gender), ("age_band", person.age_band), ("role", "employee")}


def counted_answer(person: Person, day: datetime.date, people) -> tuple | None:
    """The person's change as the cumulative figure counts it on ``day``: (cells, verdict)."""
    counted = [w.id for w in inputs(people, SERIES, today=day).choice.follow_ups]
    mine = [wave_id for wave_id in counted if wave_id in person.answers]
    if not mine:
        return None
    answer = person.answers[mine[-1]]
    return cells_of(person, answer.unit or person.unit), answer.increased, mine[-1]


def touched(people, key, day_before, day_after) -> int:
    """People whose counted change in cell ``key`` came from a wave counted in between."""
    count = 0
    for person in people:
        before = counted_answer(person, day_before, people)
        after = counted_answer(person, day_after, people)
        if before == after:
            continue
        cells = (before[0] if before else set()) | (after[0] if after else set())
        count += key in cells
    return count


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person_strategy, max_size=90))
def test_consecutive_published_states_never_differ_by_a_few_people(rows):
    """Issue 17: a reader who notes every published number before and after each update (a
    wave opening, answers arriving, a wave closing) must not learn a few people's answers.
    Every number published in both states is unchanged, or the people whose answers changed
    it are at least the minimum cell size and its group changed by none or at least that
    many."""
    people = build_people(rows)
    published_states = [published(compute(inputs(people, SERIES, today=day))) for day in DAYS]
    for index in range(len(DAYS) - 1):
        before, after = published_states[index], published_states[index + 1]
        for key in before.keys() & after.keys():
            if key[0] in (UNIT_COVERAGE, "non_response") or key[-1] == "forecast":
                continue  # units, not people; the total's n again; from published points only
            if before[key] == after[key]:
                continue
            # Only the cumulative change figure takes in a new wave under the same key.
            assert key[0] == INCREASED and key[1] is None, key
            people_behind = touched(people, key[2], DAYS[index], DAYS[index + 1])
            assert people_behind >= MIN, (key, before[key], after[key], people_behind)
            difference = abs(after[key][0] - before[key][0])
            assert difference == 0 or difference >= MIN, (key, before[key], after[key])


# --- The attacker on trend and forecast ------------------------------------------------------

wave_counts = st.lists(
    st.integers(0, 40).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
    min_size=2,
    max_size=5,
)


def series(counts: list[tuple[int, int]]) -> tuple[list, list[Person]]:
    """A baseline and one follow-up per (n answered, x increased and active) pair, every wave
    answered by a different set of people of one big crowd."""
    waves = [BASELINE] + [
        wave(2 + i, datetime.date(2019, 12, 2) + datetime.timedelta(days=91 * i))
        for i in range(len(counts))
    ]
    crowd_size = max(n for n, _x in counts) or 1
    people = [Person(unit=LEAVES[i % 4], gender=GENDERS[i % 2]) for i in range(crowd_size)]
    for person in people:
        person.answers[BASELINE.id] = Answer()
    for follow_up, (n, x) in zip(waves[1:], counts, strict=True):
        for i in range(n):
            people[i].answers[follow_up.id] = Answer(increased=i < x, active=i < x)
    return waves, people


def trend_and_forecast(figures: ProgrammeFigures) -> list:
    """Everything the trend tables, charts and summaries publish."""
    return [
        (
            [dataclasses.astuple(point) for point in indicator.trend if not point.hidden],
            [point.wave_id for point in indicator.trend if point.hidden],
            indicator.forecast,
        )
        for indicator in (figures.indicators[INCREASED], figures.indicators[ACTIVE])
    ]


def other_hidden_values(n: int, x: int) -> list[tuple[int, int]]:
    """Other counts that the suppression rule would hide as well (what a hidden point could
    have been, for all a reader can tell)."""
    if n < MIN:
        return [(m, y) for m in range(1, MIN) for y in range(m + 1)]
    return [(m, 0) for m in range(MIN, 2 * MIN)] + [(m, m) for m in range(MIN, 2 * MIN)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wave_counts, st.data())
def test_trend_and_forecast_tell_nothing_about_a_hidden_wave(counts, data):
    """Given every published trend point and the forecast (its value, interval and slope), a
    hidden wave could have had any other hidden counts: they are not recoverable."""
    today = datetime.date(2021, 12, 31)  # every wave closed, the programme running
    waves, people = series(counts)
    published_before = trend_and_forecast(compute(inputs(people, waves, today=today)))
    hidden = [
        i for i, (n, x) in enumerate(counts) if n and (n < MIN or (n < 2 * MIN and x in (0, n)))
    ]
    if not hidden:
        return
    changed = list(counts)
    for i in hidden:
        changed[i] = data.draw(st.sampled_from(other_hidden_values(*counts[i])))
    waves, people = series(changed)
    assert trend_and_forecast(compute(inputs(people, waves, today=today))) == published_before


@pytest.mark.parametrize("today", [DURING_EXTRA, AFTER_EXTRA, END + datetime.timedelta(days=1)])
def test_tables_publish_nothing_the_figures_hide(today):
    people = crowd()
    person = newcomer()
    person.answers[EXTRA.id] = Answer(increased=True, active=True)
    figures = compute(inputs([*people, person], WAVES, today=today))
    hidden_labels = {
        ("text", point.label)
        for indicator in figures.indicator_list()
        for point in indicator.trend
        if point.hidden
    }
    for table in tabulate.dashboard_tables(figures, full=True).values():
        for label, values in table.rows:
            if label in hidden_labels:
                assert values[1:] == [None] * (len(values) - 1)


def test_the_figure_modules_import_nothing_from_django():
    """They are pure (computed without a database) and so testable and typed on their own
    (figures and tabulate import the other two pure modules, cells and inputs)."""
    import subprocess
    import sys

    code = (
        "import sys, digit.goals.figures, digit.goals.tabulate;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
