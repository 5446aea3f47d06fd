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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from digit.goals.cells import (
    ROLE_ORDER,
    CellSum,
    Group,
    breakdown_groups,
    people_table,
    publish_cell,
    roll_up,
)
from digit.goals.inputs import FigureInputs, Key, WaveInfo
from digit.stats.proportions import Forecast, SharePoint, share_forecast, wilson_interval
from digit.stats.suppression import Cell, is_disclosive, suppress

INCREASED = "increased"
ACTIVE = "active"
ROLE_MODELS = "role_models"
UNIT_COVERAGE = "unit_coverage"
PARTICIPATION = "participation"
INDICATORS = (INCREASED, ACTIVE, ROLE_MODELS, UNIT_COVERAGE)

# Why an indicator has no forecast (the page says it in words).
PROGRAMME_ENDED = "programme_ended"
TOO_FEW_WAVES = "too_few_waves"

# The verdict on a goal: before the programme's end a miss is "not yet", after it final.
MET = "met"
NOT_MET = "not_met"
NOT_MET_YET = "not_met_yet"
HIDDEN = "hidden"
NO_DATA = "no_data"


# --- What the figures are ------------------------------------------------------------------


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
    """One goal: its total and cells (published or hidden), trend, forecast and target."""

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
    """Every goal figure of a programme, as pages, downloads and the API publish them."""

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
        return self.breakdown_of_cells(indicator.cells, dimension, unit_id)

    def breakdown_of_cells(
        self, cells: Mapping[Key, Group], dimension: str, unit_id: int | None = None
    ) -> list[Group]:
        """As ``breakdown``, for cells of no indicator (e.g. the HR population)."""
        parent = self.root if unit_id is None else unit_id
        return breakdown_groups(
            cells, dimension, parent=parent, children=self.children, orders=self.orders
        )

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


# --- Trend and forecast --------------------------------------------------------------------


def trend_point(wave: WaveInfo, cell: Cell, min_cell_size: int) -> TrendPoint:
    """A wave's result at its closing date, through the same rule as every other cell."""
    if is_disclosive(cell, min_cell_size):
        return hidden_point(wave)
    return share_point(wave, cell.n, cell.x or 0)


def hidden_point(wave: WaveInfo) -> TrendPoint:
    """A wave's point shown as "too few to show": no numbers."""
    return TrendPoint(wave.id, wave.name, wave.closes_on, None, None, None, None, None,
                      hidden=True)  # fmt: skip


def share_point(wave: WaveInfo, n: int, x: int) -> TrendPoint:
    """A published point: x of n, the share and its Wilson interval (nothing to divide at 0)."""
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
    """The indicator with its forecast, or the reason it has none."""
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
            sums[("unit", unit)].add(CellSum(n=1, x=int(leaf in covered)))
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
