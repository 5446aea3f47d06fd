"""Errors show a generic page in the layout: no traceback, no settings (ASVS 13.4.2, 16.5.1)."""

import pytest
from django.test import Client

from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.access.urls_with_error")
def test_unexpected_error_gives_generic_500_page():
    client = Client(raise_request_exception=False)
    client.force_login(make_person().user)
    response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Något gick fel" in body
    for leak in ("SECRET-DETAIL", "Traceback", "RuntimeError", "SECRET_KEY", "settings"):
        assert leak not in body
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_unknown_address_gives_404_page_in_the_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert 'href="#main"' in response.content.decode()


def test_forbidden_page_in_the_layout(client):
    client.force_login(make_person().user)
    response = client.get("/programmes/")
    assert response.status_code == 403
    assert "Du har inte behörighet" in response.content.decode()
