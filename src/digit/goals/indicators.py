"""The programme's goal figures: each indicator against its target, with Wilson intervals,
breakdowns (suppressed), trend over waves and a forecast. Read-only; docs/goals.md defines
every figure.

``programme_figures(programme)`` is what pages, exports and the API use, so suppression is
identical everywhere. It is built from a handful of GROUP BY queries (digit.goals.selectors)
and cached until the underlying data change (digit.goals.signals bumps the version).
"""

import datetime
import itertools
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from digit.assessments.models import Wave
from digit.goals import selectors
from digit.people.models import AGE_BANDS, Gender
from digit.stats.proportions import (
    Forecast,
    GapTest,
    compare_proportions,
    linear_forecast,
    standard_error,
    wilson_interval,
)
from digit.stats.suppression import Cell, suppress

INCREASED = "increased"
ACTIVE = "active"
ROLE_MODELS = "role_models"
UNIT_COVERAGE = "unit_coverage"
PARTICIPATION = "participation"
INDICATORS = (INCREASED, ACTIVE, ROLE_MODELS, UNIT_COVERAGE)

PEOPLE_DIMENSIONS = ("gender", "age_band", "role")
GENDER_ORDER = [gender.value for gender in Gender]
AGE_ORDER = [label for _low, _high, label in AGE_BANDS] + ["–"]
ROLE_ORDER = ["employee", "manager"]
CACHE_SECONDS = 300
VERSION_KEY = "goals:data-version"


@dataclass
class Group:
    """One published (or hidden) cell: n people, x with the attribute, the share and its
    95 % Wilson interval. Everything but the key is None when the cell is hidden."""

    key: tuple
    hidden: bool
    n: int | None = None
    x: int | None = None
    share: float | None = None
    low: float | None = None
    high: float | None = None
    extras: dict = field(default_factory=dict)

    @property
    def dimension(self) -> str:
        return self.key[0]

    @property
    def value(self):
        return self.key[1]


@dataclass
class TrendPoint:
    wave_id: int | None
    label: str
    on: datetime.date
    n: int
    x: int
    share: float | None
    low: float | None
    high: float | None


@dataclass
class Indicator:
    code: str
    target: float
    total: Group
    cells: dict[tuple, Group]
    trend: list[TrendPoint] = field(default_factory=list)
    forecast: Forecast | None = None
    is_share: bool = True
    extras: dict = field(default_factory=dict)
    dimensions: tuple = ("gender", "age_band", "role", "unit")

    @property
    def met(self) -> bool | None:
        if self.total.hidden:
            return None
        value = self.total.share if self.is_share else self.total.x
        if value is None:
            return None
        return value >= self.target


@dataclass
class WaveInfo:
    id: int
    name: str
    kind: str
    opens_on: datetime.date
    closes_on: datetime.date


@dataclass
class ProgrammeFigures:
    programme_id: int
    computed_at: datetime.datetime
    min_cell_size: int
    ends_on: datetime.date
    waves: list[WaveInfo]
    baseline: WaveInfo | None
    latest_wave: WaveInfo | None
    latest_follow_up: WaveInfo | None
    indicators: dict[str, Indicator]
    participation: Indicator
    population: dict[tuple, Group]
    non_response: dict
    root: int
    unit_names: dict[int, str]
    children: dict[int, list[int]]
    parents: dict[int, int | None]

    def indicator_list(self) -> list[Indicator]:
        return [self.indicators[code] for code in INDICATORS]

    def breakdown(self, indicator: Indicator, dimension: str, unit_id: int | None = None):
        """Groups of one dimension in display order. ``unit`` lists the children (and the
        people placed directly) of ``unit_id`` (default: the scope root, i.e. departments)."""
        return breakdown_groups(self, indicator.cells, dimension, unit_id)


