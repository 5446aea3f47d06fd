from digit.access.roles import Role, roles_of
from digit.people.models import ImportBatch
from digit.people.selectors import visible_people, visible_units


def home_panel(request):
    """(template, context) for this app's part of the start page, or None.

    Programme staff: the size of the organisation and the latest HR import. Managers see their
    units in the start page's manager panel instead (one panel per topic), employees nothing.
    """
    if Role.PROGRAMME_STAFF not in roles_of(request.user):
        return None
    context = {
        "people": visible_people(request.user).current().count(),
        "units": visible_units(request.user).count(),
        "latest_import": ImportBatch.objects.filter(kind=ImportBatch.Kind.PEOPLE).first(),
    }
    return "people/_home_panel.html", context
