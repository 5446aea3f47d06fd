"""The programme's goal figures, computed from plain data: each indicator against its target
with Wilson intervals, breakdowns, trend over the waves and a forecast, every number through
one suppression rule (``digit.stats.suppression``). docs/goals.md defines each figure.

No Django and no database: ``digit.goals.selectors.figure_inputs`` reads everything into a
``FigureInputs`` in a handful of queries, ``compute(inputs)`` turns it into
``ProgrammeFigures``. Pages, downloads and the API all read those, so a hidden cell is hidden
the same way everywhere.

Which waves count (the rule against differencing, docs/goals.md): a wave enters the figures
only once it has closed, and only when at least the minimum cell size of people answered it;
a cell of the cumulative "reliably increased" figure is hidden when a counted follow-up
changed it by fewer than that many people. Figures therefore change in steps of whole waves,
never by one person's answer.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from digit.stats.proportions import (
    Forecast,
    GapTest,
    SharePoint,
    compare_proportions,
    share_forecast,
    wilson_interval,
)
from digit.stats.suppression import Cell, is_disclosive, suppress

INCREASED = "increased"
ACTIVE = "active"
ROLE_MODELS = "role_models"
UNIT_COVERAGE = "unit_coverage"
PARTICIPATION = "participation"
INDICATORS = (INCREASED, ACTIVE, ROLE_MODELS, UNIT_COVERAGE)

PEOPLE_DIMENSIONS = ("gender", "age_band", "role")
ROLE_ORDER = ("employee", "manager")

# Why an indicator has no forecast (the page says it in words).
PROGRAMME_ENDED = "programme_ended"
TOO_FEW_WAVES = "too_few_waves"

# The verdict on a goal: before the programme's end a miss is "not yet", after it final.
MET = "met"
NOT_MET = "not_met"
NOT_MET_YET = "not_met_yet"
HIDDEN = "hidden"
NO_DATA = "no_data"

Key = tuple[str, int | str]


# --- What the selectors read ---------------------------------------------------------------


@dataclass(frozen=True)
class WaveInfo:
    id: int
    name: str
    kind: str
    opens_on: datetime.date
    closes_on: datetime.date
    is_baseline: bool = False
    is_follow_up: bool = False


@dataclass(frozen=True)
class GroupCount:
    """One row of a GROUP BY over people (unit, gender, age band, manager or not): n people,
    x of whom have the attribute; the change figures add three more sums."""

    unit_id: int
    gender: str
    age_band: str
    is_manager: bool
    n: int
    x: int
    positive_not_reliable: int = 0
    near_ceiling: int = 0
    change_sum: float = 0.0


@dataclass(frozen=True)
class UnitTree:
    """The programme's units below its scope root: parent and children, and the path from each
    unit to the root (for rolling counts up). ``names`` and ``kinds`` cover every unit."""

    root: int
    names: Mapping[int, str]
    kinds: Mapping[int, str]
    children: Mapping[int, list[int]]
    parent: Mapping[int, int | None]
    paths: Mapping[int, tuple[int, ...]]
    ids: tuple[int, ...]

    @classmethod
    def from_rows(cls, root: int, rows: Iterable[tuple[int, int | None, str, str]]) -> "UnitTree":
        """Build from (id, parent id, name, kind) rows of all units; children sorted by name."""
        by_parent: dict[int | None, list[int]] = {}
        names: dict[int, str] = {}
        kinds: dict[int, str] = {}
        for unit_id, parent_id, name, kind in rows:
            by_parent.setdefault(parent_id, []).append(unit_id)
            names[unit_id] = name
            kinds[unit_id] = kind
        children: dict[int, list[int]] = {}
        parent: dict[int, int | None] = {root: None}
        paths: dict[int, tuple[int, ...]] = {root: (root,)}
        ids: list[int] = []
        stack = [root]
        while stack:
            unit_id = stack.pop()
            ids.append(unit_id)
            kids = sorted(by_parent.get(unit_id, []), key=lambda kid: names[kid])
            children[unit_id] = kids
            for kid in kids:
                parent[kid] = unit_id
                paths[kid] = (*paths[unit_id], kid)
                stack.append(kid)
        return cls(root, names, kinds, children, parent, paths, tuple(ids))

    def is_leaf(self, unit_id: int) -> bool:
        return not self.children.get(unit_id)

    def depth(self, unit_id: int) -> int:
        return len(self.paths[unit_id]) - 1

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.paths


@dataclass(frozen=True)
class Targets:
    increased: float
    active: float
    role_models: int
    unit_coverage: float


@dataclass(frozen=True)
class WaveChoice:
    """Which waves each figure is built from (``choose_waves``)."""

    closed: tuple[WaveInfo, ...]
    baseline: WaveInfo | None
    answered: tuple[WaveInfo, ...]  # closed, with at least the minimum number of answers
    follow_ups: tuple[WaveInfo, ...]  # closed follow-ups with at least that many changes
    participation: WaveInfo | None  # the latest answered wave with invitations

    @property
    def latest_answered(self) -> WaveInfo | None:
        return self.answered[-1] if self.answered else None

    @property
    def latest_follow_up(self) -> WaveInfo | None:
        return self.follow_ups[-1] if self.follow_ups else None


@dataclass(frozen=True)
class FigureInputs:
    """Everything the figures are computed from, as plain data."""

    programme_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    today: datetime.date
    computed_at: datetime.datetime
    min_cell_size: int
    targets: Targets
    tree: UnitTree
    gender_order: tuple[str, ...]
    age_order: tuple[str, ...]
    waves: tuple[WaveInfo, ...]
    choice: WaveChoice
    headcounts: Sequence[GroupCount]  # current people; x = role models
    changes: Sequence[GroupCount]  # latest change per person over the counted follow-ups
    # The same over the counted follow-ups up to each earlier one (as published back then).
    earlier_changes: Sequence[Sequence[GroupCount]]
    changes_per_wave: Mapping[int, Sequence[GroupCount]]  # every follow-up's own changes
    responses_by_wave: Mapping[int, Cell]  # answers with an active-use verdict; x = active
    invitations_by_wave: Mapping[int, Cell]  # invited; x = completed
    active: Sequence[GroupCount]  # the latest answered wave
    invitations: Sequence[GroupCount]  # the participation wave, by the person's attributes
    invited_both: int
    units_with_responses: Mapping[int, frozenset[int]]  # by wave
    units_with_attendance: frozenset[int]

    @property
    def root_key(self) -> Key:
        return ("unit", self.tree.root)


def choose_waves(
    waves: Sequence[WaveInfo],
    *,
    today: datetime.date,
    min_cell_size: int,
    changes_by_wave: Mapping[int, Cell],
    responses_by_wave: Mapping[int, Cell],
    invitations_by_wave: Mapping[int, Cell],
) -> WaveChoice:
    """The waves the figures use: only closed ones (an open wave's figures would move with
    each answer), and of those, for results, only waves answered by at least the minimum cell
    size. ``waves`` are in time order."""
    closed = tuple(wave for wave in waves if wave.closes_on < today)

    def size(counts: Mapping[int, Cell], wave: WaveInfo) -> int:
        return counts[wave.id].n if wave.id in counts else 0

    baselines = [wave for wave in waves if wave.is_baseline]
    answered = tuple(w for w in closed if size(responses_by_wave, w) >= min_cell_size)
    invited = [wave for wave in answered if size(invitations_by_wave, wave)]
    return WaveChoice(
        closed=closed,
        baseline=baselines[0] if baselines else None,
        answered=answered,
        follow_ups=tuple(
            w for w in closed if w.is_follow_up and size(changes_by_wave, w) >= min_cell_size
        ),
        participation=invited[-1] if invited else None,
    )


# --- What the figures are ------------------------------------------------------------------


@dataclass
class Group:
    """One published (or hidden) cell: n people, x with the attribute, the share and its
    95 % Wilson interval. Everything but the key is None when the cell is hidden."""

    key: Key
    hidden: bool
    n: int | None = None
    x: int | None = None
    share: float | None = None
    low: float | None = None
    high: float | None = None
    extras: dict[str, float] = field(default_factory=dict)

    @property
    def dimension(self) -> str:
        return self.key[0]

    @property
    def value(self) -> int | str:
        return self.key[1]


@dataclass
class TrendPoint:
    """One wave's result. Hidden points carry no numbers. The reliable-change trend starts
    with an ``anchor`` at the baseline: 0 % by definition (nobody has changed yet)."""

    wave_id: int | None
    label: str
    on: datetime.date
    n: int | None
    x: int | None
    share: float | None
    low: float | None
    high: float | None
    hidden: bool = False
    anchor: bool = False


@dataclass
class Indicator:
    code: str
    target: float
    total: Group
    cells: dict[Key, Group]
    trend: list[TrendPoint] = field(default_factory=list)
    forecast: Forecast | None = None
    no_forecast: str | None = None  # PROGRAMME_ENDED or TOO_FEW_WAVES when there is none
    is_share: bool = True
    extras: dict[str, float] = field(default_factory=dict)
    dimensions: tuple[str, ...] = ("gender", "age_band", "role", "unit")
    wave: WaveInfo | None = None  # participation: the wave it describes

    @property
    def met(self) -> bool | None:
        return met(self, self.total)


class NonResponse(TypedDict):
    """Invited to the baseline and the latest counted follow-up, and of them how many have a
    change (both None when that pair of numbers is hidden); every wave's response rate."""

    invited_both: int | None
    answered_both: int | None
    wave_rates: list[TrendPoint]