def data_version() -> int:
    """A number that changes whenever the data behind the figures change. It starts from the
    clock, so that an emptied cache never brings back an old version."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_data_version() -> None:
    """Called when stored scores, invitations or people change; old figures expire.

    The version only has to differ from the one figures were stored under: a new unique value
    is one write (an increment is a read and a write), and this runs after every submission."""
    cache.set(VERSION_KEY, f"{time.time_ns()}.{os.getpid()}.{next(_bumps)}", None)


_bumps = itertools.count()


# Figures are recomputed when the data change, but at most once per STALE_SECONDS: while a wave
# is open, submissions arrive every few seconds and each would otherwise cost a recomputation.
# Pages say "figures as of <time>". The latest figures also stay in this process, so that a
# page does not unpickle them from the shared cache each time.
STALE_SECONDS = 60
_in_process: dict[str, tuple[int, ProgrammeFigures]] = {}


def programme_figures(programme, *, use_cache: bool = True) -> ProgrammeFigures:
    """The programme's figures: from the cache when the data have not changed since they were
    computed, or changed less than STALE_SECONDS after; else computed anew."""
    if not use_cache:
        return compute_figures(programme)
    key = f"goals:figures:{programme.pk}:{settings.DIGIT_MIN_CELL_SIZE}"
    version = data_version()
    entry = _in_process.get(key)
    if entry is None or not _usable(entry, version):
        entry = cache.get(key)
        if entry is None or not _usable(entry, version):
            entry = (version, compute_figures(programme))
            cache.set(key, entry, CACHE_SECONDS)
        _in_process[key] = entry
    return entry[1]


def _usable(entry: tuple[int, ProgrammeFigures], version: int) -> bool:
    computed_version, figures = entry
    age = (timezone.now() - figures.computed_at).total_seconds()
    if age >= CACHE_SECONDS:  # bulk writes send no signal: never older than this
        return False
    return computed_version == version or age < STALE_SECONDS


def forget_figures() -> None:
    """Drop the figures kept in this process (tests; the shared cache has its own clear)."""
    _in_process.clear()


# --- Building the figures ----------------------------------------------------------------


def group_keys(row: dict, tree: selectors.UnitTree) -> list[tuple]:
    unit_id = row["unit_id"]
    keys = [
        ("gender", row["gender"]),
        ("age_band", row["age_band"]),
        ("role", "manager" if row["is_manager"] else "employee"),
    ]
    keys += [("unit", unit) for unit in tree.paths[unit_id]]
    if not tree.is_leaf(unit_id):
        keys.append(("direct", unit_id))
    return keys


def roll_up(rows: list[dict], tree, extra_fields=()) -> dict[tuple, dict]:
    """Sum grouped rows into every cell they belong to (each dimension, each unit up to the
    root). Rows of units outside the programme's tree are left out."""
    sums: dict[tuple, dict] = defaultdict(lambda: {"n": 0, "x": 0})
    for key in standard_keys(tree):
        sums[key]  # noqa: B018 - create the empty cell
    for row in rows:
        if row["unit_id"] not in tree:
            continue
        for key in group_keys(row, tree):
            cell = sums[key]
            cell["n"] += row["n"]
            cell["x"] += row["x"]
            for name in extra_fields:
                cell[name] = cell.get(name, 0) + (row[name] or 0)
    return dict(sums)


def standard_keys(tree) -> list[tuple]:
    return (
        [("gender", value) for value in GENDER_ORDER]
        + [("age_band", value) for value in AGE_ORDER]
        + [("role", value) for value in ROLE_ORDER]
        + [("unit", unit) for unit in tree.ids]
    )


def relations(sums: dict[tuple, dict], tree) -> list[tuple[tuple, list[tuple]]]:
    total = ("unit", tree.root)
    result = []
    for dimension in PEOPLE_DIMENSIONS:
        result.append((total, [key for key in sums if key[0] == dimension]))
    for unit in tree.ids:
        if tree.children.get(unit):
            kids = [("unit", kid) for kid in tree.children[unit]]
            result.append((("unit", unit), [*kids, ("direct", unit)]))
    return result


def publish(sums, hidden, *, count_only=False) -> dict[tuple, Group]:
    groups = {}
    for key, cell in sums.items():
        if key in hidden:
            groups[key] = Group(key=key, hidden=True)
            continue
        n, x = cell["n"], cell["x"]
        extras = {name: value for name, value in cell.items() if name not in ("n", "x")}
        if count_only or n == 0:
            groups[key] = Group(key=key, hidden=False, n=n, x=x, extras=extras)
            continue
        low, high = wilson_interval(x, n)
        groups[key] = Group(
            key=key, hidden=False, n=n, x=x, share=x / n, low=low, high=high, extras=extras
        )
    return groups


def people_table(sums, tree, min_size, also_hide=()) -> tuple[dict[tuple, Group], set]:
    cells = {key: Cell(value["n"], value["x"]) for key, value in sums.items()}
    hidden = suppress(cells, relations(sums, tree), min_size, also_hide=also_hide)
    return publish(sums, hidden), hidden


def breakdown_groups(figures, cells, dimension, unit_id=None) -> list[Group]:
    if dimension == "unit":
        parent = figures.root if unit_id is None else unit_id
        keys = [("unit", kid) for kid in figures.children.get(parent, [])]
        keys.append(("direct", parent))
        return [cells[key] for key in keys if key in cells]
    order = {"gender": GENDER_ORDER, "age_band": AGE_ORDER, "role": ROLE_ORDER}[dimension]
    keys = [(dimension, value) for value in order]
    keys += sorted(key for key in cells if key[0] == dimension and key not in keys)
    return [cells[key] for key in keys if key in cells]


