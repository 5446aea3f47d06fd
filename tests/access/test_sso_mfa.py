"""Staff roles need a second factor with a work account too, unless the installation declares
that the provider enforces one and this sign-in's ID token says it was used (amr/acr)."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from tests.factories import make_person
from tests.oidc import sign_in_with_work_account, signed_in_user_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    settings.DIGIT_MFA_REQUIRED_ROLES = ["programme_staff", "finance", "auditor"]


MFA = {"amr": ["pwd", "mfa"]}
PASSWORD_ONLY = {"amr": ["pwd"]}


@pytest.fixture
def staff_person(work_account):
    person = make_person(email="projekt@example.org")
    person.user.groups.add(Group.objects.get_or_create(name=Role.PROGRAMME_STAFF.value)[0])
    return person


def sign_in(client, provider, **claims):
    provider.set_user("sub-staff", email="projekt@example.org", email_verified=True, **claims)
    return sign_in_with_work_account(client, provider, "sub-staff")


def is_sent_to_set_up_second_factor(client) -> bool:
    response = client.get(reverse("web:home"))
    return response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_without_the_setting_the_providers_mfa_claim_is_not_enough(
    client, staff_person, work_account
):
    sign_in(client, work_account, **MFA)
    assert signed_in_user_id(client) == str(staff_person.user_id)
    assert is_sent_to_set_up_second_factor(client)


@override_settings(DIGIT_OIDC_PROVIDER_ENFORCES_MFA=True)
def test_with_the_setting_an_amr_mfa_sign_in_needs_no_second_factor_in_digit(
    client, staff_person, work_account
):
    sign_in(client, work_account, **MFA)
    assert client.get(reverse("web:home")).status_code == 200


@override_settings(DIGIT_OIDC_PROVIDER_ENFORCES_MFA=True)
def test_with_the_setting_a_sign_in_without_the_claim_still_needs_one(
    client, staff_person, work_account
):
    sign_in(client, work_account, **PASSWORD_ONLY)
    assert is_sent_to_set_up_second_factor(client)


@override_settings(
    DIGIT_OIDC_PROVIDER_ENFORCES_MFA=True, DIGIT_OIDC_MFA_ACR_VALUES=["urn:example:mfa"]
)
@pytest.mark.parametrize(
    ("acr", "skipped"), [("urn:example:mfa", True), ("urn:example:pwd", False)]
)
def test_an_accepted_acr_counts_as_the_providers_second_factor(
    client, staff_person, work_account, acr, skipped
):
    sign_in(client, work_account, acr=acr)
    assert is_sent_to_set_up_second_factor(client) is not skipped


@override_settings(DIGIT_OIDC_PROVIDER_ENFORCES_MFA=True)
@pytest.mark.parametrize(("claims", "asked"), [(MFA, False), (PASSWORD_ONLY, True)])
def test_an_enrolled_authenticator_is_asked_for_only_without_the_claim(
    client, staff_person, work_account, claims, asked
):
    TOTP.activate(staff_person.user, generate_totp_secret())

    response = sign_in(client, work_account, **claims)

    if asked:
        assert response["Location"] == reverse("mfa_authenticate")
        assert signed_in_user_id(client) is None  # not before the code
    else:
        assert response["Location"] == reverse("web:home")
        assert client.get(reverse("web:home")).status_code == 200


@override_settings(DIGIT_OIDC_PROVIDER_ENFORCES_MFA=True)
def test_the_skip_is_for_work_account_sign_ins_only(client, staff_person, work_account):
    """The same person signing in with a password still needs Digit's second factor."""
    from tests.factories import PASSWORD

    sign_in(client, work_account, **MFA)
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": staff_person.email, "password": PASSWORD})
    assert signed_in_user_id(client) == str(staff_person.user_id)
    assert is_sent_to_set_up_second_factor(client)


def test_staff_signed_in_by_work_account_can_set_up_the_authenticator(
    client, staff_person, work_account, time_machine
):
    """Setting up an authenticator asks for a fresh sign-in (ASVS 7.5.1); an account from the
    HR import has no password, so a work-account sign-in a moment ago is that sign-in."""
    staff_person.user.set_unusable_password()
    staff_person.user.save()
    sign_in(client, work_account, **PASSWORD_ONLY)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200

    # Past allauth's reauthentication window (5 minutes), within the session's idle limit.
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6))
    # No password, no authenticator: nothing to reauthenticate with but a new sign-in.
    assert client.get(reverse("mfa_activate_totp")).status_code == 403
    assert not Authenticator.objects.filter(user=staff_person.user).exists()
