from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from digit.access.policy import may_hold_api_token
from digit.access.roles import Role, roles_of

# (label, url name, roles that see the link). Apps add their entries here as they grow; the
# menu groups them into areas of work by the URL's namespace (AREAS below).
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
    (_("Funding"), "funding:index", {Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE}),
    (_("My time certificates"), "funding:my_certificates", {Role.EMPLOYEE}),
    (_("Learning"), "learning:catalogue", set(Role)),
    (_("Sessions I lead"), "learning:leading", {Role.ROLE_MODEL}),
    (_("Role models and groups"), "learning:programmes", {Role.PROGRAMME_STAFF}),
    (_("Audit trail"), "web:audit_trail", {Role.AUDITOR}),
    (_("My data"), "web:my_data", {Role.EMPLOYEE}),
]

# The areas of work, in menu order, and the URL namespaces whose pages belong to each. A
# namespace not listed here gets an area of its own, named by its first menu entry.
AREAS = [
    ("start", _("Start"), {"web"}),
    ("organisation", _("Organisation"), {"people"}),
    ("programme", _("Programme"), {"programmes"}),
    ("measurement", _("Measurement"), {"assessments", "competences"}),
    ("learning", _("Learning"), {"learning"}),
    ("goals", _("Goals"), {"goals"}),
    ("money", _("Money"), {"funding", "reporting"}),
]

AREA_LABELS = {key: label for key, label, _namespaces in AREAS}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise  # translated when shown
    url: str
    current: bool  # the page shown is this item's or below it
    exact: bool = False  # the page shown is this item's (aria-current="page", else "true")


@dataclass(frozen=True)
class NavArea:
    label: str | Promise
    url: str  # its first page
    current: bool  # the page shown belongs to this area
    current_page: bool  # ... and is the area's first page itself
    pages: list[NavItem]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_areas": [],
            "nav_area": None,
            "user_roles": frozenset(),
            "may_hold_api_token": False,
        }
    roles = roles_of(user)
    prefix = get_script_prefix()
    entries = [
        (label, name, _url(name, prefix)) for label, name, allowed in NAVIGATION if roles & allowed
    ]
    current_url = _current_url(request.path, [url for _label, _name, url in entries])
    match = getattr(request, "resolver_match", None)
    current_namespace = match.namespace if match is not None else ""
    areas = []
    for key, label, pages in _group(entries):
        items = [
            NavItem(page_label, url, url == current_url, url == request.path)
            for page_label, _name, url in pages
        ]
        current = any(item.current for item in items) or (
            current_url is None and current_namespace in _namespaces(key)
        )
        areas.append(NavArea(label, items[0].url, current, items[0].exact, items))
    current_area = next((area for area in areas if area.current), None)
    return {
        "nav_areas": areas,
        "nav_area": current_area,
        "user_roles": roles,
        "may_hold_api_token": may_hold_api_token(user),  # the account page's "API tokens"
    }


def _group(entries):
    """(area key, label, [(label, url name, url), ...]) per area with a page, in menu order."""
    grouped: dict[str, list] = {}
    labels: dict[str, str | Promise] = {}
    for label, name, url in entries:
        key = _area_of(name.split(":")[0])
        grouped.setdefault(key, []).append((label, name, url))
        labels.setdefault(key, AREA_LABELS.get(key, label))
    order = [key for key, _label, _ns in AREAS]
    keys = sorted(grouped, key=lambda k: order.index(k) if k in order else len(order))
    return [(key, labels[key], grouped[key]) for key in keys]


def _area_of(namespace: str) -> str:
    for key, _label, namespaces in AREAS:
        if namespace in namespaces:
            return key
    return namespace


def _namespaces(key: str) -> set[str]:
    for area_key, _label, namespaces in AREAS:
        if area_key == key:
            return namespaces
    return {key}


def _current_url(path: str, urls: list[str]) -> str | None:
    """The menu page the shown page is, or lies below (the longest matching address)."""
    matching = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    return max(matching, key=len, default=None)


@lru_cache(maxsize=256)
def _url(url_name: str, script_prefix: str) -> str:
    """The menu's URLs take no arguments: reverse each once per process (and prefix)."""
    return reverse(url_name)
