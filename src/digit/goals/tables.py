"""The goal tables in words: ``digit.goals.tabulate`` computes them as plain values, this module
puts translated headings, labels, verdicts and notes on them, for the page and the downloads.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digit.goals import tabulate
from digit.goals.cells import Gap, Group
from digit.goals.figures import (
    ACTIVE,
    HIDDEN,
    INCREASED,
    MET,
    NO_DATA,
    NOT_MET,
    NOT_MET_YET,
    PROGRAMME_ENDED,
    ROLE_MODELS,
    TOO_FEW_WAVES,
    UNIT_COVERAGE,
    ProgrammeFigures,
)
from digit.goals.tabulate import SUPPRESSED, Label, Note, TableData, Value, percent
from digit.people.models import Gender

__all__ = ["SUPPRESSED", "Table", "percent"]

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

COLUMNS = {
    "goal": gettext_lazy("Goal"),
    "target": gettext_lazy("Target"),
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
    "share": gettext_lazy("Share (%)"),
    "low": gettext_lazy("95 % interval, low (%)"),
    "high": gettext_lazy("95 % interval, high (%)"),
    "target_met": gettext_lazy("Target met"),
    "definition": gettext_lazy("Definition"),
    "units": gettext_lazy("Units"),
    "with_participants": gettext_lazy("With participants"),
    "people": gettext_lazy("People"),
    "counted": gettext_lazy("Of whom counted"),
    "employees": gettext_lazy("Employees"),
    "role_models": gettext_lazy("Role models"),
    "positive_not_reliable": gettext_lazy("Increased, not reliably"),
    "near_ceiling": gettext_lazy("Near the ceiling"),
    "mean_change": gettext_lazy("Mean change"),
    "wave": gettext_lazy("Wave"),
    "date": gettext_lazy("Date"),
    "of_whom": gettext_lazy("Of whom"),
    "employees_hr": gettext_lazy("Employees (HR)"),
    "share_of_employees": gettext_lazy("Share of employees (%)"),
    "invited": gettext_lazy("Invited"),
    "responded": gettext_lazy("Responded"),
    "response_rate": gettext_lazy("Response rate (%)"),
    "share_of_respondents": gettext_lazy("Share of respondents (%)"),
}
# Trend tables say "Counted" where breakdowns say "People" (same code, other heading).
TREND_COLUMNS = {"counted": gettext_lazy("Counted")}

VERDICTS = {
    MET: gettext_lazy("yes"),
    NOT_MET_YET: gettext_lazy("not yet"),
    NOT_MET: gettext_lazy("no"),
    HIDDEN: gettext_lazy("hidden"),
    NO_DATA: gettext_lazy("no data yet"),
}

FORECAST_METHOD = gettext_lazy(
    "Forecast: a straight line through the wave results, weighted by their precision, "
    "extended to the programme's end and kept within 0–100 %. The interval covers only the "
    "uncertainty of the measured points; it cannot know whether progress stays linear."
)
NO_FORECAST = {
    PROGRAMME_ENDED: gettext_lazy("The programme has ended: the result is final, no forecast."),
    TOO_FEW_WAVES: gettext_lazy(
        "No forecast: it needs at least two waves with enough answers to show."
    ),
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

    @property
    def header(self) -> list[str]:
        return self.columns

    def data_rows(self) -> list[list]:
        """The rows as downloaded: a note (e.g. the gap test) follows as a last row."""
        return [*self.rows, [self.note]] if self.note else list(self.rows)


def target_text(code: str, target: float, is_share: bool) -> str:
    if is_share:
        return f"≥ {number_format(target * 100, 0)} %"
    return f"≥ {target}"


def group_label(figures: ProgrammeFigures, group: Group) -> str:
    return label_text(figures, group.key)


def label_text(figures: ProgrammeFigures, label: Label) -> str:
    """A row's label in words: a group, a goal, a wave's name, the forecast."""
    kind, value = label
    if kind == "gender":
        return str(Gender(value).label) if value in Gender.values else str(value)
    if kind == "role":
        return _("Manager") if value == "manager" else _("Employee")
    if kind == "age_band":
        return _("Unknown") if value == "–" else str(value)
    if kind == "unit" and isinstance(value, int):  # a unit's key holds its id
        return figures.unit_names.get(value, str(value))
    if kind == "direct" and isinstance(value, int):
        return _("Placed directly in %(unit)s") % {"unit": figures.unit_names.get(value, "")}
    if kind == "goal":
        return str(TITLES[str(value)])
    if kind == "forecast":
        return _("Forecast at the programme's end")
    return str(value)


def goal_title(data: TableData) -> str:
    """The title of a trend's or a breakdown's goal (those tables are of one goal)."""
    assert data.indicator is not None, f"table {data.slug} is of no goal"
    return str(TITLES[data.indicator])


def dimension_name(data: TableData) -> str:
    """The name of a breakdown's or a participation table's dimension (they have one)."""
    assert data.dimension is not None, f"table {data.slug} has no dimension"
    return str(DIMENSIONS[data.dimension])


def caption(data: TableData) -> str:
    if data.kind == "headline":
        return _("Goals against their targets")
    if data.kind == "response_rates":
        return _("Response rate per wave")
    if data.kind == "trend":
        return _("%(goal)s over the waves") % {"goal": goal_title(data)}
    dimension = dimension_name(data).lower()
    if data.kind == "participation":
        return _("Participation by %(dimension)s") % {"dimension": dimension}
    if data.unit_id is not None:
        dimension = _("Unit").lower()
    return _("%(goal)s by %(dimension)s") % {"goal": goal_title(data), "dimension": dimension}


def column_headings(data: TableData) -> list[str]:
    headings = []
    for column in data.columns:
        if column == "group":
            heading = dimension_name(data) if data.unit_id is None else _("Unit")
        elif data.kind == "trend" and column in TREND_COLUMNS:
            heading = str(TREND_COLUMNS[column])
        else:
            heading = str(COLUMNS[column])
        headings.append(heading)
    return headings


def headline_row(figures: ProgrammeFigures, values: list[Value], min_size: int) -> list:
    """[target, five figures, verdict, goal code] → words where words are due."""
    code = str(values[-1])
    indicator = figures.indicators[code]
    return [
        target_text(code, indicator.target, indicator.is_share),  # the row's first value
        *values[1:6],
        str(VERDICTS[str(values[6])]),
        definition(code, min_size),
    ]


def gap_text(figures: ProgrammeFigures, kind: str, gap: Gap) -> str:
    # largest_gap() compares published groups only, and those have a share.
    assert gap.highest.share is not None and gap.lowest.share is not None
    if kind == "participation_gap":
        return _("Largest gap in response rate: %(diff)s percentage points (p = %(p)s).") % {
            "diff": number_format(percent(gap.test.difference), 1),
            "p": number_format(gap.test.p_value, 3),
        }
    method = _("two-proportion z test") if gap.test.method == "z" else _("Fisher's exact test")
    return _(
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


def note_text(figures: ProgrammeFigures, note: Note | None) -> str:
    if note is None:
        return ""
    if note.gap is not None:
        return gap_text(figures, note.kind, note.gap)
    if note.kind == "forecast_method":
        return str(FORECAST_METHOD)
    if note.kind in NO_FORECAST:
        return str(NO_FORECAST[note.kind])
    if note.invited_both is None:
        return _(
            "How many people were invited to both the baseline and the latest follow-up, and "
            "answered both, is hidden: too few people."
        )
    return _(
        "%(invited)s people were invited to both the baseline and the latest follow-up; "
        "%(answered)s answered both and are counted in the change figures."
    ) % {"invited": note.invited_both, "answered": note.answered_both}


def in_words(figures: ProgrammeFigures, data: TableData) -> Table:
    """A computed table with its headings, labels, verdicts and note in the user's language."""
    rows = []
    for label, values in data.rows:
        if data.kind == "headline":
            values = headline_row(figures, values, figures.min_cell_size)
        rows.append([label_text(figures, label), *values])
    return Table(
        slug=data.slug,
        caption=caption(data),
        columns=column_headings(data),
        rows=rows,
        numeric=list(data.numeric),
        note=note_text(figures, data.note),
        page_columns=data.page_columns,
    )


def dashboard_tables(figures: ProgrammeFigures, *, full: bool) -> dict[str, Table]:
    """Every table of the dashboard (``full``) or of the open summary, by slug."""
    computed = tabulate.dashboard_tables(figures, full=full)
    return {slug: in_words(figures, data) for slug, data in computed.items()}


def unit_tables(figures: ProgrammeFigures, unit_id: int) -> dict[str, Table]:
    """A unit's figures (from the same suppressed cells) and its sub-units."""
    computed = tabulate.unit_tables(figures, unit_id)
    return {slug: in_words(figures, data) for slug, data in computed.items()}
