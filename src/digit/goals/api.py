"""The JSON API (django-ninja), mounted at /api/. Goal figures come from the same suppressed
cells as the pages and downloads: a hidden group is ``"suppressed": true`` with no numbers.

Authentication is the signed-in session; roles are checked per call exactly as for the pages.
The OpenAPI documentation (/api/docs) is for signed-in programme staff only.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from digit.access.roles import Role, has_role
from digit.goals import selectors
from digit.goals.cells import Group
from digit.goals.figures import INDICATORS, met
from digit.goals.indicators import programme_figures
from digit.goals.tables import TITLES, definition, group_label


def staff_docs(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated or not has_role(request.user, Role.PROGRAMME_STAFF):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="Digit API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_decorator=staff_docs,
)


class ProgrammeOut(Schema):
    slug: str
    name: str
    starts_on: str
    ends_on: str


class GroupOut(Schema):
    dimension: str
    key: str
    label: str
    suppressed: bool
    n: int | None = None
    x: int | None = None
    share: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None


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


def _dashboard_programme(request, slug):
    if not has_role(request.user, *selectors.DASHBOARD_ROLES):
        raise HttpError(403, "forbidden")
    return get_object_or_404(selectors.dashboard_programmes(request.user), slug=slug)


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


def _unit(request, programme, unit_id):
    if unit_id is None:
        return None
    tree = selectors.unit_tree(programme.scope_id)
    return selectors.get_goal_unit(request.user, tree, unit_id)


@api.get("/goals/programmes", response=list[ProgrammeOut], tags=["goals"])
def programmes(request):
    """Programmes whose goals the caller may see."""
    if not has_role(request.user, *selectors.DASHBOARD_ROLES):
        raise HttpError(403, "forbidden")
    return [
        {"slug": p.slug, "name": p.name, "starts_on": str(p.starts_on), "ends_on": str(p.ends_on)}
        for p in selectors.dashboard_programmes(request.user)
    ]


@api.get("/goals/programmes/{slug}/indicators", response=list[IndicatorOut], tags=["goals"])
def indicators(request, slug: str, unit: int | None = None):
    """Every goal against its target, for the whole organisation or one unit."""
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


@api.get(
    "/goals/programmes/{slug}/breakdowns/{indicator}/{dimension}",
    response=BreakdownOut,
    tags=["goals"],
)
def breakdown(request, slug: str, indicator: str, dimension: str, unit: int | None = None):
    """One goal (or "participation") broken down by gender, age_band, role or unit. With
    ``unit``, the units directly below it."""
    programme = _dashboard_programme(request, slug)
    unit_id = _unit(request, programme, unit)
    figures = programme_figures(programme)
    if indicator == "participation":
        chosen = figures.participation
    elif indicator in INDICATORS:
        chosen = figures.indicators[indicator]
    else:
        raise Http404
    allowed = (*chosen.dimensions, "unit") if indicator == "participation" else chosen.dimensions
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