@dataclass
class Gap:
    highest: Group
    lowest: Group
    test: GapTest


def largest_gap(groups: list[Group]) -> Gap | None:
    """The gap between the published groups with the highest and the lowest share, tested
    (two-proportion z, or Fisher's exact test when an expected count is below 5). Hidden
    groups never take part, so a test cannot reveal them."""
    candidates = [g for g in groups if not g.hidden and g.n and g.share is not None]
    if len(candidates) < 2:
        return None
    highest = max(candidates, key=lambda g: (g.share, g.n))
    lowest = min(candidates, key=lambda g: (g.share, -g.n))
    if highest is lowest:
        return None
    return Gap(highest, lowest, compare_proportions(highest.x, highest.n, lowest.x, lowest.n))


def wave_time(wave: WaveInfo) -> datetime.date:
    return wave.closes_on


def share_point(wave_id, label, on, n, x) -> TrendPoint:
    if n == 0:
        return TrendPoint(wave_id, label, on, 0, 0, None, None, None)
    low, high = wilson_interval(x, n)
    return TrendPoint(wave_id, label, on, n, x, x / n, low, high)


def forecast_for(points: list[TrendPoint], ends_on: datetime.date) -> Forecast | None:
    usable = [p for p in points if p.share is not None]
    return linear_forecast(
        [p.on.toordinal() for p in usable],
        [p.share for p in usable],
        [standard_error(p.x, p.n) for p in usable],
        at=ends_on.toordinal(),
    )


def compute_figures(programme) -> ProgrammeFigures:
    min_size = settings.DIGIT_MIN_CELL_SIZE
    tree = selectors.UnitTree(programme.scope_id)
    waves = [
        WaveInfo(w.id, w.name, w.kind, w.opens_on, w.closes_on)
        for w in selectors.programme_waves(programme)
    ]
    responses_by_wave = selectors.response_counts_by_wave(programme)
    invitations_by_wave = selectors.invitation_counts_by_wave(programme)
    baselines = [w for w in waves if w.kind == Wave.Kind.BASELINE]
    baseline = baselines[0] if baselines else None
    answered = [w for w in waves if responses_by_wave.get(w.id, (0, 0))[0] > 0]
    latest_wave = answered[-1] if answered else None
    follow_ups = [w for w in waves if w.kind == Wave.Kind.FOLLOW_UP]
    changes_by_wave = selectors.change_counts_by_wave(programme)
    with_changes = [w for w in follow_ups if changes_by_wave.get(w.id, (0, 0))[0] > 0]
    latest_follow_up = with_changes[-1] if with_changes else None

    # HR population (current people) and role models, one GROUP BY.
    population_sums = roll_up(selectors.headcounts(), tree)
    role_models, population_hidden = people_table(population_sums, tree, min_size)
    population = publish(
        {k: {"n": v["n"], "x": 0} for k, v in population_sums.items()},
        population_hidden,
        count_only=True,
    )

    # (a) reliably increased, latest change per pseudonym.
    change_sums = roll_up(
        selectors.change_counts(programme),
        tree,
        ("positive_not_reliable", "near_ceiling", "change_sum"),
    )
    increased_cells, _ = people_table(change_sums, tree, min_size)
    for group in increased_cells.values():
        if not group.hidden and group.n:
            group.extras["mean_change"] = group.extras.pop("change_sum", 0) / group.n
    increased_trend = []
    if baseline is not None and with_changes:
        increased_trend.append(
            TrendPoint(baseline.id, baseline.name, wave_time(baseline), 0, 0, 0.0, 0.0, 0.0)
        )
    for wave in with_changes:
        n, x = changes_by_wave[wave.id]
        increased_trend.append(share_point(wave.id, wave.name, wave_time(wave), n, x))
    invited_both = selectors.invited_to_both(_model_wave(baseline), _model_wave(latest_follow_up))
    total_key = ("unit", tree.root)
    increased_total = increased_cells[total_key]
    non_response = {
        "invited_both": invited_both,
        "answered_both": change_sums[total_key]["n"],
        "wave_rates": [
            share_point(w.id, w.name, wave_time(w), *invitations_by_wave.get(w.id, (0, 0)))
            for w in waves
            if invitations_by_wave.get(w.id)
        ],
    }
    increased = Indicator(
        code=INCREASED,
        target=float(programme.target_increased_share),
        total=increased_total,
        cells=increased_cells,
        trend=increased_trend,
        forecast=forecast_for(increased_trend, programme.ends_on),
        extras=dict(increased_total.extras),
    )

    # (b) actively using digital ways of working, latest wave with responses.
    active_rows = selectors.active_counts(_model_wave(latest_wave)) if latest_wave else []
    active_cells, _ = people_table(roll_up(active_rows, tree), tree, min_size)
    active_trend = [
        share_point(w.id, w.name, wave_time(w), *responses_by_wave[w.id]) for w in answered
    ]
    active = Indicator(
        code=ACTIVE,
        target=float(programme.target_active_share),
        total=active_cells[total_key],
        cells=active_cells,
        trend=active_trend,
        forecast=forecast_for(active_trend, programme.ends_on),
    )

    # (c) role models: a count against its target (no history stored: no trend).
    role_model_indicator = Indicator(
        code=ROLE_MODELS,
        target=programme.target_role_models,
        total=role_models[total_key],
        cells=role_models,
        is_share=False,
    )

    # (d) leaf units with current people that have participants.
    coverage = unit_coverage(programme, tree, population_sums, population_hidden, waves)

    # Participation: invitations of the latest wave with invitations.
    invited = [w for w in waves if invitations_by_wave.get(w.id)]
    participation_wave = invited[-1] if invited else None
    invitation_rows = (
        selectors.invitation_counts(_model_wave(participation_wave)) if participation_wave else []
    )
    participation_cells, _ = people_table(roll_up(invitation_rows, tree), tree, min_size)
    participation = Indicator(
        code=PARTICIPATION,
        target=0.0,
        total=participation_cells[total_key],
        cells=participation_cells,
        trend=non_response["wave_rates"],
        extras={"wave": participation_wave},
    )

    return ProgrammeFigures(
        programme_id=programme.pk,
        computed_at=timezone.now(),
        min_cell_size=min_size,
        ends_on=programme.ends_on,
        waves=waves,
        baseline=baseline,
        latest_wave=latest_wave,
        latest_follow_up=latest_follow_up,
        indicators={
            INCREASED: increased,
            ACTIVE: active,
            ROLE_MODELS: role_model_indicator,
            UNIT_COVERAGE: coverage,
        },
        participation=participation,
        population=population,
        non_response=non_response,
        root=tree.root,
        unit_names=tree.names,
        children={unit: tree.children.get(unit, []) for unit in tree.ids},
        parents=tree.parent,
    )


