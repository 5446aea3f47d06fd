"""Which objects each role may open: the registry behind the IDOR walker and the axe run.

``tests/access/test_object_scope.py`` walks every URL pattern of Digit that takes an id and
fails when a pattern has no *object factory* here. A factory receives the ``World`` (one
signed-in account per role plus a small organisation) and a role, and returns a ``Case``: the
URL kwargs of an object that role may open (``visible``, expect 200) and of one outside its
scope (``hidden``, expect 404; or 403 when the role may not open such pages at all).

An app registers its own patterns in ``tests/<app>/object_scope.py``, which the walker imports:

    from tests.access.object_scope import Case, register

    @register("learning:session_detail")
    def session_detail(world, role):
        ...
        return Case(visible={"pk": mine.pk}, hidden={"pk": theirs.pk})

See docs/development.md ("Object scope").
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from digit.access.roles import Role
from tests.factories import make_account, make_person, make_unit


@dataclass
class Case:
    """What one role may and may not open for one URL pattern.

    visible: kwargs of an object the role may open (200), or None when the role may not open
        such pages at all (then ``hidden`` must give 403 or 404).
    hidden: kwargs of an object outside the role's scope (404, or 403 if ``visible`` is None),
        or None when nothing is outside the role's scope (organisation-wide roles).
    """

    visible: dict | None = None
    hidden: dict | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)


Factory = Callable[["World", Role], Case]
REGISTRY: dict[str, Factory] = {}


def register(*route_names: str):
    """Decorator: ``factory(world, role) -> Case`` for the named URL patterns."""

    def decorator(factory: Factory) -> Factory:
        for name in route_names:
            if name in REGISTRY:
                raise ValueError(
                    f"{name} is registered twice ({REGISTRY[name].__module__} and "
                    f"{factory.__module__}); keep one"
                )
            REGISTRY[name] = factory
        return factory

    return decorator


def load_registrations() -> dict[str, Factory]:
    """Import every ``tests/<folder>/object_scope.py`` so that their factories register."""
    tests_dir = Path(__file__).resolve().parent.parent
    for module in pkgutil.iter_modules([str(tests_dir)]):
        if module.ispkg and (tests_dir / module.name / "object_scope.py").exists():
            importlib.import_module(f"tests.{module.name}.object_scope")
    return REGISTRY


# --- Discovering Digit's URL patterns -----------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself when the pattern has no name
    route: str  # e.g. "people/<int:pk>/"
    kwargs: tuple[str, ...]  # names of the path parameters
    module: str  # module of the view function


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            view_class = getattr(callback, "view_class", None)
            if view_class is not None:
                module = view_class.__module__
            route = prefix + str(entry.pattern)
            converters = getattr(entry.pattern, "converters", None)
            if converters is not None and hasattr(entry.pattern, "_route"):
                names = tuple(converters)
            else:
                names = tuple(entry.pattern.regex.groupindex)
            yield Route(
                name=f"{namespace}{entry.name}" if entry.name else route,
                route=route,
                kwargs=names,
                module=module,
            )


def digit_routes() -> list[Route]:
    """Every URL pattern whose view is Digit's own code (not Django admin, not allauth)."""
    return [
        route for route in _walk(get_resolver().url_patterns) if route.module.startswith("digit.")
    ]


def takes_an_id(route: Route) -> bool:
    return any(name in {"pk", "id"} or name.endswith(("_pk", "_id")) for name in route.kwargs)


def id_routes() -> list[Route]:
    return [route for route in digit_routes() if takes_an_id(route)]


def plain_routes() -> list[Route]:
    """Routes without parameters: candidates for 'every page' checks."""
    return [route for route in digit_routes() if not route.kwargs]


# --- The world every factory works in ----------------------------------------------------------


@dataclass
class World:
    """A small organisation and one account per role.

    Library (department) → branch A, branch B; Museum (department) → exhibitions.
    The manager manages the library; the employee works in branch A; the role model in
    branch B; ``stranger`` works in the museum, outside every person-based role's scope.
    """

    units: dict
    people: dict
    actors: dict[Role, object]

    def person(self, role: Role):
        """The person behind a person-based role's account (None for granted roles)."""
        return getattr(self.actors[role], "person", None)


def build_world() -> World:
    root = make_unit("Förvaltningen", kind="administration")
    library = make_unit("Biblioteket", parent=root, kind="department")
    museum = make_unit("Museet", parent=root, kind="department")
    branch_a = make_unit("Filial A", parent=library)
    branch_b = make_unit("Filial B", parent=library)
    exhibitions = make_unit("Utställningar", parent=museum)
    manager = make_person(library, managed_units=[library])
    employee = make_person(branch_a)
    role_model = make_person(branch_b, is_role_model=True)
    stranger = make_person(exhibitions)
    actors = {
        Role.EMPLOYEE: employee.user,
        Role.MANAGER: manager.user,
        Role.ROLE_MODEL: role_model.user,
        Role.PROGRAMME_STAFF: make_account(Role.PROGRAMME_STAFF),
        Role.FINANCE: make_account(Role.FINANCE),
        Role.AUDITOR: make_account(Role.AUDITOR),
    }
    return World(
        units={
            "root": root,
            "library": library,
            "museum": museum,
            "branch_a": branch_a,
            "branch_b": branch_b,
            "exhibitions": exhibitions,
        },
        people={
            "manager": manager,
            "employee": employee,
            "role_model": role_model,
            "stranger": stranger,
        },
        actors=actors,
    )


ORGANISATION_WIDE = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


# --- People (registered here because the walker came first; move to tests/people if wanted) ---


@register("people:person_detail")
def person_detail(world: World, role: Role) -> Case:
    stranger = {"pk": world.people["stranger"].pk}
    if role in ORGANISATION_WIDE:
        return Case(visible=stranger)
    if role == Role.MANAGER:
        return Case(visible={"pk": world.people["employee"].pk}, hidden=stranger)
    return Case(visible={"pk": world.person(role).pk}, hidden=stranger)


@register("people:unit_detail")
def unit_detail(world: World, role: Role) -> Case:
    museum = {"pk": world.units["museum"].pk}
    if role in ORGANISATION_WIDE:
        return Case(visible=museum)
    if role == Role.MANAGER:
        return Case(visible={"pk": world.units["branch_a"].pk}, hidden=museum)
    return Case(hidden=museum)
