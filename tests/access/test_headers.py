"""Security headers on every page Digit serves, signed in or not (ASVS 3.4, 14.3.2)."""

import pytest

from digit.access.roles import Role
from tests.access.object_scope import build_world, plain_routes

PAGES = sorted({"/" + route.route for route in plain_routes()} | {"/accounts/login/"})


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_secure_headers(response):
    csp = csp_directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    if response.status_code == 200 and not response.streaming and b"<html" in response.content:
        # Every page extends the base layout, whose scripts carry the nonce.
        assert any(value.startswith("'nonce-") for value in csp["script-src"])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_anonymous_responses_carry_security_headers(client, path):
    assert_secure_headers(client.get(path))


@pytest.mark.django_db
def test_every_page_for_every_role_has_headers_and_is_never_stored(client):
    world = build_world()
    checked = 0
    for role in Role:
        client.force_login(world.actors[role])
        for path in PAGES:
            response = client.get(path)
            assert_secure_headers(response)
            assert "no-store" in response["Cache-Control"], (role, path)
            checked += 1
    assert checked >= len(PAGES) * len(Role)


@pytest.mark.django_db
def test_nonce_differs_per_response_and_matches_the_script_tags(client):
    first, second = client.get("/accounts/login/"), client.get("/accounts/login/")
    nonce = next(v for v in csp_directives(first)["script-src"] if v.startswith("'nonce-"))
    assert nonce != next(v for v in csp_directives(second)["script-src"] if v.startswith("'nonce-"))
    assert f'nonce="{nonce[7:-1]}"' in first.content.decode()
    assert "<script>" not in first.content.decode()
    assert 'style="' not in first.content.decode()