def _model_wave(info: WaveInfo | None):
    return Wave(id=info.id) if info is not None else None


def unit_coverage(programme, tree, population_sums, population_hidden, waves) -> Indicator:
    """Share of leaf units with current people that have had a participant (a submitted
    response in any wave, or an attended session). A unit's figure is hidden where the unit's
    people are (fewer than the minimum), with secondary suppression over the unit tree."""
    leaves = {
        unit
        for unit in tree.ids
        if tree.is_leaf(unit) and population_sums.get(("unit", unit), {}).get("n", 0) > 0
    }
    by_wave = selectors.units_with_responses_by_wave(programme)
    attended = selectors.units_with_attendance(programme)
    covered = set(attended)
    for units in by_wave.values():
        covered |= units
    sums: dict[tuple, dict] = {("unit", unit): {"n": 0, "x": 0} for unit in tree.ids}
    for leaf in leaves:
        for unit in tree.paths[leaf]:
            sums[("unit", unit)]["n"] += 1
            sums[("unit", unit)]["x"] += int(leaf in covered)
    cells = {key: Cell(value["n"], value["x"]) for key, value in sums.items()}
    unit_relations = [
        (("unit", unit), [("unit", kid) for kid in tree.children[unit]])
        for unit in tree.ids
        if tree.children.get(unit)
    ]
    hidden = suppress(
        cells,
        unit_relations,
        settings.DIGIT_MIN_CELL_SIZE,
        also_hide=[key for key in population_hidden if key[0] == "unit"],
        disclosive=lambda cell: False,
    )
    groups = publish(sums, hidden)
    trend, seen = [], set()
    for wave in waves:
        if wave.id not in by_wave:
            continue
        seen |= by_wave[wave.id] & leaves
        trend.append(share_point(wave.id, wave.name, wave_time(wave), len(leaves), len(seen)))
    return Indicator(
        code=UNIT_COVERAGE,
        target=float(programme.target_unit_coverage),
        total=groups[("unit", tree.root)],
        cells=groups,
        trend=trend,
        forecast=forecast_for(trend, programme.ends_on),
        dimensions=("unit",),
        extras={"from_attendance": len(attended & leaves - set().union(*by_wave.values()))},
    )
