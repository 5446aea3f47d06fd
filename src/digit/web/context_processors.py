from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from digit.access.policy import may_hold_api_token
from digit.access.roles import Role, roles_of

# (label, url name, roles that see the link). Apps add their entries here as they grow.
NAVIGATION = [
    (_("Start"), "web:home", set(Role)),
    (
        _("People"),
        "people:person_list",
        {Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE, Role.MANAGER},
    ),
    (
        _("Units"),
        "people:unit_list",
        {Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE, Role.MANAGER},
    ),
    (_("Import people"), "people:import_upload", {Role.PROGRAMME_STAFF}),
    (_("Assessment waves"), "assessments:wave_list", {Role.PROGRAMME_STAFF}),
    (_("Instruments"), "assessments:instrument_list", {Role.PROGRAMME_STAFF, Role.AUDITOR}),
    (_("Competences"), "competences:framework_list", set(Role)),
    (
        _("Programmes"),
        "programmes:programme_list",
        {Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE},
    ),
    (_("Goals"), "goals:index", {Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE, Role.MANAGER}),
    (_("Programme results"), "goals:summaries", set(Role)),
    (
        _("Funder reporting"),
        "reporting:index",
        {Role.FINANCE, Role.AUDITOR, Role.PROGRAMME_STAFF},
    ),
    (_("Learning"), "learning:catalogue", set(Role)),
    (_("Sessions I lead"), "learning:leading", {Role.ROLE_MODEL}),
    (_("Role models and groups"), "learning:programmes", {Role.PROGRAMME_STAFF}),
    (_("Audit trail"), "web:audit_trail", {Role.AUDITOR}),
    (_("My data"), "web:my_data", {Role.EMPLOYEE}),
]


@dataclass(frozen=True)
class NavItem:
    label: str | Promise  # translated when shown
    url: str
    current: bool  # the page shown is this item's or below it


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": frozenset(), "may_hold_api_token": False}
    roles = roles_of(user)
    items = []
    for label, url_name, allowed in NAVIGATION:
        if roles & allowed:
            url = _url(url_name, get_script_prefix())
            current = request.path == url or (url != "/" and request.path.startswith(url))
            items.append(NavItem(label, url, current))
    return {
        "nav_items": items,
        "user_roles": roles,
        "may_hold_api_token": may_hold_api_token(user),  # the account page's "API tokens"
    }


@lru_cache(maxsize=256)
def _url(url_name: str, script_prefix: str) -> str:
    """The menu's URLs take no arguments: reverse each once per process (and prefix)."""
    return reverse(url_name)
