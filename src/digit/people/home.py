from digit.access.roles import Role, roles_of
from digit.people.models import ImportBatch
from digit.people.selectors import visible_people, visible_units


def home_panel(request):
    """(template, context) for this app's part of the start page, or None.

    Programme staff: the size of the organisation and the latest HR import. Managers: how many
    people their units have. Employees see nothing here.
    """
    roles = roles_of(request.user)
    if not roles & {Role.PROGRAMME_STAFF, Role.MANAGER}:
        return None
    context = {
        "people": visible_people(request.user).current().count(),
        "units": visible_units(request.user).count(),
        "is_staff": Role.PROGRAMME_STAFF in roles,
        "latest_import": None,
    }
    if context["is_staff"]:
        context["latest_import"] = ImportBatch.objects.filter(kind=ImportBatch.Kind.PEOPLE).first()
    return "people/_home_panel.html", context
