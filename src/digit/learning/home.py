import datetime

from django.utils import timezone

from digit.access.roles import Role, roles_of
from digit.learning import selectors
from digit.learning.models import Session
from digit.learning.recommendations import (
    latest_response,
    recommended_sessions,
    weakest_competences,
)


def home_panel(request):
    """(template, context) for this app's part of the start page, or None.

    Employees: their enrolments, hours this year and recommended sessions. Role models: the
    sessions they lead around today, with a link to register attendance.
    """
    person = getattr(request.user, "person", None)
    roles = roles_of(request.user)
    if person is None or not roles & {Role.EMPLOYEE, Role.ROLE_MODEL}:
        return None
    year = timezone.localdate().year
    context = {
        "is_employee": Role.EMPLOYEE in roles,
        "year": year,
        "hours": selectors.hours_in_year(person, year),
        "enrolments": selectors.upcoming_enrolments(person)[:5],
        "recommendations": recommended_sessions(
            person, weakest_competences(latest_response(person)), limit=3
        ),
        "prompts": selectors.current_prompts(person).exists(),
        "leading": None,
    }
    if Role.ROLE_MODEL in roles:
        since = timezone.now() - datetime.timedelta(days=14)
        context["leading"] = list(
            Session.objects.filter(leader=person, starts_at__gte=since)
            .select_related("activity")
            .order_by("starts_at")[:5]
        )
    return ("learning/panel.html", context)
