"""Every state change needs a CSRF token; auditors change nothing (ASVS 3.5.3)."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from digit.access.roles import Role
from tests.access.object_scope import build_world, digit_routes, load_registrations

REGISTRY = load_registrations()


def post_everywhere(client, world, role=Role.PROGRAMME_STAFF) -> dict[str, int]:
    """POST an empty form to every Digit URL; id URLs get an object made by their factory
    (inside a savepoint that is rolled back, so factories never meet each other's objects)."""
    statuses = {}
    for route in digit_routes():
        if route.name.startswith("account_"):  # sign-in pages are checked on their own
            continue
        if route.kwargs and route.name not in REGISTRY:
            continue  # reported by test_object_scope
        with transaction.atomic():
            if route.kwargs:
                case = REGISTRY[route.name](world, role)
                url = reverse(route.name, kwargs=case.visible or case.hidden)
            else:
                url = reverse(route.name)
            statuses[url] = client.post(url, {}).status_code
            transaction.set_rollback(True)
    return statuses


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused_everywhere():
    world = build_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.actors[Role.PROGRAMME_STAFF])
    accepted = post_everywhere(client, world)
    for url in (reverse("set_language"), reverse("account_logout")):
        accepted[url] = client.post(url, {}).status_code
    accepted[reverse("account_change_password")] = client.post(
        reverse("account_change_password"), {}
    ).status_code
    assert {url: status for url, status in accepted.items() if status != 403} == {}
    assert client.get("/").status_code == 200  # still signed in: the logout was refused


@pytest.mark.django_db
def test_anonymous_login_post_without_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("account_login"), {"login": "a@b.se"}).status_code == 403


# An auditor changes none of the programme's data, but keeps their own account: the API
# tokens their BI tools read with (created and revoked on the account page).
AUDITORS_OWN_ACCOUNT = ("api_tokens:list", "api_tokens:revoke")


@pytest.mark.django_db
def test_auditor_cannot_post_anywhere():
    world = build_world()
    client = Client()
    client.force_login(world.actors[Role.AUDITOR])
    statuses = post_everywhere(client, world, Role.AUDITOR)
    changed = {
        url: s
        for url, s in statuses.items()
        if s not in (403, 404, 405) and resolve(url).view_name not in AUDITORS_OWN_ACCOUNT
    }
    assert changed == {}
