"""The goal figures as tables of plain values: one shape for the page, the CSV/XLSX downloads
and the API, so a hidden cell is hidden the same way everywhere.

No Django: a table here has column *codes*, row labels as keys and notes as data;
``digit.goals.tables`` puts words and number formats on them (translation at the edge).
``SUPPRESSED`` (None) marks a value that is not published.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from digit.goals.cells import Gap, Group, largest_gap
from digit.goals.figures import (
    INCREASED,
    UNIT_COVERAGE,
    Indicator,
    ProgrammeFigures,
    TrendPoint,
)

SUPPRESSED = None
Value = int | float | str | None
Label = tuple[str, int | str]  # a group key, ("goal", code), ("text", text) or ("forecast", "")

PEOPLE_BREAKDOWNS = ("gender", "age_band", "role")
SHARE_COLUMNS = ("share", "low", "high")
TREND_COLUMNS = ("wave", "date", "counted", "of_whom", *SHARE_COLUMNS)
HEADLINE_COLUMNS = ("goal", "target", "numerator", "denominator", *SHARE_COLUMNS, "target_met",
                    "definition")  # fmt: skip
INCREASED_EXTRAS = ("positive_not_reliable", "near_ceiling", "mean_change")


@dataclass(frozen=True)
class Note:
    """What a table's note says: a tested gap, the forecast's method or why there is none,
    or the people behind the change figures."""

    kind: str
    gap: Gap | None = None
    invited_both: int | None = None
    answered_both: int | None = None


@dataclass
class TableData:
    """A table as plain values: column codes, (label, values) rows and a note."""

    slug: str
    kind: str  # headline, breakdown, trend, participation, response_rates
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: list[tuple[Label, list[Value]]] = field(default_factory=list)
    indicator: str | None = None
    dimension: str | None = None
    unit_id: int | None = None
    note: Note | None = None
    page_columns: int | None = None  # the rest (long definitions) are in the downloads only


@overload
def percent(value: float, decimals: int = 1) -> float: ...
@overload
def percent(value: float | None, decimals: int = 1) -> float | None: ...
def percent(value: float | None, decimals: int = 1) -> float | None:
    """A fraction as a rounded percentage."""
    return None if value is None else round(value * 100, decimals)


def cell_percent(value: float | None) -> float | str:
    """A percentage for a table cell; "" where there is nothing to divide (n = 0)."""
    return "" if value is None else round(value * 100, 1)


def share_values(n: int | None, x: int | None, shares: Sequence[float | None]) -> list[Value]:
    """n, x and the share with its interval as rounded percentages."""
    return [n, x, *(cell_percent(value) for value in shares)]


def headline_table(figures: ProgrammeFigures, unit_id: int | None = None) -> TableData:
    """Every goal against its target, with numerator, denominator, interval, verdict and
    definition (``target`` is the fraction or count; ``target_met`` a verdict code)."""
    table = TableData(
        slug="indicators",
        kind="headline",
        columns=HEADLINE_COLUMNS,
        numeric=(False, False, True, True, True, True, True, False, False),
        unit_id=unit_id,
        page_columns=8 if unit_id is None else None,  # definitions stand beside each goal
    )
    key = ("unit", unit_id or figures.root)
    for indicator in figures.indicator_list():
        group = indicator.cells.get(key)
        if group is None:
            continue
        values: list[Value]
        if group.hidden:
            values = [SUPPRESSED] * 5
        elif indicator.is_share:
            values = [group.x, group.n, *(cell_percent(v) for v in (group.share, group.low,
                                                                    group.high))]  # fmt: skip
        else:
            values = [group.x, "", "", "", ""]
        verdict = figures.verdict(indicator, group)
        label: Label = ("goal", indicator.code)
        table.rows.append((label, [indicator.target, *values, verdict, indicator.code]))
    return table


def breakdown_columns(indicator: Indicator) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Column codes and which are numeric, for one goal's breakdown."""
    if not indicator.is_share:
        return ("group", "employees", "role_models"), (False, True, True)
    counts = ("units", "with_participants") if indicator.code == UNIT_COVERAGE else (
        "people", "counted")  # fmt: skip
    columns: tuple[str, ...] = ("group", *counts, *SHARE_COLUMNS)
    if indicator.code == INCREASED:
        columns += INCREASED_EXTRAS
    return columns, (False,) + (True,) * (len(columns) - 1)


def breakdown_row(indicator: Indicator, group: Group, width: int) -> list[Value]:
    """One group's values (all SUPPRESSED when hidden)."""
    if group.hidden:
        return [SUPPRESSED] * width
    if not indicator.is_share:
        return [group.n, group.x]
    row = share_values(group.n, group.x, (group.share, group.low, group.high))
    if indicator.code == INCREASED:
        mean = group.extras.get("mean_change")
        row += [
            int(group.extras.get("positive_not_reliable", 0)),
            int(group.extras.get("near_ceiling", 0)),
            "" if mean is None else round(mean, 1),
        ]
    return row


