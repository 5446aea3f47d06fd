"""Goal figures for BI tools: the same suppressed cells as the goals pages and downloads
(``digit.goals.indicators.programme_figures``). A hidden group or wave is
``"suppressed": true`` with every number null; nothing else about it is published.

Roles as on the goals dashboard: programme staff, finance, auditors (every programme and
unit) and, signed in with a session, managers (their own units).
"""

from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from digit.access.roles import has_role
from digit.api.params import ProgrammeSlug, Since, UnitId, Until
from digit.api.schemas import ERRORS
from digit.goals import selectors
from digit.goals.cells import Group
from digit.goals.figures import PARTICIPATION, met
from digit.goals.indicators import programme_figures
from digit.goals.tables import TITLES, definition, group_label

router = Router(tags=["goals"])

IndicatorCode = Literal["increased", "active", "role_models", "unit_coverage", "participation"]
Dimension = Literal["gender", "age_band", "role", "unit"]


class GoalProgrammeOut(Schema):
    slug: str
    name: str
    starts_on: str
    ends_on: str


class GroupOut(Schema):
    dimension: str = Field(description="gender, age_band, role or unit.")
    key: str = Field(description="The group's value (a unit's id for units).")
    label: str
    suppressed: bool = Field(description="Too few people to show: every number is null.")
    n: int | None = Field(None, description="People (or units) in the group.")
    x: int | None = Field(None, description="Of them, those the goal counts.")
    share: float | None = Field(None, description="x / n, from 0 to 1.")
    ci_low: float | None = Field(None, description="95 % Wilson interval, low end.")
    ci_high: float | None = Field(None, description="95 % Wilson interval, high end.")


class IndicatorOut(Schema):
    code: str
    title: str
    definition: str
    target: float
    is_share: bool
    result: GroupOut
    target_met: bool | None


class BreakdownOut(Schema):
    indicator: str
    dimension: str
    unit: int | None
    min_cell_size: int
    groups: list[GroupOut]


class TrendPointOut(Schema):
    wave_id: int | None
    label: str
    on: str = Field(description="The wave's closing date (YYYY-MM-DD).")
    suppressed: bool
    anchor: bool = Field(description="The baseline's 0 % that the change figure starts from.")
    n: int | None
    x: int | None
    share: float | None
    ci_low: float | None
    ci_high: float | None


class ForecastOut(Schema):
    on: str
    value: float
    low: float
    high: float


class TrendOut(Schema):
    indicator: str
    min_cell_size: int
    points: list[TrendPointOut]
    forecast: ForecastOut | None = Field(
        description="Linear forecast at the programme's end (null: ended or too few waves)."
    )


def _require_dashboard_role(request) -> None:
    if not has_role(request.user, *selectors.DASHBOARD_ROLES):
        raise HttpError(403, "Your role may not read goal figures.")


def _dashboard_programme(request, slug):
    _require_dashboard_role(request)
    return get_object_or_404(selectors.dashboard_programmes(request.user), slug=slug)


def _unit(request, programme, unit_id):
    if unit_id is None:
        return None
    tree = selectors.unit_tree(programme.scope_id)
    return selectors.get_goal_unit(request.user, tree, unit_id)


def _group_out(figures, group: Group) -> dict:
    return {
        "dimension": group.key[0],
        "key": str(group.key[1]),
        "label": group_label(figures, group),
        "suppressed": group.hidden,
        "n": group.n,
        "x": group.x,
        "share": group.share,
        "ci_low": group.low,
        "ci_high": group.high,
    }


def _indicator(figures, code: str):
    if code == PARTICIPATION:
        return figures.participation
    return figures.indicators[code]


@router.get("/programmes", response={200: list[GoalProgrammeOut], **ERRORS})
def programmes(request):
    """Programmes whose goal figures the caller may read."""
    _require_dashboard_role(request)
    return [
        {"slug": p.slug, "name": p.name, "starts_on": str(p.starts_on), "ends_on": str(p.ends_on)}
        for p in selectors.dashboard_programmes(request.user).order_by("starts_on", "pk")
    ]


@router.get("/programmes/{slug}/indicators", response={200: list[IndicatorOut], **ERRORS})
def indicators(request, slug: ProgrammeSlug, unit: UnitId = None):
    """Every goal against its target, for the programme's whole organisation or one unit
    (with its units below)."""
    programme = _dashboard_programme(request, slug)
    unit_id = _unit(request, programme, unit)
    figures = programme_figures(programme)
    key = ("unit", unit_id or figures.root)
    result = []
    for indicator in figures.indicator_list():
        group = indicator.cells[key]
        result.append(
            {
                "code": indicator.code,
                "title": str(TITLES[indicator.code]),
                "definition": definition(indicator.code, figures.min_cell_size),
                "target": indicator.target,
                "is_share": indicator.is_share,
                "result": _group_out(figures, group),
                "target_met": met(indicator, group),
            }
        )
    return result


@router.get(
    "/programmes/{slug}/breakdowns/{indicator}/{dimension}",
    response={200: BreakdownOut, **ERRORS},
)
def breakdown(
    request, slug: ProgrammeSlug, indicator: IndicatorCode, dimension: Dimension,
    unit: UnitId = None,
):  # fmt: skip
    """One goal (or ``participation``, the response rate) broken down by gender, age band,
    role (manager or employee) or unit. With ``unit``: the units directly below it (only for
    the dimension ``unit``). Unit coverage has the unit dimension only: 404 for the others."""
    programme = _dashboard_programme(request, slug)
    unit_id = _unit(request, programme, unit)
    figures = programme_figures(programme)
    chosen = _indicator(figures, indicator)
    allowed = (*chosen.dimensions, "unit") if indicator == PARTICIPATION else chosen.dimensions
    if dimension not in allowed or (unit_id is not None and dimension != "unit"):
        raise Http404
    groups = figures.breakdown(chosen, dimension, unit_id)
    return {
        "indicator": indicator,
        "dimension": dimension,
        "unit": unit_id,
        "min_cell_size": figures.min_cell_size,
        "groups": [_group_out(figures, group) for group in groups],
    }


@router.get("/programmes/{slug}/trend/{indicator}", response={200: TrendOut, **ERRORS})
def trend(
    request, slug: ProgrammeSlug, indicator: IndicatorCode, since: Since = None,
    until: Until = None,
):  # fmt: skip
    """The goal wave by wave (by each wave's closing date), hidden waves included as
    suppressed points, and the forecast at the programme's end. ``participation`` gives
    every wave's response rate. Role models have no trend (an empty list)."""
    programme = _dashboard_programme(request, slug)
    figures = programme_figures(programme)
    chosen = _indicator(figures, indicator)
    points = [
        point for point in chosen.trend
        if (since is None or point.on >= since) and (until is None or point.on <= until)
    ]  # fmt: skip
    forecast = chosen.forecast
    return {
        "indicator": indicator,
        "min_cell_size": figures.min_cell_size,
        "points": [
            {
                "wave_id": point.wave_id,
                "label": point.label,
                "on": point.on.isoformat(),
                "suppressed": point.hidden,
                "anchor": point.anchor,
                "n": point.n,
                "x": point.x,
                "share": point.share,
                "ci_low": point.low,
                "ci_high": point.high,
            }
            for point in points
        ],
        "forecast": {
            "on": figures.ends_on.isoformat(),
            "value": forecast.value,
            "low": forecast.low,
            "high": forecast.high,
        }
        if forecast is not None
        else None,
    }
