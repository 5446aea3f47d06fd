"""Every API operation, for every role, with a token where the role may hold one and with a
signed-in session: the roles of the pages answer 200, the others 403, nobody 401 but the
anonymous caller. An operation added without a row here fails the first test."""

import pytest
from django.test import Client

from digit.access.roles import Role
from digit.api.api import api
from tests.access.object_scope import build_world
from tests.api.factories import make_token
from tests.goals.factories import make_programme

ORGANISATION_WIDE = {Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR}
DASHBOARD = ORGANISATION_WIDE | {Role.MANAGER}
TOKEN_HOLDERS = ORGANISATION_WIDE

# Operation (as in the OpenAPI schema) → the roles that read it, as on the pages.
READERS = {
    "/api/programmes": ORGANISATION_WIDE,
    "/api/units": DASHBOARD,
    "/api/goals/programmes": DASHBOARD,
    "/api/goals/programmes/{slug}/indicators": DASHBOARD,
    "/api/goals/programmes/{slug}/breakdowns/{indicator}/{dimension}": DASHBOARD,
    "/api/goals/programmes/{slug}/trend/{indicator}": DASHBOARD,
    "/api/learning/activities": ORGANISATION_WIDE,
    "/api/learning/sessions": ORGANISATION_WIDE,
}


def _operations():
    return sorted(api.get_openapi_schema()["paths"])


def test_every_operation_has_its_readers_written_down():
    assert set(_operations()) == set(READERS)


@pytest.fixture
def world(db, settings):
    settings.DIGIT_API_RATE = "100000/m"
    world = build_world()
    world.programme = make_programme(world.units["root"], slug="walk")
    return world


def _url(operation):
    return operation.format(slug="walk", indicator="increased", dimension="gender")


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_reads_what_its_pages_show_and_nothing_else(world, role):
    session = Client()
    session.force_login(world.actors[role])
    token = make_token(world.actors[role]) if role in TOKEN_HOLDERS else None
    wrong = {}
    for operation, readers in READERS.items():
        expected = 200 if role in readers else 403
        status = session.get(_url(operation)).status_code
        if status != expected:
            wrong[f"session {operation}"] = status
        if token is not None:
            response = Client().get(_url(operation), HTTP_AUTHORIZATION=f"Bearer {token}")
            if response.status_code != expected:
                wrong[f"token {operation}"] = response.status_code
            if not _headers_kept(response):
                wrong[f"token {operation} headers"] = dict(response.headers)
    assert wrong == {}


def _headers_kept(response) -> bool:
    """JSON answers keep the headers of the pages: never cached, never sniffed, never framed."""
    return (
        response["Cache-Control"].startswith("no-store")
        and response["X-Content-Type-Options"] == "nosniff"
        and "frame-ancestors 'none'" in response["Content-Security-Policy"]
        and response["Content-Type"].startswith("application/json")
    )


def test_anonymous_callers_get_401_everywhere(world):
    statuses = {operation: Client().get(_url(operation)).status_code for operation in READERS}
    assert set(statuses.values()) == {401}


def test_the_documentation_is_for_signed_in_programme_staff_only(world):
    for role in Role:
        client = Client()
        client.force_login(world.actors[role])
        expected = 200 if role == Role.PROGRAMME_STAFF else 403
        assert client.get("/api/docs").status_code == expected, role
        assert client.get("/api/openapi.json").status_code == expected, role
    token = make_token(world.actors[Role.PROGRAMME_STAFF])
    assert Client().get("/api/openapi.json", HTTP_AUTHORIZATION=f"Bearer {token}").status_code in (
        302,
        403,
    )
