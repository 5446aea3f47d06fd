"""Scoring service: loads answers, calls the pure functions in ``digit.stats``, stores results.

- ``set_scores`` and ``finish_scoring`` run once, inside the submission transaction (the form
  scores the answers it has in memory; ``score_response`` reads them first): the response's
  total, area and competence scores (0–100), practices index and "active" verdict, and for a
  follow-up wave the person's reliable-change verdict (a ``Change`` row).
- ``compute_wave_statistics`` stores a wave's reliability (Cronbach's alpha per area, total
  and for the practices block), SD of the total and SEM.
- ``freeze_baseline`` fixes the baseline SD and reliability for the programme, so that every
  verdict uses the same threshold; it refuses once a follow-up has verdicts.
- ``recompute_changes`` (re)writes the verdicts of a follow-up wave in bulk.

Nothing that reads scores recomputes them from answers: pages and reports read the stored
fields. Waves are compared on the competence items whose keys both instruments share.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import numpy as np
from django.db import transaction
from django.db.models import Aggregate, Count, F, Q, Sum
from django.utils import timezone

from digit.assessments.models import (
    Answer,
    Change,
    Item,
    MeasurementSettings,
    Response,
    Wave,
    WaveStatistics,
)
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.stats import change as reliable_change
from digit.stats.practices import is_active, practices_index
from digit.stats.reliability import (
    alpha_from_variances,
    sample_sd,
    standard_error_of_measurement,
    variance_from_moments,
)
from digit.stats.scores import ScoreLayout, as_dict, score


class BaselineAlreadyUsed(Exception):
    """The baseline is frozen and follow-up verdicts already use it: it cannot change."""


@dataclass(frozen=True)
class ItemColumns:
    """An instrument's items split into competence and practice columns."""

    competence_ids: list[int]
    competence_keys: list[str]
    layout: ScoreLayout | None
    practice_ids: list[int]
    practice_domains: list[str]
    area_of_item: dict[int, str]


def _item_columns(rows) -> ItemColumns:
    """rows: (id, key, kind, domain, competence code, area code), in instrument order."""
    competence_rows = [row for row in rows if row[2] != Item.Kind.PRACTICE]
    practice_rows = [row for row in rows if row[2] == Item.Kind.PRACTICE]
    competence_areas = {row[4]: row[5] for row in competence_rows}
    layout = (
        ScoreLayout.from_codes([row[4] for row in competence_rows], competence_areas)
        if competence_rows
        else None
    )
    return ItemColumns(
        competence_ids=[row[0] for row in competence_rows],
        competence_keys=[row[1] for row in competence_rows],
        layout=layout,
        practice_ids=[row[0] for row in practice_rows],
        practice_domains=[row[3] for row in practice_rows],
        area_of_item={row[0]: row[5] for row in competence_rows},
    )


ITEM_FIELDS = ("id", "key", "kind", "domain", "competence__code", "competence__area__code")


def instrument_columns(instrument_id: int, keys=None) -> ItemColumns:
    """The items of an instrument (optionally only those with ``keys``), in order."""
    items = Item.objects.filter(instrument_id=instrument_id).order_by("order", "id")
    if keys is not None:
        items = items.filter(key__in=keys)
    return _item_columns(list(items.values_list(*ITEM_FIELDS)))


def measurement_settings(programme) -> MeasurementSettings:
    settings, _created = MeasurementSettings.objects.get_or_create(programme=programme)
    return settings


def settings_of_wave(wave: Wave) -> MeasurementSettings:
    """The measurement settings of the wave's programme, without loading the programme."""
    settings, _created = MeasurementSettings.objects.get_or_create(programme_id=wave.programme_id)
    return settings


SCORE_FIELDS = ["total_score", "area_scores", "competence_scores", "practices_index",
                "is_active_user"]  # fmt: skip

_COLUMNS_CACHE: dict[tuple, ItemColumns] = {}


def columns_of(instrument) -> ItemColumns:
    """An instrument's item columns; cached per process once it is frozen (never changes)."""
    key = (instrument.id, instrument.frozen_at)
    columns = _COLUMNS_CACHE.get(key) if instrument.frozen_at else None
    if columns is None:
        columns = instrument_columns(instrument.id)
        if instrument.frozen_at:
            _COLUMNS_CACHE[key] = columns
    return columns


