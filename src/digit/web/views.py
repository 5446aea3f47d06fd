from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from digit.access.policy import login_required
from digit.access.roles import Role, roles_of
from digit.web.panels import ROLE_PANELS

# Each app that shows something on the start page offers ``home_panel(request)`` returning
# (template name, context) or None. Listed here, in the order they appear after web's own.
HOME_PANELS = [
    "digit.people.home.home_panel",
    "digit.assessments.home.home_panel",
    "digit.learning.home.home_panel",
    "digit.goals.home.home_panel",
]


@require_GET
@login_required
def home(request):
    panels = [panel(request) for panel in ROLE_PANELS]
    panels += [import_string(dotted)(request) for dotted in HOME_PANELS]
    return render(
        request,
        "web/home.html",
        {
            "panels": [panel for panel in panels if panel is not None],
            "roles": sorted(roles_of(request.user), key=list(Role).index),
        },
    )


@require_GET
def accessibility(request):
    return render(request, "web/accessibility.html")


@require_GET
def about(request):
    return render(request, "web/about.html")


def forbidden(request, exception=None):
    return render(request, "web/error.html", {"status": 403}, status=403)


def not_found(request, exception=None):
    return render(request, "web/error.html", {"status": 404}, status=404)


def server_error(request):
    return render(request, "web/error.html", {"status": 500}, status=500)
