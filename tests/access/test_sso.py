"""Single sign-on with a work account, end to end against a real OpenID Connect provider
process (tests/access/oidc_provider.py) on 127.0.0.1: who gets in, how accounts are linked,
and every way the provider's answer must be refused."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django.utils import timezone

from digit.access.models import User
from digit.people.services import deactivate_accounts
from tests.factories import make_account, make_person
from tests.oidc import (
    LOGIN_PATH,
    sign_in_with_work_account,
    signed_in_user_id,
    start_work_account_sign_in,
)

pytestmark = pytest.mark.django_db

WORK_BUTTON_SV = "Logga in med ditt jobbkonto"


def refused(response, reason_text: str) -> bool:
    return response.status_code == 403 and reason_text in response.content.decode()


# --- The sign-in page ----------------------------------------------------------------------


def test_without_a_provider_there_is_no_work_account_button(client):
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    assert WORK_BUTTON_SV not in page.content.decode()
    assert 'name="password"' in page.content.decode()
    assert client.post(LOGIN_PATH).status_code == 404


def test_sign_in_page_offers_the_work_account_first_then_the_password(client, work_account):
    body = client.get(reverse("account_login")).content.decode()
    assert WORK_BUTTON_SV in body and "Test IdP" in body
    assert body.index(WORK_BUTTON_SV) < body.index('name="password"')
    english = client.get(reverse("account_login"), headers={"accept-language": "en"})
    assert "Sign in with your work account" in english.content.decode()


def test_sso_only_shows_the_button_alone_and_refuses_passwords(client, settings, work_account):
    settings.DIGIT_SSO_ONLY = True
    person = make_person()
    body = client.get(reverse("account_login")).content.decode()
    assert WORK_BUTTON_SV in body and 'name="password"' not in body
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": "irrelevant"}
    )
    assert response.status_code == 405
    assert signed_in_user_id(client) is None


# --- Linking and finding accounts ----------------------------------------------------------


def test_first_sign_in_links_through_the_verified_hr_email(client, work_account):
    person = make_person(email="karin.lind@example.org")
    work_account.set_user("sub-karin", email="Karin.Lind@Example.org", email_verified=True)
    accounts_before = User.objects.count()

    response = sign_in_with_work_account(client, work_account, "sub-karin")

    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert signed_in_user_id(client) == str(person.user_id)
    assert client.get(reverse("web:home")).status_code == 200
    link = SocialAccount.objects.get(user=person.user)
    assert link.provider == "work" and link.uid == f"{work_account.url}#sub-karin"
    assert User.objects.count() == accounts_before  # linked, nothing created


def test_sign_in_gives_a_new_session_id(client, work_account):
    """ASVS 7.2.4: the session id before the sign-in is not the one after it."""
    make_person(email="rotate@example.org")
    work_account.set_user("sub-rotate", email="rotate@example.org", email_verified=True)
    authorize_url = start_work_account_sign_in(client)  # stores the state: a session exists
    before = client.cookies["sessionid"].value
    back = work_account.authorize(authorize_url, "sub-rotate")
    client.get(urlsplit(back).path, parse_qs(urlsplit(back).query))
    assert signed_in_user_id(client) is not None
    assert client.cookies["sessionid"].value != before


def test_later_sign_ins_find_the_account_by_issuer_and_subject(client, work_account):
    person = make_person(email="olle@example.org")
    work_account.set_user("sub-olle", email="olle@example.org", email_verified=True)
    sign_in_with_work_account(client, work_account, "sub-olle")
    client.post(reverse("account_logout"))
    # The provider now says another, unverified address: the link holds, not the e-mail.
    work_account.set_user("sub-olle", email="o.new@example.org", email_verified=False)

    response = sign_in_with_work_account(client, work_account, "sub-olle")

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(person.user_id)


def test_a_subject_from_another_issuer_is_another_identity(client, work_account):
    """The same subject at another issuer does not match the stored (issuer, subject)."""
    person = make_person(email="eva@example.org")
    SocialAccount.objects.create(
        user=person.user, provider="work", uid="https://other-idp.example#sub-eva"
    )
    work_account.set_user("sub-eva", email="eva@example.org", email_verified=True)

    response = sign_in_with_work_account(client, work_account, "sub-eva")

    assert refused(response, "redan kopplat till ett annat jobbkonto")
    assert signed_in_user_id(client) is None


def test_unknown_email_is_refused_and_no_account_is_created(client, work_account):
    make_person(email="known@example.org")
    work_account.set_user("sub-x", email="stranger@example.org", email_verified=True)
    accounts_before = User.objects.count()

    response = sign_in_with_work_account(client, work_account, "sub-x")

    assert refused(response, "Ingen i Digit har e-postadressen")
    assert signed_in_user_id(client) is None
    assert User.objects.count() == accounts_before
    assert not SocialAccount.objects.exists()


def test_english_refusal_page(client, work_account):
    work_account.set_user("sub-y", email="nobody@example.org", email_verified=True)
    client.post(reverse("set_language"), {"language": "en"})
    response = sign_in_with_work_account(client, work_account, "sub-y")
    assert refused(response, "Nobody in Digit has the e-mail address of your work account")


def test_unverified_email_is_refused(client, work_account):
    person = make_person(email="pia@example.org")
    work_account.set_user("sub-pia", email="pia@example.org", email_verified=False)

    response = sign_in_with_work_account(client, work_account, "sub-pia")

    assert refused(response, "gav inte Digit en verifierad e-postadress")
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.filter(user=person.user).exists()


def test_trusted_email_domain_counts_as_verified(client, settings, work_account):
    """Entra ID sends no `email_verified`: an installation names the domains it owns."""
    from tests.oidc import work_account_settings

    settings.SOCIALACCOUNT_PROVIDERS = work_account_settings(
        work_account.url, verified_email=["example.org"]
    )
    person = make_person(email="tor@example.org")
    work_account.set_user("sub-tor", email="tor@example.org")  # no email_verified claim

    sign_in_with_work_account(client, work_account, "sub-tor")

    assert signed_in_user_id(client) == str(person.user_id)


def test_local_account_with_the_same_email_is_not_taken_over(client, work_account):
    """A staff account that no HR person owns is never reached through the provider's
    e-mail (ASVS 6.8.1)."""
    make_account(email="admin@example.org")
    work_account.set_user("sub-admin", email="admin@example.org", email_verified=True)

    response = sign_in_with_work_account(client, work_account, "sub-admin")

    assert refused(response, "Ingen i Digit har e-postadressen")
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("already_linked", [False, True])
def test_leavers_cannot_sign_in_even_when_the_provider_accepts_them(
    client, work_account, already_linked
):
    person = make_person(email="leaver@example.org")
    work_account.set_user("sub-leaver", email="leaver@example.org", email_verified=True)
    if already_linked:
        sign_in_with_work_account(client, work_account, "sub-leaver")
        assert signed_in_user_id(client) == str(person.user_id)
    # What the HR import does to a leaver: marked left, account closed, sessions ended.
    person.left_on = timezone.localdate()
    person.save(update_fields=["left_on"])
    deactivate_accounts([person.user_id])

    response = sign_in_with_work_account(client, work_account, "sub-leaver")

    assert refused(response, "din anställning upphört")
    assert signed_in_user_id(client) is None


def test_employment_ended_is_a_leaver_too(client, work_account):
    person = make_person(
        email="ended@example.org", employment_end=timezone.localdate() - timezone.timedelta(1)
    )
    work_account.set_user("sub-ended", email=person.email, email_verified=True)
    response = sign_in_with_work_account(client, work_account, "sub-ended")
    assert refused(response, "din anställning upphört")


# --- The protocol: PKCE, state, nonce, and the ID token's issuer, audience and expiry --------


def test_authorisation_request_carries_pkce_state_and_nonce(client, work_account):
    make_person(email="lo@example.org")
    work_account.set_user("sub-lo", email="lo@example.org", email_verified=True)
    authorize_url = start_work_account_sign_in(client)
    sent = {key: values[0] for key, values in parse_qs(urlsplit(authorize_url).query).items()}
    assert sent["code_challenge_method"] == "S256" and len(sent["code_challenge"]) >= 43
    assert len(sent["state"]) >= 12 and len(sent["nonce"]) >= 32
    assert set(sent["scope"].split()) == {"openid", "profile", "email"}

    back = work_account.authorize(authorize_url, "sub-lo")
    client.get(urlsplit(back).path, parse_qs(urlsplit(back).query))

    exchange = work_account.log()["token"][-1]
    assert exchange["code_verifier"]  # the provider checked it against the challenge
    assert signed_in_user_id(client) is not None


def test_a_callback_with_another_state_is_refused(client, work_account):
    make_person(email="state@example.org")
    work_account.set_user("sub-state", email="state@example.org", email_verified=True)
    back = work_account.authorize(start_work_account_sign_in(client), "sub-state")
    query = parse_qs(urlsplit(back).query)
    query["state"] = ["forged-state"]

    response = client.get(urlsplit(back).path, query)

    assert refused(response, "kunde inte kontrollera svaret")
    assert signed_in_user_id(client) is None


def test_a_code_from_another_browser_is_refused(client, django_user_model, work_account):
    """Login CSRF / code injection: a victim's browser never started this sign-in."""
    from django.test import Client

    make_person(email="attacker@example.org")
    work_account.set_user("sub-attacker", email="attacker@example.org", email_verified=True)
    back = work_account.authorize(start_work_account_sign_in(client), "sub-attacker")
    victim = Client()

    response = victim.get(urlsplit(back).path, parse_qs(urlsplit(back).query))

    assert response.status_code == 403
    assert signed_in_user_id(victim) is None