def score_response(response: Response) -> None:
    """Compute and store the scores of a submitted response from its stored answers, and its
    reliable-change verdict (``finish_scoring``). Reads the answers with their items in one
    query."""
    rows = list(
        Answer.objects.filter(response=response)
        .order_by("item__order", "item_id")
        .values_list(*(f"item__{field}" for field in ITEM_FIELDS), "value")
    )
    value_of = {row[0]: row[-1] for row in rows}
    wave = Wave.objects.get(pk=response.wave_id)
    settings = settings_of_wave(wave)
    set_scores(response, _item_columns([row[:-1] for row in rows]), value_of, settings)
    response.save(update_fields=SCORE_FIELDS)
    finish_scoring(response, wave, settings)


def set_scores(response: Response, columns: ItemColumns, value_of: dict[int, int],
               settings: MeasurementSettings) -> None:  # fmt: skip
    """Set (not save) total, area and competence scores (0–100), the practices index and the
    "active" verdict from the answers ``{item id: value}``."""
    if columns.layout is not None:
        scores = score([value_of[i] for i in columns.competence_ids], columns.layout)
        response.total_score = round(float(scores.total), 2)
        response.area_scores = as_dict(columns.layout.areas, scores.area)
        response.competence_scores = as_dict(columns.layout.competences, scores.competence)
    if columns.practice_ids:
        practice_answers = [value_of[i] for i in columns.practice_ids]
        response.practices_index = round(practices_index(practice_answers), 2)
        response.is_active_user = is_active(
            practice_answers,
            columns.practice_domains,
            min_frequency=settings.active_min_frequency,
            min_practices=settings.active_min_practices,
            min_domains=settings.active_min_domains,
        )


def finish_scoring(response: Response, wave: Wave, settings: MeasurementSettings) -> None:
    """For a follow-up wave with a frozen baseline: the person's reliable-change verdict."""
    if wave.kind == Wave.Kind.FOLLOW_UP and _is_frozen(settings):
        _write_changes(wave, settings, pseudonyms=[response.pseudonym])


def _is_frozen(settings: MeasurementSettings) -> bool:
    return (
        settings.frozen_at is not None
        and settings.baseline_wave_id is not None
        and settings.baseline_sd is not None
        and settings.baseline_reliability is not None
    )


def common_competence_keys(baseline: Wave, follow_up: Wave) -> set[str]:
    """Keys of the competence items both waves' instruments share (the anchor items)."""
    competence_items = Item.objects.exclude(kind=Item.Kind.PRACTICE)
    baseline_keys = set(
        competence_items.filter(instrument_id=baseline.instrument_id).values_list("key", flat=True)
    )
    follow_up_keys = set(
        competence_items.filter(instrument_id=follow_up.instrument_id).values_list("key", flat=True)
    )
    return baseline_keys & follow_up_keys


def _totals_on_keys(wave: Wave, pseudonyms, keys: set[str]) -> dict[str, float]:
    """Total scores of the wave's submitted responses recomputed on the common items only
    (used when two instrument versions differ; the stored totals cover all items)."""
    columns = instrument_columns(wave.instrument_id, keys)
    if columns.layout is None:
        return {}
    responses = Response.objects.filter(wave=wave, submitted_at__isnull=False)
    if pseudonyms is not None:
        responses = responses.filter(pseudonym__in=pseudonyms)
    response_ids, matrix = answer_matrix(responses, columns.competence_ids)
    if not len(response_ids):
        return {}
    pseudonym_of = dict(responses.values_list("id", "pseudonym"))
    totals = score(matrix, columns.layout).total
    return {
        pseudonym_of[int(rid)]: float(total)
        for rid, total in zip(response_ids, np.atleast_1d(totals), strict=True)
    }


def _stored_totals(wave: Wave, pseudonyms) -> tuple[dict[str, float], dict[str, tuple]]:
    responses = Response.objects.filter(
        wave=wave, submitted_at__isnull=False, total_score__isnull=False
    )
    if pseudonyms is not None:
        responses = responses.filter(pseudonym__in=pseudonyms)
    totals, attributes = {}, {}
    rows = responses.values_list(
        "pseudonym", "total_score", "unit_id", "gender", "age_band", "is_manager"
    )
    for pseudonym, total, unit_id, gender, age_band, manager in cast(
        Iterable[tuple[str, float, int, str, str, bool]],
        rows,  # the totals are not null
    ):
        totals[pseudonym] = total
        attributes[pseudonym] = (unit_id, gender, age_band, manager)
    return totals, attributes


