"""Scores are computed once at submission and stored; verdicts use the frozen baseline."""

import datetime

import numpy as np
import pytest
from django.utils import timezone

from digit.assessments import scoring
from digit.assessments.instruments import get_default_instrument, new_version
from digit.assessments.models import (
    Answer,
    Change,
    Item,
    MeasurementSettings,
    Response,
    Wave,
)
from digit.programmes.models import Programme
from digit.stats.change import reliable_change_index
from digit.stats.reliability import cronbach_alpha
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return Programme.objects.create(
        slug="test-programme",
        name="Test programme",
        owner="Test",
        scope=make_unit(),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )


def make_wave(programme, kind=Wave.Kind.BASELINE, instrument=None, opens_on=None):
    opens_on = opens_on or datetime.date(2026, 2, 1)
    return Wave.objects.create(
        programme=programme,
        kind=kind,
        name=f"{kind} {opens_on}",
        instrument=instrument or get_default_instrument(),
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=30),
        opened_at=timezone.now(),
    )


def submit(wave, pseudonym, values, *, score=True, **attributes):
    """A submitted response with ``values``: a function of the item, or a constant."""
    response = Response.objects.create(
        wave=wave,
        pseudonym=pseudonym,
        unit=attributes.get("unit") or wave.programme.scope,
        gender=attributes.get("gender", "woman"),
        age_band=attributes.get("age_band", "30-39"),
        is_manager=attributes.get("is_manager", False),
        submitted_at=timezone.now(),
    )
    items = list(wave.instrument.items.all())
    Answer.objects.bulk_create(
        Answer(response=response, item=item, value=values(item) if callable(values) else values)
        for item in items
    )
    if score:
        scoring.score_response(response)
    response.refresh_from_db()
    return response


def competence_value(value, practice=0):
    return lambda item: practice if item.kind == Item.Kind.PRACTICE else value


def random_answers(rng, ability):
    def values(item):
        top = 4 if item.kind == Item.Kind.PRACTICE else 3
        return int(np.clip(round(ability + rng.normal(scale=0.7)), 0, top))

    return values


def test_scores_are_stored_as_percentages_of_the_scale(programme):
    wave = make_wave(programme)
    response = submit(wave, "p1", lambda item: 3 if item.key.startswith("1.") else 0)
    assert response.competence_scores["1.1"] == 100
    assert response.competence_scores["2.1"] == 0
    assert response.area_scores == {"1": 100, "2": 0, "3": 0, "4": 0, "5": 0}
    assert response.total_score == pytest.approx(100 * 3 / 21, abs=0.01)
    assert response.practices_index == 0
    assert response.is_active_user is False


def test_competence_is_the_mean_of_its_items(programme):
    wave = make_wave(programme)
    response = submit(wave, "p1", lambda item: {"K": 1, "S": 2, "A": 3}.get(item.key[-1], 4))
    assert response.competence_scores["3.3"] == pytest.approx(100 * 2 / 3, abs=0.01)
    assert response.total_score == pytest.approx(66.67, abs=0.01)
    assert response.practices_index == 100
    assert response.is_active_user is True


def test_scoring_reads_the_answers_in_one_query(programme, django_assert_max_num_queries):
    wave = make_wave(programme)
    response = submit(wave, "p1", 2, score=False)
    MeasurementSettings.objects.create(programme=programme)
    # answers with their items, wave with programme, settings, update
    with django_assert_max_num_queries(4):
        scoring.score_response(response)


def test_active_rule_comes_from_the_programme_settings(programme):
    MeasurementSettings.objects.create(programme=programme, active_min_practices=9)
    response = submit(make_wave(programme), "p1", competence_value(2, practice=4))
    assert response.practices_index == 100
    assert response.is_active_user is False


def test_wave_statistics_match_the_pure_functions(programme):
    wave = make_wave(programme)
    rng = np.random.default_rng(1)
    responses = [submit(wave, f"p{n}", random_answers(rng, rng.normal(1.5))) for n in range(25)]
    statistics = scoring.compute_wave_statistics(wave)

    items = list(wave.instrument.items.exclude(kind=Item.Kind.PRACTICE))
    matrix = np.array(
        [[Answer.objects.get(response=r, item=item).value for item in items] for r in responses]
    )
    totals = np.array([r.total_score for r in responses])
    assert statistics.respondents == 25
    assert statistics.alpha_total == pytest.approx(cronbach_alpha(matrix))
    area_1 = [i for i, item in enumerate(items) if item.competence.area.code == "1"]
    assert statistics.alpha_by_area["1"] == pytest.approx(
        cronbach_alpha(matrix[:, area_1]), abs=1e-4
    )
    assert set(statistics.alpha_by_area) == {"1", "2", "3", "4", "5"}
    assert statistics.alpha_practices is not None
    assert statistics.sd_total == pytest.approx(totals.std(ddof=1))
    assert statistics.sem_total == pytest.approx(
        totals.std(ddof=1) * np.sqrt(1 - statistics.alpha_total)
    )