def breakdown_table(
    figures: ProgrammeFigures, indicator: Indicator, dimension: str, unit_id: int | None = None
) -> TableData:
    """One goal by one dimension (units: those below ``unit_id``), its largest gap tested."""
    groups = figures.breakdown(indicator, dimension, unit_id)
    columns, numeric = breakdown_columns(indicator)
    table = TableData(
        slug=f"{indicator.code}-{dimension}",
        kind="breakdown",
        columns=columns,
        numeric=numeric,
        indicator=indicator.code,
        dimension=dimension,
        unit_id=unit_id,
    )
    for group in groups:
        table.rows.append((group.key, breakdown_row(indicator, group, len(columns) - 1)))
    gap = largest_gap(groups) if indicator.is_share else None
    if gap is not None:
        table.note = Note("gap", gap=gap)
    return table


def trend_row(point: TrendPoint) -> tuple[Label, list[Value]]:
    """One wave's row: its date, then the counts and share, or SUPPRESSED."""
    if point.hidden:
        return ("text", point.label), [point.on.isoformat(), *[SUPPRESSED] * 5]
    shares = (point.share, point.low, point.high)
    return ("text", point.label), [point.on.isoformat(), *share_values(point.n, point.x, shares)]


def trend_table(figures: ProgrammeFigures, indicator: Indicator) -> TableData:
    """The published wave points, then the forecast at the programme's end, or why there is
    none."""
    table = TableData(
        slug=f"{indicator.code}-trend",
        kind="trend",
        columns=TREND_COLUMNS,
        numeric=(False, False, True, True, True, True, True),
        indicator=indicator.code,
    )
    table.rows = [trend_row(point) for point in indicator.trend]
    forecast = indicator.forecast
    if forecast is not None:
        shares = (forecast.value, forecast.low, forecast.high)
        table.rows.append(
            (
                ("forecast", ""),
                [figures.ends_on.isoformat(), "", "", *(cell_percent(v) for v in shares)],
            )  # fmt: skip
        )
        table.note = Note("forecast_method")
    elif indicator.no_forecast is not None:
        table.note = Note(indicator.no_forecast)
    return table


def participation_row(figures: ProgrammeFigures, group: Group, people: Group | None) -> list[Value]:
    """One group's headcount beside its response rate and share of respondents."""
    total_people = figures.population[("unit", figures.root)].n or 0
    total_responded = figures.participation.total.x or 0
    people_n = SUPPRESSED if people is None or people.hidden else people.n
    people_share: Value = SUPPRESSED
    if people_n is not SUPPRESSED:
        people_share = cell_percent(people_n / total_people if total_people else None)
    if group.hidden:
        return [people_n, people_share, *[SUPPRESSED] * 6]
    respondents = (group.x or 0) / total_responded if total_responded else None
    return [people_n, people_share,
            *share_values(group.n, group.x, (group.share, group.low, group.high)),
            cell_percent(respondents)]  # fmt: skip


def participation_table(figures: ProgrammeFigures, dimension: str) -> TableData:
    """Response rates of the latest closed wave with invitations, beside the HR population."""
    groups = figures.breakdown(figures.participation, dimension)
    population = {g.key: g for g in figures.breakdown_of_cells(figures.population, dimension)}
    table = TableData(
        slug=f"participation-{dimension}",
        kind="participation",
        columns=(
            "group",
            "employees_hr",
            "share_of_employees",
            "invited",
            "responded",
            "response_rate",
            "low",
            "high",
            "share_of_respondents",
        ),  # fmt: skip
        numeric=(False,) + (True,) * 8,
        indicator="participation",
        dimension=dimension,
    )
    for group in groups:
        table.rows.append((group.key, participation_row(figures, group, population.get(group.key))))
    gap = largest_gap(groups)
    if gap is not None:
        table.note = Note("participation_gap", gap=gap)
    return table


def response_rate_table(figures: ProgrammeFigures) -> TableData:
    """Every closed wave's response rate, and the people behind the change figures."""
    table = TableData(
        slug="response-rates",
        kind="response_rates",
        columns=("wave", "date", "invited", "responded", "response_rate", "low", "high"),
        numeric=(False, False, True, True, True, True, True),
    )
    table.rows = [trend_row(point) for point in figures.non_response["wave_rates"]]
    table.note = Note(
        "non_response",
        invited_both=figures.non_response["invited_both"],
        answered_both=figures.non_response["answered_both"],
    )
    return table


def dashboard_tables(figures: ProgrammeFigures, *, full: bool) -> dict[str, TableData]:
    """Every table of the dashboard (``full``) or of the open summary, by slug."""
    tables = [headline_table(figures), response_rate_table(figures)]
    dimensions = (*PEOPLE_BREAKDOWNS, "unit") if full else PEOPLE_BREAKDOWNS
    for indicator in figures.indicator_list():
        if indicator.trend:
            tables.append(trend_table(figures, indicator))
        tables += [breakdown_table(figures, indicator, dimension)
                   for dimension in indicator.dimensions if dimension in dimensions]  # fmt: skip
    tables += [participation_table(figures, dimension) for dimension in dimensions]
    return {table.slug: table for table in tables}


def unit_tables(figures: ProgrammeFigures, unit_id: int) -> dict[str, TableData]:
    """A unit's figures (from the same suppressed cells) and its sub-units."""
    tables = [headline_table(figures, unit_id)]
    if figures.children.get(unit_id):
        tables += [breakdown_table(figures, indicator, "unit", unit_id)
                   for indicator in figures.indicator_list()]  # fmt: skip
    return {table.slug: table for table in tables}
