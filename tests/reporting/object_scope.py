"""Object factories for reporting's pages (see tests/access/object_scope.py)."""

import datetime

from django.utils import timezone

from digit.access.roles import Role
from tests.access.object_scope import Case, World, register
from tests.reporting.factories import participant, reporting_programme


def _programme(world: World):
    return reporting_programme(world.units["root"])


@register("reporting:register")
def register_page(world: World, role: Role) -> Case:
    programme = _programme(world)
    if role in (Role.FINANCE, Role.AUDITOR):
        return Case(visible={"pk": programme.pk}, hidden={"pk": programme.pk + 10_000})
    return Case(hidden={"pk": programme.pk})


@register("reporting:reveal")
def reveal(world: World, role: Role) -> Case:
    programme = _programme(world)
    person = participant(programme, world.units["branch_a"])
    not_participating = world.people["stranger"]
    if role == Role.FINANCE:
        return Case(
            visible={"pk": programme.pk, "person_id": person.pk},
            hidden={"pk": programme.pk, "person_id": not_participating.pk},
            method="post",
        )
    return Case(hidden={"pk": programme.pk, "person_id": person.pk}, method="post")


@register("reporting:monthly_files")
def monthly_files(world: World, role: Role) -> Case:
    return register_page(world, role)


def _last_month():
    return timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


@register("reporting:monthly_file")
def monthly_file(world: World, role: Role) -> Case:
    programme = _programme(world)
    month = _last_month()
    kwargs = {"year": month.year, "month": month.month, "fmt": "csv"}
    if role == Role.FINANCE:
        return Case(
            visible={"pk": programme.pk, **kwargs}, hidden={"pk": programme.pk + 10_000, **kwargs}
        )
    return Case(hidden={"pk": programme.pk, **kwargs})


@register("reporting:mark_sent")
def mark_sent(world: World, role: Role) -> Case:
    programme = _programme(world)
    month = _last_month()
    kwargs = {"year": month.year, "month": month.month}
    if role == Role.FINANCE:
        return Case(
            visible={"pk": programme.pk, **kwargs},
            hidden={"pk": programme.pk + 10_000, **kwargs},
            method="post",
        )
    return Case(hidden={"pk": programme.pk, **kwargs}, method="post")


@register("reporting:indicators")
def indicators(world: World, role: Role) -> Case:
    return register_page(world, role)


@register("reporting:indicators_export")
def indicators_export(world: World, role: Role) -> Case:
    case = register_page(world, role)
    for kwargs in (case.visible, case.hidden):
        if kwargs is not None:
            kwargs["fmt"] = "csv"
    return case


def _report_case(world: World, role: Role, extra: dict, *, writers_only=False) -> Case:
    programme = _programme(world)
    allowed = (
        (Role.PROGRAMME_STAFF, Role.FINANCE)
        if writers_only
        else (
            Role.PROGRAMME_STAFF,
            Role.FINANCE,
            Role.AUDITOR,
        )
    )
    if role in allowed:
        return Case(
            visible={"pk": programme.pk, **extra}, hidden={"pk": programme.pk + 10_000, **extra}
        )
    return Case(hidden={"pk": programme.pk, **extra})


@register("reporting:report")
def report(world: World, role: Role) -> Case:
    return _report_case(world, role, {})


@register("reporting:report_file")
def report_file(world: World, role: Role) -> Case:
    return _report_case(world, role, {"fmt": "xlsx"})


@register("reporting:report_text")
def report_text(world: World, role: Role) -> Case:
    return _report_case(world, role, {"section": "summary"}, writers_only=True)
