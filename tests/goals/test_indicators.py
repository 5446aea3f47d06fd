import datetime

import pytest
import time_machine
from django.utils import timezone

from digit.assessments.models import Wave
from digit.goals.cells import largest_gap
from digit.goals.figures import (
    ACTIVE,
    INCREASED,
    PROGRAMME_ENDED,
    ROLE_MODELS,
    UNIT_COVERAGE,
)
from digit.goals.indicators import compute_figures
from digit.stats.proportions import wilson_interval
from tests.goals import scenario
from tests.goals.factories import change, make_wave, respond


@pytest.fixture
def city(db):
    return scenario.build()


def test_reliably_increased_counts_everyone_who_answered_both_waves(city):
    figures = compute_figures(city["programme"])
    increased = figures.indicators[INCREASED]
    assert (increased.total.x, increased.total.n) == (21, 34)
    assert increased.total.share == pytest.approx(21 / 34)
    assert (increased.total.low, increased.total.high) == pytest.approx(wilson_interval(21, 34))
    assert increased.target == 0.8
    assert increased.met is False
    assert increased.extras["positive_not_reliable"] == 2
    assert increased.extras["near_ceiling"] == 4
    # Mean change: 21 × +20, 2 × +5, 1 × −20, 4 × 0, 2 × 0, 4 × −2 over 34 people.
    assert increased.extras["mean_change"] == pytest.approx((420 + 10 - 20 - 8) / 34)


def test_non_respondents_are_reported_beside_the_denominator(city):
    figures = compute_figures(city["programme"])
    assert figures.non_response["invited_both"] == 40
    assert figures.non_response["answered_both"] == 34
    rates = {point.label: (point.x, point.n) for point in figures.non_response["wave_rates"]}
    assert rates[city["baseline"].name] == (34, 40)
    assert rates[city["follow_up"].name] == (34, 40)


def test_active_use_in_the_latest_wave(city):
    active = compute_figures(city["programme"]).indicators[ACTIVE]
    # U1 6, U2 4, U3 0, U4 3, manager 1.
    assert (active.total.x, active.total.n) == (14, 34)
    assert active.target == 0.4
    assert active.met is True
    assert [(p.x, p.n) for p in active.trend] == [(0, 34), (14, 34)]


def test_role_models_are_counted_against_the_target(city):
    role_models = compute_figures(city["programme"]).indicators[ROLE_MODELS]
    assert role_models.total.x == 2
    assert role_models.total.n == 40  # current people in the scope
    assert role_models.met is False


def test_unit_coverage_counts_leaf_units_with_people(city):
    coverage = compute_figures(city["programme"]).indicators[UNIT_COVERAGE]
    assert (coverage.total.x, coverage.total.n) == (4, 5)
    assert coverage.dimensions == ("unit",)


def test_breakdown_by_gender_hides_the_small_group_and_its_partner(city):
    figures = compute_figures(city["programme"])
    increased = figures.indicators[INCREASED]
    groups = {g.value: g for g in figures.breakdown(increased, "gender")}
    assert (groups["woman"].x, groups["woman"].n) == (16, 23)
    assert groups["other"].hidden and groups["other"].n is None
    assert groups["man"].hidden  # the next-smallest, so "other" = total − woman fails
    assert groups["not_stated"].n == 0 and not groups["not_stated"].hidden


def test_breakdown_by_unit_follows_the_hierarchy(city):
    figures = compute_figures(city["programme"])
    increased = figures.indicators[INCREASED]
    departments = {g.value: g for g in figures.breakdown(increased, "unit")}
    assert (departments[city["d1"].pk].x, departments[city["d1"].pk].n) == (14, 21)
    assert (departments[city["d2"].pk].x, departments[city["d2"].pk].n) == (7, 13)
    d2_units = {g.key: g for g in figures.breakdown(increased, "unit", city["d2"].pk)}
    u3, u4 = city["units"]["U3"].pk, city["units"]["U4"].pk
    assert d2_units[("unit", u3)].hidden and d2_units[("unit", u4)].hidden
    d1_units = {g.key: g for g in figures.breakdown(increased, "unit", city["d1"].pk)}
    assert d1_units[("direct", city["d1"].pk)].hidden  # the manager alone
    assert d1_units[("unit", city["units"]["U2"].pk)].hidden  # its partner
    assert d1_units[("unit", city["units"]["U1"].pk)].n == 12


def test_gap_between_groups_is_tested(city):
    figures = compute_figures(city["programme"])
    active = figures.indicators[ACTIVE]
    gap = largest_gap(figures.breakdown(active, "role"))
    assert gap is None or gap.test.method in {"z", "fisher"}
    departments = figures.breakdown(figures.indicators[INCREASED], "unit")
    gap = largest_gap(departments)
    assert gap.highest.value == city["d1"].pk
    assert gap.test.difference == pytest.approx(14 / 21 - 7 / 13)
    assert 0 < gap.test.p_value <= 1


