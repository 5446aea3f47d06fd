"""IDOR walker: for every Digit URL that takes an id, each role gets 404 outside its scope.

Patterns are found in the URL resolver, so a new page is covered the day it is added, and
this test fails until its app registers an object factory (tests/<app>/object_scope.py).
"""

import pytest
from django.db import transaction
from django.urls import reverse

from digit.access.roles import Role
from tests.access.object_scope import build_world, id_routes, load_registrations

REGISTRY = load_registrations()
ROUTES = {route.name: route for route in id_routes()}


def test_every_route_with_an_id_has_an_object_factory():
    missing = sorted(set(ROUTES) - set(REGISTRY))
    assert not missing, (
        "URL patterns without an object factory (register one in "
        f"tests/<app>/object_scope.py, see docs/development.md): {missing}"
    )


def test_no_factory_is_registered_for_a_route_that_does_not_exist():
    assert not sorted(set(REGISTRY) - set(ROUTES))


def test_the_walker_finds_the_known_routes():
    assert {"people:person_detail", "programmes:programme_edit"} <= set(ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(ROUTES) & set(REGISTRY)))
def test_each_role_opens_only_objects_in_its_scope(name, client):
    world = build_world()
    factory = REGISTRY[name]
    failures = []
    for role in Role:
        with transaction.atomic():  # each role's objects are rolled back after its checks
            failures += check_role(client, name, factory, world, role)
            transaction.set_rollback(True)
    assert not failures, f"{name}:\n" + "\n".join(failures)


def check_role(client, name, factory, world, role) -> list[str]:
    """Open the role's own object (200) and one outside its scope (404, or 403 if gated)."""
    failures = []
    case = factory(world, role)
    client.force_login(world.actors[role])
    send = getattr(client, case.method)
    if case.visible is not None:
        status = send(reverse(name, kwargs=case.visible), case.data).status_code
        if status not in ((200,) if case.method == "get" else (200, 302, 303)):
            failures.append(f"{role.value}: own object {case.visible} gave {status}")
    if case.hidden is not None:
        status = send(reverse(name, kwargs=case.hidden), case.data).status_code
        allowed = (404,) if case.visible is not None else (403, 404)
        if status not in allowed:
            failures.append(
                f"{role.value}: object outside scope {case.hidden} gave {status}, "
                f"expected {' or '.join(map(str, allowed))}"
            )
    if case.visible is None and case.hidden is None:
        failures.append(f"{role.value}: the factory checks nothing")
    client.logout()
    return failures
