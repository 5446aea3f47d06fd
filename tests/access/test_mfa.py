"""Programme staff enrol an authenticator app (TOTP) in Digit's layout; then sign-in asks for it."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_staff_enrol_totp_and_then_need_a_code_to_sign_in(client, staff):
    cache.clear()
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
