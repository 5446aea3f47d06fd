"""Every state change needs a CSRF token; auditors change nothing (ASVS 3.5.3)."""

import pytest
from django.test import Client
from django.urls import reverse

from digit.access.roles import Role
from tests.access.object_scope import build_world, digit_routes, load_registrations

REGISTRY = load_registrations()


def every_digit_url(world) -> list[str]:
    urls = []
    for route in digit_routes():
        if route.name.startswith("account_"):  # sign-in pages are checked on their own
            continue
        if not route.kwargs:
            urls.append(reverse(route.name))
        elif route.name in REGISTRY:
            case = REGISTRY[route.name](world, Role.PROGRAMME_STAFF)
            kwargs = case.visible or case.hidden
            urls.append(reverse(route.name, kwargs=kwargs))
    return urls


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused_everywhere():
    world = build_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.actors[Role.PROGRAMME_STAFF])
    urls = every_digit_url(world) + [
        reverse("set_language"),
        reverse("account_logout"),
        reverse("account_change_password"),
    ]
    accepted = {url: client.post(url, {}).status_code for url in urls}
    assert {url: status for url, status in accepted.items() if status != 403} == {}
    assert client.get("/").status_code == 200  # still signed in: the logout was refused


@pytest.mark.django_db
def test_anonymous_login_post_without_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("account_login"), {"login": "a@b.se"}).status_code == 403


@pytest.mark.django_db
def test_auditor_cannot_post_anywhere():
    world = build_world()
    client = Client()
    client.force_login(world.actors[Role.AUDITOR])
    statuses = {url: client.post(url, {}).status_code for url in every_digit_url(world)}
    assert {url: s for url, s in statuses.items() if s not in (403, 404, 405)} == {}
