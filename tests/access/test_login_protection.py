"""Brute force: failed sign-ins are limited per address (429), the admin signs in via allauth.

The counts live in the shared cache: those tests run on the file cache and on Redis."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD, make_account, make_person

pytestmark = pytest.mark.django_db
in_the_shared_cache = pytest.mark.usefixtures("shared_cache")


def attempt(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@in_the_shared_cache
def test_sixth_wrong_password_within_five_minutes_gets_429(client):
    person = make_person()
    for _ in range(5):
        assert attempt(client, person.email, "wrong password, wrong!").status_code == 200
    response = attempt(client, person.email, "wrong password, wrong!")
    assert response.status_code == 429
    # Even the right password is refused until the window has passed.
    assert attempt(client, person.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


@in_the_shared_cache
def test_limit_is_kept_in_the_shared_cache(client):
    person = make_person()
    for _ in range(5):
        attempt(client, person.email, "wrong password, wrong!")
    assert attempt(client, person.email, PASSWORD).status_code == 429
    cache.clear()  # as when the window has passed
    assert attempt(client, person.email, PASSWORD).status_code == 302


@in_the_shared_cache
def test_a_successful_sign_in_does_not_reset_the_count_for_attackers(client):
    person = make_person()
    for _ in range(4):
        attempt(client, person.email, "wrong password, wrong!")
    assert attempt(client, person.email, PASSWORD).status_code == 302  # the owner gets in
    client.post(reverse("account_logout"))
    # The four failures still count: one more, and the address is closed.
    assert attempt(client, person.email, "wrong password, wrong!").status_code == 200
    assert attempt(client, person.email, PASSWORD).status_code == 429


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_is_closed_to_programme_staff_without_django_staff_flag(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)


def test_passwords_shorter_than_15_characters_are_refused():
    user = make_account()
    with pytest.raises(ValidationError):
        validate_password("kort-lösen-12", user)
    validate_password("en lång mening som lösenord", user)
    validate_password("x9" * 40, user)  # 80 characters are accepted


def test_common_passwords_are_refused():
    with pytest.raises(ValidationError):
        validate_password("1q2w3e4r5t6y7u8i9o0p")


@in_the_shared_cache
def test_another_host_or_port_gets_no_more_attempts(client):
    person = make_person()
    hosts = ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:443", "127.0.0.1:1"]
    for host in hosts:  # five failures, each under another name of the server
        response = client.post(
            reverse("account_login"),
            {"login": person.email.upper(), "password": "wrong password, wrong!"},
            HTTP_HOST=host,
        )
        assert response.status_code == 200
    assert attempt(client, person.email, PASSWORD).status_code == 429