@dataclass
class ProgrammeFigures:
    programme_id: int
    computed_at: datetime.datetime
    min_cell_size: int
    ends_on: datetime.date
    ended: bool
    waves: list[WaveInfo]
    baseline: WaveInfo | None
    latest_wave: WaveInfo | None
    latest_follow_up: WaveInfo | None
    indicators: dict[str, Indicator]
    participation: Indicator
    population: dict[Key, Group]
    non_response: NonResponse
    root: int
    unit_names: Mapping[int, str]
    children: Mapping[int, list[int]]
    parents: Mapping[int, int | None]
    orders: Mapping[str, tuple[str, ...]]

    def indicator_list(self) -> list[Indicator]:
        return [self.indicators[code] for code in INDICATORS]

    def breakdown(
        self, indicator: Indicator, dimension: str, unit_id: int | None = None
    ) -> list[Group]:
        """Groups of one dimension in display order. ``unit`` lists the children (and the
        people placed directly) of ``unit_id`` (default: the scope root, i.e. departments)."""
        return breakdown_groups(self, indicator.cells, dimension, unit_id)

    def breakdown_of_cells(
        self, cells: Mapping[Key, Group], dimension: str, unit_id: int | None = None
    ) -> list[Group]:
        """As ``breakdown``, for cells of no indicator (e.g. the HR population)."""
        return breakdown_groups(self, cells, dimension, unit_id)

    def verdict(self, indicator: Indicator, group: Group | None = None) -> str:
        """MET, NOT_MET (final: the programme has ended), NOT_MET_YET, HIDDEN or NO_DATA."""
        return verdict(indicator, group or indicator.total, ended=self.ended)