def test_trend_and_forecast_to_the_programme_end(city):
    with time_machine.travel("2021-09-01 12:00:00+00:00", tick=False):  # before the end
        increased = compute_figures(city["programme"]).indicators[INCREASED]
    assert [(p.x, p.n) for p in increased.trend] == [(0, 0), (21, 34)]
    assert increased.trend[0].share == 0.0
    forecast = increased.forecast
    assert forecast is not None and 21 / 34 < forecast.value <= 1.0
    assert forecast.low < forecast.value <= forecast.high


def test_no_forecast_once_the_programme_has_ended(city):
    figures = compute_figures(city["programme"])  # today is after 2022-06-30
    assert figures.ended
    for indicator in figures.indicator_list():
        assert indicator.forecast is None
    assert figures.indicators[INCREASED].no_forecast == PROGRAMME_ENDED


def test_the_latest_follow_up_of_each_person_counts(city):
    later = make_wave(city["programme"], Wave.Kind.FOLLOW_UP, opens_on=datetime.date(2022, 3, 1))
    # One U1 person who had decreased now increased; one who increased now did not.
    u1 = city["people"]["U1"]
    for person, verdict in ((u1[11], scenario.INCREASED), (u1[0], scenario.NO_CHANGE)):
        respond(later, person, total=60.0)
        change(city["baseline"], later, person, before=40.0, after=60.0, verdict=verdict)
    increased = compute_figures(city["programme"]).indicators[INCREASED]
    # Two people are too few: the wave stays out of the figure, its trend point is hidden.
    assert (increased.total.x, increased.total.n) == (21, 34)
    assert increased.trend[-1].hidden and increased.trend[-1].n is None


@pytest.mark.usefixtures("shared_cache")
def test_figures_follow_changes_at_most_once_a_minute(
    city, monkeypatch, django_capture_on_commit_callbacks
):
    import time_machine

    from digit.goals import indicators

    monkeypatch.setattr(indicators, "STALE_SECONDS", 60)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        first = indicators.programme_figures(city["programme"])
        person = city["people"]["U5"][0]
        with django_capture_on_commit_callbacks(execute=True):  # as if committed
            respond(city["follow_up"], person, total=70.0, active=True)
            change(city["baseline"], city["follow_up"], person, before=40.0, after=70.0,
                   verdict=scenario.INCREASED)  # fmt: skip
        assert indicators.programme_figures(city["programme"]) is first
        traveller.shift(61)
        fresh = indicators.programme_figures(city["programme"])
        assert fresh is not first
        assert (fresh.indicators[INCREASED].total.x, fresh.indicators[INCREASED].total.n) == (
            22,
            35,
        )
        # Unchanged data: the same figures, until they are five minutes old.
        traveller.shift(200)
        assert indicators.programme_figures(city["programme"]) is fresh
        traveller.shift(200)
        assert indicators.programme_figures(city["programme"]) is not fresh


@pytest.mark.usefixtures("shared_cache")
def test_data_version_moves_only_when_the_change_is_committed(
    city, django_capture_on_commit_callbacks
):
    from digit.goals.freshness import data_version

    before = data_version()
    person = city["people"]["U5"][1]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        respond(city["follow_up"], person, total=55.0)
    assert data_version() == before  # not yet committed: other requests see the old data
    for callback in callbacks:
        callback()
    assert data_version() != before


def test_three_counted_follow_ups_count_each_persons_latest_change(city):
    """Each later follow-up answered by the 12 people of U1 (enough to count): the figure
    takes their latest verdict, and the earlier states are read to check the steps."""
    u1 = city["people"]["U1"]
    for month, verdict in ((2021, scenario.NO_CHANGE), (2022, scenario.INCREASED)):
        wave = make_wave(
            city["programme"], Wave.Kind.FOLLOW_UP, opens_on=datetime.date(month, 5, 2)
        )
        for person in u1:
            respond(wave, person, total=60.0)
            change(city["baseline"], wave, person, before=40.0, after=60.0, verdict=verdict)
    with time_machine.travel("2022-06-01 12:00:00+00:00", tick=False):
        figures = compute_figures(city["programme"])
    increased = figures.indicators[INCREASED]
    # U1: 12 of 12 now (was 9); everyone else as before: 21 − 9 + 12 = 24 of 34.
    assert (increased.total.x, increased.total.n) == (24, 34)
    assert [point.n for point in increased.trend] == [0, 34, 12, 12]
