"""schemathesis against the API's own OpenAPI schema, with a token for each role that may
hold one and a session for the others: no server error, no answer outside the schema, no
status the schema does not document, and no suppressed cell published."""

import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.specs.openapi.checks import ignored_auth

from digit.access.roles import Role
from digit.api.api import api
from tests.api.factories import make_token
from tests.api.suppression_check import no_suppressed_cell_leaks
from tests.factories import make_account
from tests.goals import scenario
from tests.learning.factories import make_activity, make_session

# Per operation and role: enough to reach every parameter, short enough for `make test`. The
# examples are derived from the test's name (derandomize), so that a run of `make test` is
# repeatable; widen the search by hand with more examples and derandomize off.
EXAMPLES = 12
ROLES = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR, Role.MANAGER, Role.EMPLOYEE)


@pytest.fixture
def open_connection():
    """Served in-process, each request would close the test's database connection at its end
    (as Django does between real requests); Django's test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, settings, open_connection):
    settings.DIGIT_API_RATE = "100000/m"  # the rate limit has its own test
    city = scenario.build()
    activity = make_activity(city["programme"])
    make_session(activity)
    staff = make_account(Role.PROGRAMME_STAFF)
    world = {"city": city, "staff": staff}
    world["credentials"] = {role: _credentials(role, world) for role in ROLES}
    return world


# The schema as the code declares it (no database needed to collect the tests); the first test
# shows that /api/openapi.json serves exactly this.
DECLARED = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
schema = schemathesis.openapi.from_dict(DECLARED)
schema.app = WSGIHandler()


def test_the_served_schema_is_the_one_tested(client, staff):
    client.force_login(staff)
    assert client.get("/api/openapi.json").json() == DECLARED


def _credentials(role, world):
    """A token for the roles that may hold one; a signed-in session for the others."""
    if role in (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR):
        user = world["staff"] if role == Role.PROGRAMME_STAFF else make_account(role)
        return {"headers": {"Authorization": f"Bearer {make_token(user)}"}, "excluded_checks": []}
    person = world["city"]["manager"] if role == Role.MANAGER else world["city"]["people"]["U1"][0]
    client = Client()
    client.force_login(person.user)
    # The schema offers the token OR the session cookie: with a valid cookie, the invalid
    # token that ignored_auth sends is rightly not needed, so that check is for tokens only.
    return {
        "excluded_checks": [ignored_auth],
        "cookies": {
            django_settings.SESSION_COOKIE_NAME: client.cookies[
                django_settings.SESSION_COOKIE_NAME
            ].value
        },
    }


def _aim_at_real_data(case, world):
    """Most valid cases ask about the scenario's programme and units rather than random ones
    (invalid cases stay as generated: they must be refused)."""
    if not case.meta.generation.mode.is_positive:
        return
    city = world["city"]
    parameters = case.path_parameters or {}
    if "slug" in parameters and len(parameters["slug"]) % 4:
        parameters["slug"] = city["programme"].slug
    query = case.query or {}
    if isinstance(query.get("unit"), int) and query["unit"] % 3:
        query["unit"] = city["d1"].pk


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema_and_its_suppression(case, world):
    _aim_at_real_data(case, world)
    check = no_suppressed_cell_leaks(world["city"]["programme"])
    for credentials in world["credentials"].values():
        case.call_and_validate(additional_checks=[check], **credentials)