def met(indicator: Indicator, group: Group) -> bool | None:
    """Whether the group's published figure reaches the target (None: hidden or no data)."""
    if group.hidden:
        return None
    value = group.share if indicator.is_share else group.x
    if value is None:
        return None
    return value >= indicator.target


def verdict(indicator: Indicator, group: Group, *, ended: bool) -> str:
    """The verdict on a goal for one group: after the programme's end a miss is final."""
    if group.hidden:
        return HIDDEN
    reached = met(indicator, group)
    if reached is None:
        return NO_DATA
    if reached:
        return MET
    return NOT_MET if ended else NOT_MET_YET


# --- Cells: roll-up, suppression, publication ------------------------------------------------


@dataclass
class CellSum:
    n: int = 0
    x: int = 0
    positive_not_reliable: int = 0
    near_ceiling: int = 0
    change_sum: float = 0.0

    def add(self, row: GroupCount) -> None:
        self.n += row.n
        self.x += row.x
        self.positive_not_reliable += row.positive_not_reliable
        self.near_ceiling += row.near_ceiling
        self.change_sum += row.change_sum


def group_keys(row: GroupCount, tree: UnitTree) -> list[Key]:
    """Every cell a row counts in: its gender, age band and role, each unit from its own up
    to the root, and "placed directly" when its unit has units below."""
    keys: list[Key] = [
        ("gender", row.gender),
        ("age_band", row.age_band),
        ("role", "manager" if row.is_manager else "employee"),
    ]
    keys += [("unit", unit) for unit in tree.paths[row.unit_id]]
    if not tree.is_leaf(row.unit_id):
        keys.append(("direct", row.unit_id))
    return keys