def test_statistics_ignore_unsubmitted_responses(programme):
    wave = make_wave(programme)
    submit(wave, "p1", 1)
    submit(wave, "p2", 2)
    Response.objects.create(wave=wave, pseudonym="p3", unit=programme.scope)
    assert scoring.compute_wave_statistics(wave).respondents == 2


def baseline_with_spread(programme, n=30, seed=2):
    baseline = make_wave(programme)
    rng = np.random.default_rng(seed)
    for i in range(n):
        submit(baseline, f"p{i}", random_answers(rng, rng.normal(1.4, 0.6)))
    return baseline


def test_freeze_baseline_stores_alpha_and_sd_of_the_baseline(programme):
    baseline = baseline_with_spread(programme)
    settings = scoring.freeze_baseline(programme)
    statistics = baseline.statistics
    assert settings.baseline_wave == baseline
    assert settings.baseline_reliability == pytest.approx(statistics.alpha_total)
    assert settings.baseline_sd == pytest.approx(statistics.sd_total)
    assert settings.frozen_at is not None


def test_freeze_without_baseline_answers_freezes_nothing(programme):
    make_wave(programme)
    settings = scoring.freeze_baseline(programme)
    assert settings.frozen_at is None and settings.baseline_sd is None


def test_follow_up_submission_writes_the_reliable_change_verdict(programme, organisation):
    baseline = baseline_with_spread(programme)
    settings = scoring.freeze_baseline(programme)
    follow_up = make_wave(programme, Wave.Kind.FOLLOW_UP, opens_on=datetime.date(2027, 2, 1))
    before = Response.objects.get(wave=baseline, pseudonym="p3")
    after = submit(follow_up, "p3", 3, unit=organisation["branch_a"], gender="man", is_manager=True)
    change = Change.objects.get(follow_up=follow_up, pseudonym="p3")
    expected = reliable_change_index(
        before.total_score, after.total_score, settings.baseline_sd, settings.baseline_reliability
    )
    assert change.baseline == baseline
    assert change.baseline_total == pytest.approx(before.total_score)
    assert change.follow_up_total == 100
    assert change.rci == pytest.approx(expected, abs=1e-3)
    assert change.verdict == (Change.Verdict.INCREASED if expected >= 1.96 else "no_change")
    assert (change.unit, change.gender, change.is_manager) == (
        organisation["branch_a"],
        "man",
        True,
    )


def test_no_verdict_without_a_baseline_response(programme):
    baseline_with_spread(programme)
    scoring.freeze_baseline(programme)
    follow_up = make_wave(programme, Wave.Kind.FOLLOW_UP, opens_on=datetime.date(2027, 2, 1))
    submit(follow_up, "newcomer", 3)
    assert not Change.objects.exists()


def test_verdicts_use_the_frozen_values_and_the_critical_setting(programme):
    baseline = make_wave(programme)
    submit(baseline, "up", 1)
    submit(baseline, "same", 1)
    submit(baseline, "top", 3)
    MeasurementSettings.objects.update_or_create(
        programme=programme,
        defaults=dict(
            baseline_wave=baseline,
            baseline_reliability=0.93,
            baseline_sd=15,
            frozen_at=timezone.now(),
        ),
    )
    follow_up = make_wave(programme, Wave.Kind.FOLLOW_UP, opens_on=datetime.date(2027, 2, 1))
    submit(follow_up, "up", 2)  # 33.33 → 66.67: +33 points, far above 11.0
    submit(follow_up, "same", 1)
    submit(follow_up, "top", 3)
    verdicts = dict(Change.objects.values_list("pseudonym", "verdict"))
    assert verdicts == {"up": "increased", "same": "no_change", "top": "no_change"}
    ceiling = dict(Change.objects.values_list("pseudonym", "near_ceiling"))
    assert ceiling == {"up": False, "same": False, "top": True}
    assert Change.objects.get(pseudonym="up").rci == pytest.approx(
        (100 / 3) / (15 * np.sqrt(2) * np.sqrt(0.07)), abs=0.01
    )


