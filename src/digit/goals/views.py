import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from digit.access.policy import login_required, role_required
from digit.access.roles import has_role
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.goals import charts, selectors
from digit.goals.exports import (
    exported_in_background,
    person_export_response,
    request_person_export,
    table_response,
)
from digit.goals.figures import ACTIVE, INCREASED, INDICATORS, UNIT_COVERAGE
from digit.goals.indicators import CACHE_SECONDS, programme_figures
from digit.goals.tables import (
    DIMENSIONS,
    FORECAST_METHOD,
    NO_FORECAST,
    TITLES,
    dashboard_tables,
    definition,
    percent,
    unit_tables,
)

FORMATS = ("csv", "xlsx")


@require_GET
@role_required(*selectors.DASHBOARD_ROLES)
def index(request):
    programmes = selectors.dashboard_programmes(request.user).order_by("-starts_on")
    return render(request, "goals/index.html", {"programmes": programmes, "open": False})


@require_GET
@login_required
def summaries(request):
    programmes = list(selectors.summary_programmes(request.user).order_by("-starts_on"))
    if len(programmes) == 1:
        return redirect("goals:summary", slug=programmes[0].slug)
    return render(request, "goals/index.html", {"programmes": programmes, "open": True})


def _indicator_sections(figures, tables, *, full: bool):
    """What the template shows per goal: the headline, its definition, chart and tables."""
    sections = []
    for indicator in figures.indicator_list():
        total = indicator.total
        section = {
            "indicator": indicator,
            "title": TITLES[indicator.code],
            "definition": definition(indicator.code, figures.min_cell_size),
            "share": percent(total.share),
            "low": percent(total.low),
            "high": percent(total.high),
            "target": percent(indicator.target, 0) if indicator.is_share else indicator.target,
            "trend": tables.get(f"{indicator.code}-trend"),
            "breakdowns": [
                tables[f"{indicator.code}-{dimension}"]
                for dimension in indicator.dimensions
                if f"{indicator.code}-{dimension}" in tables
            ],
            "count_text": _count_text(indicator, total, percent(total.low), percent(total.high)),
            "extra_shares": {
                name: number_format(percent(count / total.n), 1)
                for name, count in indicator.extras.items()
                if name in ("positive_not_reliable", "near_ceiling") and total.n
            },
            "chart": _trend_chart(figures, indicator) if indicator.trend else None,
            "summary": _trend_summary(figures, indicator),
            "verdict": figures.verdict(indicator),
        }
        sections.append(section)
    return sections


def _count_text(indicator, total, low, high) -> str:
    """ "x of n people (units); 95 % interval" for a published share."""
    if total.hidden or not indicator.is_share or not total.n:
        return ""
    values = {
        "x": total.x,
        "n": total.n,
        "low": number_format(low, 1),
        "high": number_format(high, 1),
    }
    if indicator.code == UNIT_COVERAGE:
        return _("%(x)s of %(n)s units; 95 %% interval %(low)s–%(high)s %%.") % values
    return _("%(x)s of %(n)s people; 95 %% interval %(low)s–%(high)s %%.") % values


def _trend_chart(figures, indicator) -> str:
    """The trend as an SVG data URI. Drawing takes matplotlib tens of milliseconds, so charts
    are cached by what they show: figures recomputed from unchanged data reuse them."""
    points = [(p.on, p.share, p.low, p.high) for p in indicator.trend if p.share is not None]
    forecast = indicator.forecast
    drawn = {
        "points": points,
        "target": indicator.target,
        "forecast": (figures.ends_on, forecast.value, forecast.low, forecast.high)
        if forecast
        else None,
        "labels": {
            "observed": _("Measured (95 % interval)"),
            "forecast": _("Forecast"),
            "target": _("Target"),
            "axis": _("Share (%)"),
        },
    }
    digest = hashlib.sha256(repr(sorted(drawn.items())).encode()).hexdigest()
    key = f"goals:chart:{digest}"
    uri = cache.get(key)
    if uri is None:
        uri = charts.trend_chart(**drawn)
        cache.set(key, uri, 3600)
    return uri