def standard_keys(inputs: FigureInputs) -> list[Key]:
    """The cells every table has, even when empty."""
    keys: list[Key] = [("gender", value) for value in inputs.gender_order]
    keys += [("age_band", value) for value in inputs.age_order]
    keys += [("role", value) for value in ROLE_ORDER]
    keys += [("unit", unit) for unit in inputs.tree.ids]
    return keys


def roll_up(rows: Iterable[GroupCount], inputs: FigureInputs) -> dict[Key, CellSum]:
    """Sum grouped rows into every cell they belong to. Rows of units outside the programme's
    tree are left out."""
    tree = inputs.tree
    sums = {key: CellSum() for key in standard_keys(inputs)}
    for row in rows:
        if row.unit_id not in tree:
            continue
        for key in group_keys(row, tree):
            if key not in sums:
                sums[key] = CellSum()
            sums[key].add(row)
    return sums


def relations(sums: Mapping[Key, CellSum], tree: UnitTree) -> list[tuple[Key, list[Key]]]:
    """Which cells add up to which: the total and each people dimension; each unit and its
    units below plus the people placed directly in it."""
    total: Key = ("unit", tree.root)
    result: list[tuple[Key, list[Key]]] = [
        (total, [key for key in sums if key[0] == dimension]) for dimension in PEOPLE_DIMENSIONS
    ]
    for unit in tree.ids:
        if tree.children.get(unit):
            kids: list[Key] = [("unit", kid) for kid in tree.children[unit]]
            result.append((("unit", unit), [*kids, ("direct", unit)]))
    return result


def publish_cell(key: Key, cell: CellSum, hidden: bool, *, count_only: bool = False) -> Group:
    """A cell as published: nothing but its key when hidden, else n, x, share and interval."""
    if hidden:
        return Group(key=key, hidden=True)
    if count_only or cell.n == 0:
        return Group(key=key, hidden=False, n=cell.n, x=cell.x)
    low, high = wilson_interval(cell.x, cell.n)
    return Group(key=key, hidden=False, n=cell.n, x=cell.x, share=cell.x / cell.n, low=low,
                 high=high)  # fmt: skip


def people_table(
    sums: Mapping[Key, CellSum], inputs: FigureInputs, also_hide: Iterable[Key] = ()
) -> tuple[dict[Key, Group], set[Key]]:
    """Suppress (primary and secondary, over every relation) and publish a table of people."""
    cells = {key: Cell(value.n, value.x) for key, value in sums.items()}
    hidden = suppress(
        cells, relations(sums, inputs.tree), inputs.min_cell_size, also_hide=also_hide
    )
    groups = {key: publish_cell(key, cell, key in hidden) for key, cell in sums.items()}
    return groups, hidden


def breakdown_groups(
    figures: ProgrammeFigures,
    cells: Mapping[Key, Group],
    dimension: str,
    unit_id: int | None = None,
) -> list[Group]:
    """Groups of one dimension in display order (units: the children of ``unit_id``)."""
    if dimension == "unit":
        parent = figures.root if unit_id is None else unit_id
        keys: list[Key] = [("unit", kid) for kid in figures.children.get(parent, [])]
        keys.append(("direct", parent))
        return [cells[key] for key in keys if key in cells]
    order = ROLE_ORDER if dimension == "role" else figures.orders[dimension]
    keys = [(dimension, value) for value in order]
    keys += sorted(
        (key for key in cells if key[0] == dimension and key not in keys), key=lambda k: str(k)
    )
    return [cells[key] for key in keys if key in cells]


@dataclass
class Gap:
    highest: Group
    lowest: Group
    test: GapTest


