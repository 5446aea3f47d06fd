"""The start page's own panels, one per role. Other apps add theirs through ``<app>/home.py``.

Each function takes the request and returns ``(template name, context)`` or None when the
panel does not apply to the user.
"""

from django.utils import timezone

from digit.access.policy import may_manage_programme
from digit.access.roles import Role, roles_of
from digit.people.selectors import units_with_headcount
from digit.programmes.selectors import (
    programmes_of_person,
    programmes_with_status,
    visible_programmes,
)


def programmes_panel(request):
    """Programme staff, finance and auditors: every programme with its phases and targets."""
    roles = roles_of(request.user)
    if not roles & {Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR}:
        return None
    return (
        "web/panels/programmes.html",
        {
            "programmes": programmes_with_status(visible_programmes(request.user)),
            "may_manage": may_manage_programme(request.user),
            "read_only": Role.AUDITOR in roles and not may_manage_programme(request.user),
        },
    )


def manager_panel(request):
    """Managers: the units they are responsible for, with headcounts, in aggregate only."""
    if Role.MANAGER not in roles_of(request.user):
        return None
    units = list(units_with_headcount(request.user))
    return (
        "web/panels/manager.html",
        {"units": units, "total": sum(unit.headcount for unit in units)},
    )


def employee_panel(request):
    """Employees (every person with an account): their own details and the programme ahead."""
    person = getattr(request.user, "person", None)
    if person is None or Role.EMPLOYEE not in roles_of(request.user):
        return None
    today = timezone.localdate()
    upcoming = []
    for programme in programmes_with_status(programmes_of_person(person)):
        for phase in programme.phases.all():
            if phase.status in {"current", "upcoming"}:
                upcoming.append((programme, phase))
    return (
        "web/panels/employee.html",
        {
            "person": person,
            "managed_units": person.managed_units.all() if person.is_manager else [],
            "upcoming": upcoming[:5],
            "today": today,
        },
    )


def role_model_panel(request):
    if Role.ROLE_MODEL not in roles_of(request.user):
        return None
    return ("web/panels/role_model.html", {})


ROLE_PANELS = [programmes_panel, manager_panel, employee_panel, role_model_panel]