def _write_changes(follow_up: Wave, settings: MeasurementSettings, pseudonyms=None) -> int:
    """Write the Change rows of ``follow_up`` (all its submitted responses, or only
    ``pseudonyms``) that have a submitted baseline response; return how many."""
    baseline, sd, reliability = (
        settings.baseline_wave,
        settings.baseline_sd,
        settings.baseline_reliability,
    )
    if baseline is None or sd is None or reliability is None:  # not frozen: no verdicts yet
        return 0
    pairs, before, after, attributes = _paired_totals(baseline, follow_up, pseudonyms)
    if not pairs:
        return 0
    t1 = np.array([before[p] for p in pairs])
    t2 = np.array([after[p] for p in pairs])
    critical = float(settings.rci_critical_value)
    rci = reliable_change.reliable_change_index(t1, t2, sd, reliability)
    threshold = reliable_change.reliable_change_threshold(sd, reliability, critical)
    verdicts = reliable_change.verdict(rci, critical)
    ceiling = reliable_change.near_ceiling(t1, threshold)
    rows = []
    for i, pseudonym in enumerate(pairs):
        unit_id, gender, age_band, manager = attributes[pseudonym]
        rows.append(
            Change(
                follow_up=follow_up,
                baseline=baseline,
                pseudonym=pseudonym,
                baseline_total=round(float(t1[i]), 2),
                follow_up_total=round(float(t2[i]), 2),
                rci=round(float(rci[i]), 4),
                verdict=str(verdicts[i]),
                near_ceiling=bool(ceiling[i]),
                unit_id=unit_id,
                gender=gender,
                age_band=age_band,
                is_manager=manager,
            )
        )
    # Upsert rather than delete + insert: one statement per batch, no per-row signals.
    Change.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["follow_up", "pseudonym"],
        update_fields=CHANGE_FIELDS,
    )
    if pseudonyms is None:  # a verdict whose pair no longer exists is withdrawn
        _withdraw_unpaired(follow_up, set(pairs))
    return len(rows)


def _paired_totals(baseline: Wave, follow_up: Wave, pseudonyms):
    """(pseudonyms answering both waves, baseline totals, follow-up totals, the follow-up's
    attributes). Across two instruments the totals are recomputed on the competences both
    share, unless both measure exactly the same ones."""
    after, attributes = _stored_totals(follow_up, pseudonyms)
    before, _attributes = _stored_totals(baseline, pseudonyms)
    pairs = [p for p in after if p in before]
    if pairs and baseline.instrument_id != follow_up.instrument_id:
        keys = common_competence_keys(baseline, follow_up)
        full_baseline = instrument_columns(baseline.instrument_id).competence_keys
        full_follow_up = instrument_columns(follow_up.instrument_id).competence_keys
        if not (set(full_baseline) == set(full_follow_up) == keys):
            before = _totals_on_keys(baseline, pseudonyms, keys)
            after = _totals_on_keys(follow_up, pseudonyms, keys)
            pairs = [p for p in pairs if p in before and p in after]
    return pairs, before, after, attributes


def _withdraw_unpaired(follow_up: Wave, paired: set[str]) -> None:
    stale = [
        p
        for p in Change.objects.filter(follow_up=follow_up).values_list("pseudonym", flat=True)
        if p not in paired
    ]
    if stale:
        Change.objects.filter(follow_up=follow_up, pseudonym__in=stale).delete()


CHANGE_FIELDS = [
    "baseline",
    "baseline_total",
    "follow_up_total",
    "rci",
    "verdict",
    "near_ceiling",
    "unit",
    "gender",
    "age_band",
    "is_manager",
]