def largest_gap(groups: Sequence[Group]) -> Gap | None:
    """The gap between the published groups with the highest and the lowest share, tested
    (two-proportion z, or Fisher's exact test when an expected count is below 5). Hidden
    groups never take part, so a test cannot reveal them."""
    candidates = [
        g for g in groups if not g.hidden and g.n and g.x is not None and g.share is not None
    ]
    if len(candidates) < 2:
        return None
    highest = max(candidates, key=lambda g: (g.share or 0.0, g.n or 0))
    lowest = min(candidates, key=lambda g: (g.share or 0.0, -(g.n or 0)))
    if highest is lowest:
        return None
    test = compare_proportions(highest.x or 0, highest.n or 0, lowest.x or 0, lowest.n or 0)
    return Gap(highest, lowest, test)


# --- Trend and forecast --------------------------------------------------------------------


def trend_point(wave: WaveInfo, cell: Cell, min_cell_size: int) -> TrendPoint:
    """A wave's result at its closing date, through the same rule as every other cell."""
    if is_disclosive(cell, min_cell_size):
        return hidden_point(wave)
    return share_point(wave, cell.n, cell.x or 0)


def hidden_point(wave: WaveInfo) -> TrendPoint:
    return TrendPoint(wave.id, wave.name, wave.closes_on, None, None, None, None, None,
                      hidden=True)  # fmt: skip


def share_point(wave: WaveInfo, n: int, x: int) -> TrendPoint:
    if n == 0:
        return TrendPoint(wave.id, wave.name, wave.closes_on, 0, 0, None, None, None)
    low, high = wilson_interval(x, n)
    return TrendPoint(wave.id, wave.name, wave.closes_on, n, x, x / n, low, high)


def forecast_for(
    points: Sequence[TrendPoint], inputs: FigureInputs
) -> tuple[Forecast | None, str | None]:
    """(forecast at the programme's end, None) or (None, why there is none).

    Only published points with at least the minimum cell size count, so the forecast never
    depends on a hidden number; the baseline anchor counts with the size of the first counted
    point (the same people, none of whom had changed). No forecast once the programme has
    ended (the result is final) or from fewer than two usable points."""
    if inputs.today > inputs.ends_on:
        return None, PROGRAMME_ENDED
    measured = [p for p in points if not p.hidden and not p.anchor and p.n and p.x is not None]
    usable = [p for p in measured if (p.n or 0) >= inputs.min_cell_size]
    shares = [SharePoint(p.on.toordinal(), p.x or 0, p.n or 0) for p in usable]
    anchors = [p for p in points if p.anchor]
    if anchors and shares:
        shares.insert(0, SharePoint(anchors[0].on.toordinal(), 0, shares[0].n))
    forecast = share_forecast(shares, at=inputs.ends_on.toordinal())
    return (forecast, None) if forecast is not None else (None, TOO_FEW_WAVES)


def with_forecast(indicator: Indicator, inputs: FigureInputs) -> Indicator:
    indicator.forecast, indicator.no_forecast = forecast_for(indicator.trend, inputs)
    return indicator


# --- The indicators ------------------------------------------------------------------------


def unsteady_cells(inputs: FigureInputs) -> set[Key]:
    """Cells of the cumulative change figure that could isolate a few people between two
    published states: when a counted follow-up closed, the cell's number of people changed by
    1 to ``min − 1``, or that wave's changes touched 1 to ``min − 1`` of its people. Such a
    cell stays hidden, so that comparing the figure before and after a wave never tells a few
    people's verdicts (docs/goals.md, "Differencing")."""
    minimum = inputs.min_cell_size
    unsteady: set[Key] = set()
    before: dict[Key, CellSum] = {}
    for rows in [*inputs.earlier_changes, inputs.changes]:
        after = roll_up(rows, inputs)
        for key, cell in after.items():
            if 0 < abs(cell.n - before.get(key, CellSum()).n) < minimum:
                unsteady.add(key)
        before = after
    for wave in inputs.choice.follow_ups:
        touched = roll_up(inputs.changes_per_wave.get(wave.id, ()), inputs)
        unsteady |= {key for key, cell in touched.items() if 0 < cell.n < minimum}
    return unsteady