def _trend_summary(figures, indicator) -> str:
    """The chart in words, for everyone who does not see it."""
    points = [p for p in indicator.trend if p.share is not None]
    if not points:
        return ""
    parts = [
        _("%(wave)s: %(share)s %%") % {"wave": p.label, "share": number_format(percent(p.share), 1)}
        for p in points
    ]
    text = _("Measured: %(points)s.") % {"points": "; ".join(parts)}
    if indicator.no_forecast is not None:
        text += " " + str(NO_FORECAST[indicator.no_forecast])
    if indicator.forecast is not None:
        text += " " + _(
            "If the trend continues linearly, the result at the programme's end is about "
            "%(value)s %% (between %(low)s and %(high)s %%), against a target of %(target)s %%."
        ) % {
            "value": number_format(percent(indicator.forecast.value, 0), 0),
            "low": number_format(percent(indicator.forecast.low, 0), 0),
            "high": number_format(percent(indicator.forecast.high, 0), 0),
            "target": number_format(percent(indicator.target, 0), 0),
        }
    return text


def _with_exports(tables, url_name, **kwargs):
    for slug, table in tables.items():
        table.export_urls = [
            (fmt.upper(), reverse(url_name, kwargs={**kwargs, "table": slug, "fmt": fmt}))
            for fmt in FORMATS
        ]
    return tables


def _context(figures, programme, *, full: bool):
    tables = dashboard_tables(figures, full=full)
    _with_exports(tables, "goals:export" if full else "goals:export_summary", slug=programme.slug)
    participation = [
        tables[f"participation-{dimension}"]
        for dimension in DIMENSIONS
        if f"participation-{dimension}" in tables
    ]
    return {
        "programme": programme,
        "figures": figures,
        "headline": tables["indicators"],
        "sections": _indicator_sections(figures, tables, full=full),
        "participation": participation,
        "response_rates": tables["response-rates"],
        "forecast_method": FORECAST_METHOD,
        "formats": FORMATS,
        "codes": {"increased": INCREASED, "active": ACTIVE, "coverage": UNIT_COVERAGE},
    }


def _cached_body(programme, part: str, build) -> str:
    """Rendered figures, shared by every user who may see them (they hold nothing personal:
    no names, no forms), for as long as the figures they show. ``build(figures)`` renders
    them on a miss."""
    figures = programme_figures(programme)
    key = (
        f"goals:body:{programme.pk}:{part}:{figures.computed_at.timestamp()}:"
        f"{figures.min_cell_size}:{get_language()}"
    )
    html = cache.get(key)
    if html is None:
        html = build(figures)
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output


def _body(programme, *, full: bool) -> str:
    def build(figures):
        return render_to_string("goals/_body.html", _context(figures, programme, full=full))

    return _cached_body(programme, "dashboard" if full else "summary", build)


@require_GET
@role_required(*selectors.DASHBOARD_ROLES)
def dashboard(request, slug):
    programme = get_object_or_404(selectors.dashboard_programmes(request.user), slug=slug)
    tree = selectors.unit_tree(programme.scope_id)
    own_units = selectors.goal_unit_ids(request.user, tree)
    context = {
        "programme": programme,
        "body": _body(programme, full=True),
        "goal_links": [(code, TITLES[code]) for code in INDICATORS],
    }
    organisation_wide = own_units == set(tree.ids)
    if organisation_wide:
        links = tree.children.get(tree.root, [])
    else:  # the top of each managed subtree
        links = [u for u in tree.ids if u in own_units and tree.parent.get(u) not in own_units]
    context["unit_links"] = [(unit, tree.names[unit]) for unit in links]
    context["organisation_wide"] = organisation_wide
    context["may_export_people"] = has_role(request.user, *selectors.PERSON_EXPORT_ROLES)
    if context["may_export_people"]:
        context["people_export_in_background"] = exported_in_background(programme)
    return render(request, "goals/dashboard.html", context)


