"""Single sign-on through the organisation's OpenID Connect provider (docs/operations.md).

allauth's ``openid_connect`` provider does the protocol: authorisation code with PKCE, state,
and the ID token's issuer, audience and expiry. This module adds what Digit needs on top:

- a ``nonce`` in every authorisation request, checked against the ID token (OIDC Core
  §3.1.2.1, ASVS 10.5.1; allauth's generic provider sends none);
- the ID token's signature is checked always (``WorkAccountAdapter``; allauth skips it for a
  token from the token endpoint);
- the identity of an account is (issuer, subject), not the subject alone (ASVS 6.8.1);
- a sign-in whose ID token says the provider used a second factor (``amr``/``acr``) needs
  none in Digit, where the installation says so (ASVS 6.8.4).

Who may come in (linking through the HR e-mail, leavers, no sign-up) is decided in
``digit.access.adapters.SocialAccountAdapter``.
"""

import secrets
import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

from digit.access.claims import account_uid, second_factor_claimed

# The provider's id in SOCIALACCOUNT_PROVIDERS (settings.py), and so in its URLs.
PROVIDER_ID = "work"
# The session remembers that this sign-in's second factor was the provider's
# (digit.access.middleware.RequireSecondFactorMiddleware reads it).
SECOND_FACTOR_BY_PROVIDER_KEY = "digit_second_factor_by_provider"
# allauth's SocialAccount.uid column (SOCIALACCOUNT_UID_MAX_LENGTH).
UID_MAX_LENGTH = 191


class WorkAccountProvider(OpenIDConnectProvider):  # type: ignore[misc]  # allauth is untyped
    """allauth's OpenID Connect provider with a nonce and (issuer, subject) identities."""

    package = "allauth.socialaccount.providers.openid_connect"  # its URLs and templates

    def redirect(
        self,
        request: HttpRequest,
        process: str,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce  # after the request's own parameters: it cannot be set
        # The nonce goes into allauth's state, kept in the session until the callback.
        response: HttpResponse = super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
        return response

    def extract_uid(self, data: dict[str, Any]) -> str:
        id_token = data.get("id_token")
        if not isinstance(id_token, dict) or not id_token.get("sub"):
            raise ProviderException("The provider sent no ID token.")
        issuer = str(id_token.get("iss", ""))
        if issuer.rstrip("/") != self.app.settings["server_url"].rstrip("/"):
            # allauth compares `iss` with the issuer of the discovery document; this makes
            # sure that document belongs to the issuer the installation configured.
            raise ProviderException("The ID token is from another issuer.")
        userinfo = data.get("userinfo")
        if userinfo and userinfo.get("sub") != id_token["sub"]:
            raise ProviderException("The user info is about someone else.")  # OIDC Core 5.3.2
        uid = account_uid(issuer, str(id_token["sub"]))
        if len(uid) > UID_MAX_LENGTH:
            raise ProviderException("The subject identifier is too long.")
        return uid


class WorkAccountAdapter(OpenIDConnectOAuth2Adapter):  # type: ignore[misc]  # untyped
    """allauth's OpenID Connect exchange, checking the ID token's signature always.

    allauth skips the signature of an ID token that came straight from the token endpoint
    (OpenID Connect Core §3.1.3.7 allows it over TLS); Digit checks it against the provider's
    published keys all the same (ASVS 6.8.2), so a forged token is refused even where TLS
    or the token endpoint were not what they seem.
    """

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        claims: dict[str, Any] = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        return claims


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponseBase:
    """The provider's redirect back to Digit: allauth's callback with WorkAccountAdapter."""
    try:
        view = OAuth2CallbackView.adapter_view(WorkAccountAdapter(request, provider_id))
        response: HttpResponseBase = view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    return response


def nonce_matches(sociallogin: SocialLogin) -> bool:
    """The ID token carries the nonce that this browser's authorisation request sent."""
    expected = (sociallogin.state or {}).get("nonce")
    received = (sociallogin.account.extra_data.get("id_token") or {}).get("nonce")
    if not isinstance(expected, str) or not isinstance(received, str):
        return False
    return secrets.compare_digest(expected, received)


def second_factor_by_provider(sociallogin: object) -> bool:
    """This sign-in went through the provider, the installation trusts the provider's second
    factor, and the ID token says one was used."""
    if not settings.DIGIT_OIDC_PROVIDER_ENFORCES_MFA or not isinstance(sociallogin, SocialLogin):
        return False
    claims = sociallogin.account.extra_data.get("id_token") or {}
    return second_factor_claimed(claims, settings.DIGIT_OIDC_MFA_ACR_VALUES)


class SecondFactorStage(AuthenticateStage):  # type: ignore[misc]  # allauth is untyped
    """allauth's second-factor step, skipped when the provider's second factor counts."""

    def _should_handle(self, request: HttpRequest) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if second_factor_by_provider(sociallogin):
            return False
        return bool(super()._should_handle(request))


def signed_in_by_provider_just_now(request: HttpRequest) -> bool:
    """The provider authenticated this user within allauth's reauthentication window: that
    counts as reauthentication (ASVS 7.5.1), the only kind an account without a password
    (every HR-imported one) has before it enrols an authenticator."""
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    return bool(records) and (
        records[-1].get("method") == "socialaccount"
        and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
    )


def remember_second_factor(
    sender: object, request: HttpRequest, user: object, **kwargs: Any
) -> None:
    """On every sign-in (allauth's ``user_logged_in``): note whether the provider's second
    factor stands for Digit's in this session. A password sign-in clears it."""
    request.session[SECOND_FACTOR_BY_PROVIDER_KEY] = second_factor_by_provider(
        kwargs.get("sociallogin")
    )