def increased_trend(inputs: FigureInputs) -> list[TrendPoint]:
    """The baseline anchor (0 %), then every closed follow-up with changes."""
    choice = inputs.choice
    by_wave = {
        wave.id: Cell(
            sum(row.n for row in inputs.changes_per_wave[wave.id]),
            sum(row.x for row in inputs.changes_per_wave[wave.id]),
        )
        for wave in choice.closed
        if wave.is_follow_up and inputs.changes_per_wave.get(wave.id)
    }
    trend = [trend_point(wave, by_wave[wave.id], inputs.min_cell_size)
             for wave in choice.closed if wave.id in by_wave]  # fmt: skip
    baseline = choice.baseline
    if baseline is not None and choice.follow_ups:
        trend.insert(0, TrendPoint(baseline.id, baseline.name, baseline.closes_on, 0, 0, 0.0,
                                   0.0, 0.0, anchor=True))  # fmt: skip
    return trend


def increased_indicator(inputs: FigureInputs) -> Indicator:
    """(a) Reliably increased: latest change per person over the counted follow-ups."""
    sums = roll_up(inputs.changes, inputs)
    cells, _ = people_table(sums, inputs, also_hide=unsteady_cells(inputs))
    for key, group in cells.items():
        if not group.hidden and group.n:
            group.extras = {
                "positive_not_reliable": sums[key].positive_not_reliable,
                "near_ceiling": sums[key].near_ceiling,
                "mean_change": sums[key].change_sum / group.n,
            }
    total = cells[inputs.root_key]
    indicator = Indicator(
        code=INCREASED,
        target=inputs.targets.increased,
        total=total,
        cells=cells,
        trend=increased_trend(inputs),
        extras=dict(total.extras),
    )
    return with_forecast(indicator, inputs)


def active_indicator(inputs: FigureInputs) -> Indicator:
    """(b) Actively using digital ways of working: the latest answered wave."""
    cells, _ = people_table(roll_up(inputs.active, inputs), inputs)
    trend = [
        trend_point(wave, inputs.responses_by_wave[wave.id], inputs.min_cell_size)
        for wave in inputs.choice.closed
        if wave.id in inputs.responses_by_wave and inputs.responses_by_wave[wave.id].n
    ]
    indicator = Indicator(
        code=ACTIVE,
        target=inputs.targets.active,
        total=cells[inputs.root_key],
        cells=cells,
        trend=trend,
    )
    return with_forecast(indicator, inputs)


def unit_coverage(
    inputs: FigureInputs, population: Mapping[Key, CellSum], population_hidden: set[Key]
) -> Indicator:
    """(d) Share of leaf units with current people that have had a participant (a response in
    an answered wave, or an attended session). It counts units, not people: a unit's figure
    is hidden where the unit's people are (fewer than the minimum), with secondary
    suppression over the unit tree."""
    tree = inputs.tree
    leaves = {
        unit for unit in tree.ids
        if tree.is_leaf(unit) and population.get(("unit", unit), CellSum()).n > 0
    }  # fmt: skip
    answered = [w for w in inputs.choice.answered if w.id in inputs.units_with_responses]
    responded = frozenset().union(*(inputs.units_with_responses[w.id] for w in answered))
    covered = responded | inputs.units_with_attendance
    sums: dict[Key, CellSum] = {("unit", unit): CellSum() for unit in tree.ids}
    for leaf in leaves:
        for unit in tree.paths[leaf]:
            sums[("unit", unit)].add(GroupCount(leaf, "", "", False, 1, int(leaf in covered)))
    hidden = suppress(
        {key: Cell(value.n, value.x) for key, value in sums.items()},
        [
            (("unit", unit), [("unit", kid) for kid in tree.children[unit]])
            for unit in tree.ids
            if tree.children.get(unit)
        ],  # fmt: skip
        inputs.min_cell_size,
        also_hide=[key for key in population_hidden if key[0] == "unit"],
        disclosive=lambda cell: False,
    )
    groups = {key: publish_cell(key, cell, key in hidden) for key, cell in sums.items()}
    indicator = Indicator(
        code=UNIT_COVERAGE,
        target=inputs.targets.unit_coverage,
        total=groups[inputs.root_key],
        cells=groups,
        trend=coverage_trend(inputs, leaves, answered),
        dimensions=("unit",),
        extras={"from_attendance": len(inputs.units_with_attendance & leaves - responded)},
    )
    return with_forecast(indicator, inputs)