@require_GET
@login_required
def summary(request, slug):
    programme = get_object_or_404(selectors.summary_programmes(request.user), slug=slug)
    context = {"programme": programme, "body": _body(programme, full=False)}
    return render(request, "goals/summary.html", context)


@require_GET
@role_required(*selectors.DASHBOARD_ROLES)
def unit(request, slug, unit_id):
    programme = get_object_or_404(selectors.dashboard_programmes(request.user), slug=slug)
    tree = selectors.unit_tree(programme.scope_id)
    selectors.get_goal_unit(request.user, tree, unit_id)

    def build(figures):
        tables = _with_exports(
            unit_tables(figures, unit_id),
            "goals:export_unit",
            slug=slug,
            unit_id=unit_id,
        )
        context = {"headline": tables.pop("indicators"), "breakdowns": list(tables.values())}
        return render_to_string("goals/_unit_body.html", context)

    visible = selectors.goal_unit_ids(request.user, tree)
    return render(
        request,
        "goals/unit.html",
        {
            "programme": programme,
            "min_cell_size": settings.DIGIT_MIN_CELL_SIZE,
            "unit_name": tree.names[unit_id],
            "path": [(u, tree.names[u], u in visible) for u in tree.paths[unit_id][:-1]],
            "body": _cached_body(programme, f"unit-{unit_id}", build),
            "children": [(kid, tree.names[kid]) for kid in tree.children.get(unit_id, [])],
        },
    )


def _check_format(fmt):
    if fmt not in FORMATS:
        raise Http404


@require_GET
@role_required(*selectors.DASHBOARD_ROLES)
def export_table(request, slug, table, fmt):
    _check_format(fmt)
    programme = get_object_or_404(selectors.dashboard_programmes(request.user), slug=slug)
    tables = dashboard_tables(programme_figures(programme), full=True)
    if table not in tables:
        raise Http404
    return table_response(tables[table], fmt, programme.slug)


@require_GET
@login_required
def export_summary_table(request, slug, table, fmt):
    _check_format(fmt)
    programme = get_object_or_404(selectors.summary_programmes(request.user), slug=slug)
    tables = dashboard_tables(programme_figures(programme), full=False)
    if table not in tables:
        raise Http404
    return table_response(tables[table], fmt, f"{programme.slug}-summary")


@require_GET
@role_required(*selectors.DASHBOARD_ROLES)
def export_unit_table(request, slug, unit_id, table, fmt):
    _check_format(fmt)
    programme = get_object_or_404(selectors.dashboard_programmes(request.user), slug=slug)
    tree = selectors.unit_tree(programme.scope_id)
    selectors.get_goal_unit(request.user, tree, unit_id)
    tables = unit_tables(programme_figures(programme), unit_id)
    if table not in tables:
        raise Http404
    return table_response(tables[table], fmt, f"{programme.slug}-unit-{unit_id}")


@require_GET
@role_required(*selectors.PERSON_EXPORT_ROLES)
def export_people(request, slug, fmt):
    """Small programmes download at once; a large one is built by the worker and this request
    leads to the file's page. A GET, because auditors export too and never write: a second
    request while the file is being built returns the same file."""
    _check_format(fmt)
    programme = get_object_or_404(selectors.dashboard_programmes(request.user), slug=slug)
    audit.record(
        Kind.EXPORTED,
        request=request,
        object_type="programme",
        object_id=programme.pk,
        detail=f"people.{fmt}",
    )
    if not exported_in_background(programme):
        return person_export_response(programme, fmt)
    prepared = request_person_export(
        programme=programme,
        fmt=fmt,
        owner=request.user,
        back_url=reverse("goals:dashboard", args=[programme.slug]),
    )
    return redirect("web:prepared_file", pk=prepared.pk)
