"""The goal figures as tables: one shape for the page, the CSV/XLSX exports and the API, so a
hidden cell is hidden the same way everywhere.

A table is a caption, column headings and rows of plain values; ``SUPPRESSED`` marks a value
that is not published (a group below the minimum size, or its secondary partner).
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digit.goals.indicators import (
    ACTIVE,
    INCREASED,
    ROLE_MODELS,
    UNIT_COVERAGE,
    Group,
    Indicator,
    ProgrammeFigures,
    largest_gap,
)
from digit.people.models import Gender

SUPPRESSED = None

TITLES = {
    INCREASED: gettext_lazy("Employees whose competence reliably increased"),
    ACTIVE: gettext_lazy("Employees actively using digital ways of working"),
    ROLE_MODELS: gettext_lazy("Digit role models"),
    UNIT_COVERAGE: gettext_lazy("Units with participants"),
}

DIMENSIONS = {
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age band"),
    "role": gettext_lazy("Manager or employee"),
    "unit": gettext_lazy("Department"),
}


def definition(code: str, min_size: int) -> str:
    """What the figure counts, in words (shown next to it and exported with it)."""
    texts = {
        INCREASED: _(
            "Share of the people in the programme's organisation who answered the baseline and "
            "at least one follow-up wave whose total score rose by more than measurement error "
            "between the baseline and their latest follow-up (reliable change index ≥ the "
            "critical value, Jacobson & Truax). Denominator: everyone with both answers; people "
            "who did not answer both waves are reported separately, with the response rate."
        ),
        ACTIVE: _(
            "Share of the people who answered the latest wave whose answers on the digital work "
            "practices meet the programme's rule for active use. Denominator: everyone who "
            "answered that wave."
        ),
        ROLE_MODELS: _(
            "Number of people currently appointed Digit role model in the programme's "
            "organisation, against the target. Breakdowns show role models per group of "
            "current employees."
        ),
        UNIT_COVERAGE: _(
            "Share of the organisation's units (the lowest level of the tree, with current "
            "employees) where at least one person has answered a wave or attended a session."
        ),
    }
    privacy = _(
        "Groups of fewer than %(n)s people are not shown, nor a share of 0 %% or 100 %% in a "
        "group of fewer than %(twice)s; where one group is hidden, another is hidden with it."
    ) % {"n": min_size, "twice": 2 * min_size}
    return f"{texts[code]} {privacy}"


FORECAST_METHOD = gettext_lazy(
    "Forecast: a straight line through the wave results, weighted by their precision, "
    "extended to the programme's end and kept within 0–100 %. The interval covers only the "
    "uncertainty of the measured points; it cannot know whether progress stays linear."
)


@dataclass
class Table:
    slug: str
    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)
    note: str = ""
    export_urls: list = field(default_factory=list)
    # Columns shown on the page (the rest, e.g. long definitions, are in the downloads only).
    page_columns: int | None = None

    @property
    def header_cells(self) -> list[tuple]:
        return list(zip(self.columns, self.numeric, strict=False))[: self.page_columns]

    def display_rows(self) -> list[list[tuple]]:
        """Rows as (value, is numeric) pairs for the template."""
        return [
            list(zip(row, self.numeric, strict=False))[: self.page_columns] for row in self.rows
        ]


def percent(value: float | None, decimals: int = 1) -> float | None:
    return None if value is None else round(value * 100, decimals)


def cell_percent(value: float | None) -> float | str:
    """A percentage for a table cell; "" where there is nothing to divide (n = 0)."""
    return "" if value is None else round(value * 100, 1)


def group_label(figures: ProgrammeFigures, group: Group) -> str:
    dimension, value = group.key
    if dimension == "gender":
        return str(Gender(value).label) if value in Gender.values else str(value)
    if dimension == "role":
        return _("Manager") if value == "manager" else _("Employee")
    if dimension == "age_band":
        return _("Unknown") if value == "–" else str(value)
    if dimension == "unit":
        return figures.unit_names.get(value, str(value))
    if dimension == "direct":
        return _("Placed directly in %(unit)s") % {"unit": figures.unit_names.get(value, "")}
    return str(value)


def headline_table(figures: ProgrammeFigures, unit_id: int | None = None) -> Table:
    """Every goal against its target, with numerator, denominator, interval and definition."""
    table = Table(
        slug="indicators",
        caption=_("Goals against their targets"),
        columns=[
            _("Goal"),
            _("Target"),
            _("Numerator"),
            _("Denominator"),
            _("Result (%)"),
            _("95 % interval, low (%)"),
            _("95 % interval, high (%)"),
            _("Target met"),
            _("Definition"),
        ],
        numeric=[False, False, True, True, True, True, True, False, False],
        page_columns=8 if unit_id is None else None,  # definitions stand beside each goal
    )
    key = ("unit", unit_id or figures.root)
    for indicator in figures.indicator_list():
        group = indicator.cells.get(key)
        if group is None:
            continue
        target = (
            f"≥ {number_format(indicator.target * 100, 0)} %"
            if indicator.is_share
            else f"≥ {indicator.target}"
        )
        met = _met_label(indicator, group)
        if group.hidden:
            values = [SUPPRESSED] * 5
        elif indicator.is_share:
            values = [group.x, group.n, cell_percent(group.share), cell_percent(group.low),
                      cell_percent(group.high)]  # fmt: skip
        else:
            values = [group.x, "", "", "", ""]
        table.rows.append(
            [
                str(TITLES[indicator.code]),
                target,
                *values,
                met,
                definition(indicator.code, figures.min_cell_size),
            ]  # fmt: skip
        )
    return table


def _met_label(indicator: Indicator, group: Group) -> str:
    if group.hidden:
        return _("hidden")
    value = group.share if indicator.is_share else group.x
    if value is None:
        return _("no data yet")
    return _("yes") if value >= indicator.target else _("not yet")


def breakdown_table(
    figures: ProgrammeFigures, indicator: Indicator, dimension: str, unit_id: int | None = None
) -> Table:
    groups = figures.breakdown(indicator, dimension, unit_id)
    heading = DIMENSIONS[dimension] if unit_id is None else _("Unit")
    if indicator.is_share:
        if indicator.code == UNIT_COVERAGE:
            counts = [_("Units"), _("With participants")]
        else:
            counts = [_("People"), _("Of whom counted")]
        columns = [str(heading), *counts, _("Share (%)"),
                   _("95 % interval, low (%)"), _("95 % interval, high (%)")]  # fmt: skip
        numeric = [False, True, True, True, True, True]
    else:
        columns = [str(heading), _("Employees"), _("Role models")]
        numeric = [False, True, True]
    if indicator.code == INCREASED:
        columns += [_("Increased, not reliably"), _("Near the ceiling"), _("Mean change")]
        numeric += [True, True, True]
    caption = _("%(goal)s by %(dimension)s") % {
        "goal": TITLES[indicator.code],
        "dimension": str(heading).lower(),
    }
    table = Table(
        slug=f"{indicator.code}-{dimension}",
        caption=caption,
        columns=columns,
        numeric=numeric,
    )
    for group in groups:
        label = group_label(figures, group)
        if group.hidden:
            table.rows.append([label] + [SUPPRESSED] * (len(columns) - 1))
            continue
        if indicator.is_share:
            row = [label, group.n, group.x, cell_percent(group.share),
                   cell_percent(group.low), cell_percent(group.high)]  # fmt: skip
        else:
            row = [label, group.n, group.x]
        if indicator.code == INCREASED:
            mean = group.extras.get("mean_change")
            row += [
                group.extras.get("positive_not_reliable", 0),
                group.extras.get("near_ceiling", 0),
                "" if mean is None else round(mean, 1),
            ]
        table.rows.append(row)
    gap = largest_gap(groups) if indicator.is_share else None
    if gap is not None:
        method = _("two-proportion z test") if gap.test.method == "z" else _("Fisher's exact test")
        table.note = _(
            "Largest gap: %(high)s %(high_share)s %% vs %(low)s %(low_share)s %% "
            "(%(diff)s percentage points, %(method)s, p = %(p)s). %(verdict)s"
        ) % {
            "high": group_label(figures, gap.highest),
            "high_share": number_format(percent(gap.highest.share), 1),
            "low": group_label(figures, gap.lowest),
            "low_share": number_format(percent(gap.lowest.share), 1),
            "diff": number_format(percent(gap.test.difference), 1),
            "method": method,
            "p": number_format(gap.test.p_value, 3),
            "verdict": _("Larger than chance would explain (p < 0.05).")
            if gap.test.p_value < 0.05
            else _("Could be chance (p ≥ 0.05)."),
        }
    return table


def trend_table(figures: ProgrammeFigures, indicator: Indicator) -> Table:
    table = Table(
        slug=f"{indicator.code}-trend",
        caption=_("%(goal)s over the waves") % {"goal": TITLES[indicator.code]},
        columns=[
            _("Wave"),
            _("Date"),
            _("Counted"),
            _("Of whom"),
            _("Share (%)"),
            _("95 % interval, low (%)"),
            _("95 % interval, high (%)"),
        ],  # fmt: skip
        numeric=[False, False, True, True, True, True, True],
    )
    for point in indicator.trend:
        table.rows.append(
            [
                point.label,
                point.on.isoformat(),
                point.n,
                point.x,
                cell_percent(point.share),
                cell_percent(point.low),
                cell_percent(point.high),
            ]  # fmt: skip
        )
    forecast = indicator.forecast
    if forecast is not None:
        table.rows.append(
            [
                _("Forecast at the programme's end"),
                figures.ends_on.isoformat(),
                "",
                "",
                cell_percent(forecast.value),
                cell_percent(forecast.low),
                cell_percent(forecast.high),
            ]  # fmt: skip
        )
        table.note = str(FORECAST_METHOD)
    return table


def participation_table(figures: ProgrammeFigures, dimension: str) -> Table:
    """Response rates of the latest wave with invitations, beside the HR population."""
    participation = figures.participation
    groups = figures.breakdown(participation, dimension)
    population = {g.key: g for g in breakdown_groups_of(figures, dimension)}
    total_people = figures.population[("unit", figures.root)].n or 0
    total_responded = participation.total.x or 0
    table = Table(
        slug=f"participation-{dimension}",
        caption=_("Participation by %(dimension)s")
        % {"dimension": str(DIMENSIONS[dimension]).lower()},
        columns=[
            str(DIMENSIONS[dimension]),
            _("Employees (HR)"),
            _("Share of employees (%)"),
            _("Invited"),
            _("Responded"),
            _("Response rate (%)"),
            _("95 % interval, low (%)"),
            _("95 % interval, high (%)"),
            _("Share of respondents (%)"),
        ],  # fmt: skip
        numeric=[False] + [True] * 8,
    )
    for group in groups:
        label = group_label(figures, group)
        people = population.get(group.key)
        people_n = SUPPRESSED if people is None or people.hidden else people.n
        if people_n is SUPPRESSED:
            people_share = SUPPRESSED
        else:
            people_share = cell_percent(people_n / total_people if total_people else None)
        if group.hidden:
            table.rows.append([label, people_n, people_share] + [SUPPRESSED] * 6)
            continue
        respondents_share = cell_percent(group.x / total_responded if total_responded else None)
        table.rows.append(
            [
                label,
                people_n,
                people_share,
                group.n,
                group.x,
                cell_percent(group.share),
                cell_percent(group.low),
                cell_percent(group.high),
                respondents_share,
            ]  # fmt: skip
        )
    gap = largest_gap(groups)
    if gap is not None:
        table.note = _("Largest gap in response rate: %(diff)s percentage points (p = %(p)s).") % {
            "diff": number_format(percent(gap.test.difference), 1),
            "p": number_format(gap.test.p_value, 3),
        }
    return table


def breakdown_groups_of(figures: ProgrammeFigures, dimension: str) -> list[Group]:
    from digit.goals.indicators import breakdown_groups

    return breakdown_groups(figures, figures.population, dimension)


def response_rate_table(figures: ProgrammeFigures) -> Table:
    table = Table(
        slug="response-rates",
        caption=_("Response rate per wave"),
        columns=[
            _("Wave"),
            _("Date"),
            _("Invited"),
            _("Responded"),
            _("Response rate (%)"),
            _("95 % interval, low (%)"),
            _("95 % interval, high (%)"),
        ],  # fmt: skip
        numeric=[False, False, True, True, True, True, True],
    )
    for point in figures.non_response["wave_rates"]:
        table.rows.append(
            [
                point.label,
                point.on.isoformat(),
                point.n,
                point.x,
                cell_percent(point.share),
                cell_percent(point.low),
                cell_percent(point.high),
            ]  # fmt: skip
        )
    both = figures.non_response["invited_both"]
    answered = figures.non_response["answered_both"]
    table.note = _(
        "%(invited)s people were invited to both the baseline and the latest follow-up; "
        "%(answered)s answered both and are counted in the change figures."
    ) % {"invited": both, "answered": answered}
    return table


def dashboard_tables(figures: ProgrammeFigures, *, full: bool) -> dict[str, Table]:
    """Every table of the dashboard (``full``) or of the open summary, by slug."""
    tables = {"indicators": headline_table(figures), "response-rates": response_rate_table(figures)}
    for indicator in figures.indicator_list():
        if indicator.trend:
            table = trend_table(figures, indicator)
            tables[table.slug] = table
        for dimension in indicator.dimensions:
            if dimension == "unit" and not full:
                continue
            table = breakdown_table(figures, indicator, dimension)
            tables[table.slug] = table
    for dimension in ("gender", "age_band", "role", "unit"):
        if dimension == "unit" and not full:
            continue
        table = participation_table(figures, dimension)
        tables[table.slug] = table
    return tables


def unit_tables(figures: ProgrammeFigures, unit_id: int) -> dict[str, Table]:
    """A unit's figures (from the same suppressed cells) and its sub-units."""
    tables = {"indicators": headline_table(figures, unit_id)}
    if figures.children.get(unit_id):
        for indicator in figures.indicator_list():
            table = breakdown_table(figures, indicator, "unit", unit_id)
            tables[table.slug] = table
    return tables