def coverage_trend(
    inputs: FigureInputs, leaves: set[int], answered: Sequence[WaveInfo]
) -> list[TrendPoint]:
    """Units counted, not people: the points are not suppressed (no person is in them)."""
    trend: list[TrendPoint] = []
    seen: set[int] = set()
    for wave in answered:
        seen |= inputs.units_with_responses[wave.id] & leaves
        trend.append(share_point(wave, len(leaves), len(seen)))
    return trend


def response_rate_point(wave: WaveInfo, inputs: FigureInputs) -> TrendPoint:
    """A wave's response rate; hidden like every other figure of a wave answered by fewer
    than the minimum number of people (the number who answered would be that small group)."""
    cell = inputs.invitations_by_wave[wave.id]
    if 0 < (cell.x or 0) < inputs.min_cell_size:
        return hidden_point(wave)
    return trend_point(wave, cell, inputs.min_cell_size)


def participation_indicator(inputs: FigureInputs, wave_rates: list[TrendPoint]) -> Indicator:
    """Response rates of the latest answered wave with invitations, by the invited person's
    current unit, gender, age band and role."""
    cells, _ = people_table(roll_up(inputs.invitations, inputs), inputs)
    return Indicator(
        code=PARTICIPATION,
        target=0.0,
        total=cells[inputs.root_key],
        cells=cells,
        trend=wave_rates,
        wave=inputs.choice.participation,
    )


def non_response(
    inputs: FigureInputs, increased: Indicator, wave_rates: list[TrendPoint]
) -> NonResponse:
    """The people counted in the change figures beside those invited to both waves, through
    the same rule as a cell (n invited, x answered both)."""
    answered = increased.total.n
    invited = inputs.invited_both
    pair = Cell(invited, min(answered or 0, invited))
    if answered is None or is_disclosive(pair, inputs.min_cell_size):
        return {"invited_both": None, "answered_both": None, "wave_rates": wave_rates}
    return {"invited_both": inputs.invited_both, "answered_both": answered,
            "wave_rates": wave_rates}  # fmt: skip


def compute(inputs: FigureInputs) -> ProgrammeFigures:
    """Every goal figure of a programme from its inputs, suppressed."""
    min_size = inputs.min_cell_size
    population_sums = roll_up(inputs.headcounts, inputs)
    role_model_cells, population_hidden = people_table(population_sums, inputs)
    population = {
        key: publish_cell(key, cell, key in population_hidden, count_only=True)
        for key, cell in population_sums.items()
    }
    increased = increased_indicator(inputs)
    role_models = Indicator(
        code=ROLE_MODELS,
        target=inputs.targets.role_models,
        total=role_model_cells[inputs.root_key],
        cells=role_model_cells,
        is_share=False,
    )
    wave_rates = [
        response_rate_point(wave, inputs) for wave in inputs.choice.closed
        if wave.id in inputs.invitations_by_wave and inputs.invitations_by_wave[wave.id].n
    ]  # fmt: skip
    choice, tree = inputs.choice, inputs.tree
    return ProgrammeFigures(
        programme_id=inputs.programme_id,
        computed_at=inputs.computed_at,
        min_cell_size=min_size,
        ends_on=inputs.ends_on,
        ended=inputs.today > inputs.ends_on,
        waves=list(inputs.waves),
        baseline=choice.baseline,
        latest_wave=choice.latest_answered,
        latest_follow_up=choice.latest_follow_up,
        indicators={
            INCREASED: increased,
            ACTIVE: active_indicator(inputs),
            ROLE_MODELS: role_models,
            UNIT_COVERAGE: unit_coverage(inputs, population_sums, population_hidden),
        },
        participation=participation_indicator(inputs, wave_rates),
        population=population,
        non_response=non_response(inputs, increased, wave_rates),
        root=tree.root,
        unit_names=tree.names,
        children={unit: tree.children.get(unit, []) for unit in tree.ids},
        parents=tree.parent,
        orders={"gender": inputs.gender_order, "age_band": inputs.age_order, "role": ROLE_ORDER},
    )