def test_refreezing_is_refused_once_a_follow_up_has_verdicts(programme):
    baseline_with_spread(programme)
    scoring.freeze_baseline(programme)
    follow_up = make_wave(programme, Wave.Kind.FOLLOW_UP, opens_on=datetime.date(2027, 2, 1))
    submit(follow_up, "p1", 3)
    frozen = MeasurementSettings.objects.get(programme=programme)
    with pytest.raises(scoring.BaselineAlreadyUsed):
        scoring.freeze_baseline(programme)
    assert MeasurementSettings.objects.get(programme=programme).baseline_sd == frozen.baseline_sd


def test_recompute_changes_covers_responses_submitted_before_the_freeze(programme):
    baseline_with_spread(programme)
    follow_up = make_wave(programme, Wave.Kind.FOLLOW_UP, opens_on=datetime.date(2027, 2, 1))
    for i in range(5):
        submit(follow_up, f"p{i}", 3)
    assert not Change.objects.exists()
    assert scoring.recompute_changes(follow_up) == 0  # not frozen yet
    scoring.freeze_baseline(programme)
    assert scoring.recompute_changes(follow_up) == 5
    assert scoring.recompute_changes(follow_up) == 5  # idempotent
    assert Change.objects.filter(follow_up=follow_up).count() == 5


def test_a_new_instrument_version_is_compared_on_common_items_only(programme):
    baseline = make_wave(programme)
    submit(baseline, "p1", lambda item: 3 if item.key == "1.1-K" else 1)
    submit(baseline, "p2", 2)
    MeasurementSettings.objects.update_or_create(
        programme=programme,
        defaults=dict(
            baseline_wave=baseline,
            baseline_reliability=0.9,
            baseline_sd=15,
            frozen_at=timezone.now(),
        ),
    )
    version_2 = new_version(baseline.instrument)
    version_2.items.filter(key="1.1-K").delete()
    follow_up = make_wave(programme, Wave.Kind.FOLLOW_UP, version_2, datetime.date(2027, 2, 1))
    after = submit(follow_up, "p1", 1)
    change = Change.objects.get(pseudonym="p1")
    # Without 1.1-K both totals are all-1 answers: no change at all.
    assert change.baseline_total == pytest.approx(100 / 3, abs=0.01)
    assert change.follow_up_total == pytest.approx(100 / 3, abs=0.01)
    assert change.rci == 0
    # The stored score of the follow-up covers all of its own items.
    assert after.total_score == pytest.approx(100 / 3, abs=0.01)


def test_recompute_withdraws_a_verdict_whose_baseline_response_is_gone(programme):
    baseline_with_spread(programme, n=10)
    scoring.freeze_baseline(programme)
    follow_up = make_wave(programme, Wave.Kind.FOLLOW_UP, opens_on=datetime.date(2027, 2, 1))
    submit(follow_up, "p1", 3)
    submit(follow_up, "p2", 3)
    assert Change.objects.count() == 2
    Response.objects.filter(wave=programme.measurement.baseline_wave, pseudonym="p2").delete()
    assert scoring.recompute_changes(follow_up) == 1
    assert list(Change.objects.values_list("pseudonym", flat=True)) == ["p1"]


def test_stored_scores_are_not_recomputed_when_answers_change_later(programme):
    wave = make_wave(programme)
    response = submit(wave, "p1", 1)
    Answer.objects.filter(response=response).update(value=3)
    response.refresh_from_db()
    assert response.total_score == pytest.approx(100 / 3, abs=0.01)


def test_alpha_leaves_out_responses_that_miss_answers_of_a_block(programme):
    wave = make_wave(programme)
    rng = np.random.default_rng(4)
    responses = [submit(wave, f"p{n}", random_answers(rng, rng.normal(1.5))) for n in range(12)]
    # One response lost its practice answers, another one competence answer.
    Answer.objects.filter(response=responses[0], item__kind=Item.Kind.PRACTICE).delete()
    Answer.objects.filter(response=responses[1], item__key="3.4-S").delete()
    statistics = scoring.compute_wave_statistics(wave)

    def matrix(rs, practice):
        items = wave.instrument.items.filter(kind=Item.Kind.PRACTICE)
        if not practice:
            items = wave.instrument.items.exclude(kind=Item.Kind.PRACTICE)
        return np.array(
            [[Answer.objects.get(response=r, item=item).value for item in items] for r in rs]
        )

    competence_ok = [r for r in responses if r != responses[1]]
    practice_ok = [r for r in responses if r != responses[0]]
    assert statistics.alpha_total == pytest.approx(cronbach_alpha(matrix(competence_ok, False)))
    assert statistics.alpha_practices == pytest.approx(cronbach_alpha(matrix(practice_ok, True)))
