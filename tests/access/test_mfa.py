"""Programme staff enrol an authenticator app (TOTP) in Digit's layout; then sign-in asks for it.

Codes used are remembered in the shared cache (replay protection): those tests run on the file
cache and on Redis, with the clock stopped so that a code stays in its 30-second window."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture
def stopped_clock(time_machine):
    time_machine.move_to(timezone.now(), tick=False)


@pytest.mark.usefixtures("shared_cache", "stopped_clock")
def test_staff_enrol_totp_and_then_need_a_code_to_sign_in(client, staff):
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    # Changing the second factor asks for the password again (ASVS 7.5.1).
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'class="account-page"' in body and 'href="#main"' in body  # our layout
    assert "Aktivera autentiseringsapp" in body
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302  # not signed in before the second factor


@pytest.mark.usefixtures("shared_cache", "stopped_clock")
def test_a_code_signs_in_only_once(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    code = current_code(secret)
    signed_in = []
    for _ in range(2):
        client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": code})
        signed_in.append(client.get("/").status_code == 200)
        client.post(reverse("account_logout"))
    assert signed_in == [True, False]  # the second time, the code was replayed


REQUIRED = override_settings(DIGIT_MFA_REQUIRED_ROLES=["programme_staff", "finance", "auditor"])


@REQUIRED
def test_staff_without_second_factor_are_sent_to_set_it_up(client, staff, auditor, finance):
    for account in (staff, auditor, finance):
        client.force_login(account)
        for path in ("/", reverse("people:person_list"), reverse("programmes:programme_list")):
            response = client.get(path)
            assert response.status_code == 302
            assert response["Location"] == reverse("mfa_activate_totp")
        # The account pages and the language switch stay open.
        assert client.get(reverse("mfa_index")).status_code == 200
        assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302


@REQUIRED
def test_staff_with_an_authenticator_app_get_in(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    assert client.get("/").status_code == 200


@REQUIRED
def test_employees_and_managers_are_not_asked(client, organisation):
    for key in ("employee_a", "library_manager"):
        client.force_login(organisation[key].user)
        assert client.get("/").status_code == 200
