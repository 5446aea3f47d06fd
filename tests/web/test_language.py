"""Swedish by default, English on request through the switch in the header."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_login_page_is_swedish_by_default(client):
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="sv">' in body
    assert "Logga in i Digit" in body
    assert "Hoppa till huvudinnehållet" in body


def test_language_switch_turns_the_interface_english_and_back(client, organisation):
    client.force_login(organisation["employee_a"].user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Welcome," in body
    assert "På svenska" in body
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "Välkommen" in client.get("/").content.decode()


def test_switch_does_not_redirect_to_another_site(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"


def test_allauth_pages_are_swedish(client, organisation):
    client.force_login(organisation["employee_a"].user)
    body = client.get("/accounts/logout/").content.decode()
    assert "Är du säker att du vill logga ut?" in body
    body = client.get("/accounts/password/reset/").content.decode()
    assert "lösenord" in body.lower()


def test_login_page_links_to_password_reset_once(client):
    body = client.get("/accounts/login/").content.decode()
    assert body.count("Glömt lösenordet?") == 1
    assert "aria-describedby" not in body.split('id="id_password"')[0].rsplit("<input", 1)[1]