@pytest.mark.parametrize(
    "wrong",
    [
        {"issuer": "http://127.0.0.1:1/evil"},
        {"audience": "another-client"},
        {"expires_in": -60},
        {"nonce": "a-nonce-this-browser-never-sent"},
        {"forged_signature": True},
    ],
    ids=["wrong-issuer", "wrong-audience", "expired", "wrong-nonce", "forged-signature"],
)
def test_a_wrong_id_token_is_refused(client, work_account, wrong):
    person = make_person(email="token@example.org")
    work_account.set_user("sub-token", email="token@example.org", email_verified=True)
    work_account.fault(**wrong)

    response = sign_in_with_work_account(client, work_account, "sub-token")

    assert refused(response, "kunde inte kontrollera svaret")
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.filter(user=person.user).exists()


def test_cancel_at_the_provider_shows_the_refusal_page(client, work_account):
    import requests

    authorize_url = start_work_account_sign_in(client)
    denied = requests.post(
        authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5
    ).headers["Location"]
    response = client.get(urlsplit(denied).path, parse_qs(urlsplit(denied).query))
    assert refused(response, "Du avbröt inloggningen")


def test_work_accounts_are_not_connected_or_disconnected_by_hand(client, work_account):
    """Linking happens at sign-in only: allauth's connections and sign-up pages are gone."""
    person = make_person()
    client.force_login(person.user)
    for path in ("/accounts/3rdparty/", "/accounts/3rdparty/signup/", "/accounts/social/signup/"):
        response = client.get(path, follow=True)
        assert response.status_code == 404, path


def test_connecting_a_work_account_while_signed_in_is_refused(client, work_account):
    """allauth's "connect" process would attach the provider's identity to whoever is signed
    in; Digit links by sign-in only."""
    signed_in = make_person(email="signed.in@example.org")
    make_person(email="other@example.org")
    work_account.set_user("sub-other", email="other@example.org", email_verified=True)
    client.force_login(signed_in.user)

    authorize_url = client.post(f"{LOGIN_PATH}?process=connect")["Location"]
    back = work_account.authorize(authorize_url, "sub-other")
    response = client.get(urlsplit(back).path, parse_qs(urlsplit(back).query))

    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_the_redirect_to_the_provider_needs_the_csrf_token(work_account):
    """The button is a POST with Django's CSRF token (ASVS 3.5.3); GET only shows a page."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(LOGIN_PATH).status_code == 403
    page = client.get(LOGIN_PATH)
    assert page.status_code == 200 and "Logga in med ditt jobbkonto" in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = client.post(LOGIN_PATH, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"].startswith(work_account.url)