def answer_matrix(responses, item_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(response ids, responses × items matrix) for ``item_ids`` in that column order; only
    responses that answered every one of those items are kept."""
    if not item_ids:
        return np.array([], dtype=int), np.empty((0, 0))
    rows = np.array(
        Answer.objects.filter(response__in=responses, item_id__in=item_ids).values_list(
            "response_id", "item_id", "value"
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    response_ids, row_index = np.unique(rows[:, 0], return_inverse=True)
    column_of = {item_id: i for i, item_id in enumerate(item_ids)}
    column_index = np.fromiter((column_of[i] for i in rows[:, 1]), dtype=np.int64, count=len(rows))
    matrix = np.full((len(response_ids), len(item_ids)), np.nan)
    matrix[row_index, column_index] = rows[:, 2]
    complete = ~np.isnan(matrix).any(axis=1)
    return response_ids[complete], matrix[complete]


@transaction.atomic
def compute_wave_statistics(wave: Wave) -> WaveStatistics:
    """Cronbach's alpha (total, per area, practices block), SD of the stored total scores
    and SEM over all submitted responses of the wave; stored and returned."""
    submitted = Response.objects.filter(wave=wave, submitted_at__isnull=False)
    alphas = block_alphas(wave)
    alpha_total = alphas.pop(TOTAL, None)
    alpha_practices = alphas.pop(PRACTICES, None)
    alpha_by_area = {area: None if a is None else round(a, 4) for area, a in alphas.items()}
    totals = submitted.filter(total_score__isnull=False).values_list("total_score", flat=True)
    sd_total = sample_sd(cast(list[float], list(totals)))
    sem_total = (
        standard_error_of_measurement(sd_total, alpha_total)
        if sd_total is not None and alpha_total is not None
        else None
    )
    statistics, _created = WaveStatistics.objects.update_or_create(
        wave=wave,
        defaults=dict(
            respondents=submitted.count(),
            alpha_total=alpha_total,
            alpha_by_area=alpha_by_area,
            alpha_practices=alpha_practices,
            sd_total=sd_total,
            sem_total=sem_total,
        ),
    )
    return statistics


TOTAL = "total"
PRACTICES = "practices"


def block_alphas(wave: Wave) -> dict[str, float | None]:
    """Cronbach's alpha of the competence total, of each area (by code) and of the practices
    block, over the wave's submitted responses that answered every item of the block.

    The database aggregates: one GROUP BY response (block sums and counts, by conditional
    aggregation) and one GROUP BY item (Σx and Σx²); numpy turns them into variances. No
    answer row is loaded, so a wave of 45,000 respondents takes seconds and little memory."""
    columns = instrument_columns(wave.instrument_id)
    block_of_item = {**columns.area_of_item, **dict.fromkeys(columns.practice_ids, PRACTICES)}
    blocks = list(dict.fromkeys(block_of_item.values()))
    if not blocks:
        return {}
    items_of = {b: [i for i, block in block_of_item.items() if block == b] for b in blocks}
    answers = Answer.objects.filter(response__wave=wave, response__submitted_at__isnull=False)
    aggregates: dict[str, Aggregate] = {}
    for index, block in enumerate(blocks):
        in_block = Q(item_id__in=items_of[block])
        aggregates[f"n{index}"] = Count("id", filter=in_block)
        aggregates[f"s{index}"] = Sum("value", filter=in_block)
    rows = list(
        answers.values("response_id")
        .annotate(**aggregates)
        .values_list("response_id", *aggregates)
        .order_by()
    )
    if not rows:
        return {}
    response_ids = np.array([row[0] for row in rows])
    table = np.array([row[1:] for row in rows], dtype=float).reshape(len(rows), len(blocks), 2)
    table = np.nan_to_num(table)  # a block without answers sums to None
    counts, sums = table[:, :, 0], table[:, :, 1]
    expected = np.array([len(items_of[b]) for b in blocks])
    complete = counts == expected  # responses × blocks

    area_columns = [i for i, b in enumerate(blocks) if b != PRACTICES]
    competence_complete = complete[:, area_columns].all(axis=1)
    variance_of = _item_variances(answers, response_ids, blocks, complete, competence_complete)

    def alpha(item_ids, sum_scores) -> float | None:
        variances = [variance_of.get(i, np.nan) for i in item_ids]
        if len(sum_scores) < 2 or np.isnan(variances).any():
            return None
        return alpha_from_variances(variances, float(sum_scores.var(ddof=1)))

    result: dict[str, float | None] = {}
    if area_columns:
        result[TOTAL] = alpha(
            columns.competence_ids, sums[competence_complete][:, area_columns].sum(axis=1)
        )
    for index, block in enumerate(blocks):
        usable = competence_complete if block != PRACTICES else complete[:, index]
        result[block] = alpha(items_of[block], sums[usable, index])
    return result


def _item_variances(
    answers, response_ids, blocks, complete, competence_complete
) -> dict[int, float]:
    """Sample variance of each item over the responses whose block is complete (competence
    items: all competence blocks complete; practices: the practices block complete)."""
    item_rows = []
    practice_column = blocks.index(PRACTICES) if PRACTICES in blocks else None
    for is_practice in (False, True):
        if is_practice and practice_column is None:
            continue
        usable = complete[:, practice_column] if is_practice else competence_complete
        if not usable.any():
            continue
        subset = (
            answers.filter(item__kind=Item.Kind.PRACTICE)
            if is_practice
            else (answers.exclude(item__kind=Item.Kind.PRACTICE))
        )
        if not usable.all():
            subset = subset.exclude(response_id__in=response_ids[~usable].tolist())
        item_rows += list(
            subset.values("item_id")
            .annotate(n=Count("id"), total=Sum("value"), squares=Sum(F("value") * F("value")))
            .values_list("item_id", "n", "total", "squares")
            .order_by()
        )
    return {
        item_id: float(variance_from_moments(n, total, squares))
        for item_id, n, total, squares in item_rows
    }


def baseline_wave_of(programme) -> Wave | None:
    """The programme's baseline: its first wave of kind baseline that has opened."""
    return (
        Wave.objects.filter(programme=programme, kind=Wave.Kind.BASELINE, opened_at__isnull=False)
        .order_by("opens_on", "id")
        .first()
    )


@transaction.atomic
def freeze_baseline(programme) -> MeasurementSettings:
    """Store the baseline wave's reliability (alpha of the total) and SD, and the time, in
    the programme's measurement settings. Refuses (BaselineAlreadyUsed) once any follow-up
    has verdicts, because changing r or SD1 would change verdicts already reported. When
    there is no baseline, or too few answers for alpha and SD (fewer than 2 respondents, no
    variance, alpha ≥ 1), nothing is frozen and the settings are returned unchanged."""
    settings = MeasurementSettings.objects.select_for_update().get_or_create(programme=programme)[0]
    if Change.objects.filter(follow_up__programme=programme).exists():
        raise BaselineAlreadyUsed
    baseline = baseline_wave_of(programme)
    if baseline is None:
        return settings
    statistics = compute_wave_statistics(baseline)
    alpha, sd = statistics.alpha_total, statistics.sd_total
    if alpha is None or sd is None or not 0 <= alpha < 1 or sd <= 0:
        return settings
    settings.baseline_wave = baseline
    settings.baseline_reliability = alpha
    settings.baseline_sd = sd
    settings.frozen_at = timezone.now()
    settings.save()
    audit.record(Kind.BASELINE_FROZEN, object_type="programme", object_id=programme.pk)
    return settings


@transaction.atomic
def recompute_changes(follow_up_wave: Wave) -> int:
    """(Re)write the reliable-change verdicts of every submitted response of a follow-up
    wave, e.g. for responses submitted before the baseline was frozen. Returns the number of
    verdicts; 0 when the baseline is not frozen."""
    settings = measurement_settings(follow_up_wave.programme)
    if follow_up_wave.kind != Wave.Kind.FOLLOW_UP or not _is_frozen(settings):
        return 0
    return _write_changes(follow_up_wave, settings)


class SettingsFixed(Exception):
    """The verdict rules are fixed: the baseline is frozen or a follow-up wave has opened."""


def settings_are_fixed(settings: MeasurementSettings) -> bool:
    """Rules are declared before the follow-up: fixed once the baseline is frozen or any
    follow-up wave of the programme has opened."""
    return (
        settings.frozen_at is not None
        or Wave.objects.filter(
            programme_id=settings.programme_id,
            kind=Wave.Kind.FOLLOW_UP,
            opened_at__isnull=False,
        ).exists()
    )


@transaction.atomic
def update_measurement_settings(
    *,
    programme,
    rci_critical_value,
    active_min_frequency: int,
    active_min_practices: int,
    active_min_domains: int,
) -> MeasurementSettings:
    """Change the verdict rules of a programme; refused (SettingsFixed) once they are fixed."""
    settings = MeasurementSettings.objects.select_for_update().get_or_create(programme=programme)[0]
    if settings_are_fixed(settings):
        raise SettingsFixed
    settings.rci_critical_value = rci_critical_value
    settings.active_min_frequency = active_min_frequency
    settings.active_min_practices = active_min_practices
    settings.active_min_domains = active_min_domains
    settings.save()
    return settings


def verdict_threshold(settings: MeasurementSettings) -> float | None:
    """Points of total score a reliable change needs under the frozen baseline, or None."""
    sd, reliability = settings.baseline_sd, settings.baseline_reliability
    if not _is_frozen(settings) or sd is None or reliability is None:
        return None
    return reliable_change.reliable_change_threshold(
        sd, reliability, float(settings.rci_critical_value)
    )
