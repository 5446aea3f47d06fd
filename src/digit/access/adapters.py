import logging
from typing import Any, NoReturn

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError, AuthProcess
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import render

from digit.access.models import User
from digit.access.roles import person_of
from digit.access.sso import nonce_matches, signed_in_by_provider_just_now

logger = logging.getLogger(__name__)

ALLAUTH_SECOND_FACTOR_STAGE = "allauth.mfa.stages.AuthenticateStage"


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    """Accounts come from the HR import, not from self-service sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        # allauth's second-factor step, skipped where the provider's second factor counts.
        return [
            "digit.access.sso.SecondFactorStage" if stage == ALLAUTH_SECOND_FACTOR_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        if self.request is not None and signed_in_by_provider_just_now(self.request):
            return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]  # untyped
    """Who may sign in with a work account: a current person from the HR import, and only
    them. The first sign-in links the account through the person's e-mail from HR, which
    the provider must vouch for; later sign-ins find it by (issuer, subject). Nobody is ever
    created here."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if not nonce_matches(sociallogin):
            refuse(request, "failed")
        if sociallogin.state.get("process") != AuthProcess.LOGIN:
            refuse(request, "failed")  # accounts are linked by sign-in, not connected by hand
        existing = sociallogin.is_existing  # found by (issuer, subject)
        user = sociallogin.user if existing else self._person_account_by_email(request, sociallogin)
        person = person_of(user)
        if person is None:
            refuse(request, "unknown")
        if not user.is_active or not person.is_current:
            refuse(request, "left")
        if not existing:
            if SocialAccount.objects.filter(
                user=user, provider=sociallogin.account.provider
            ).exists():
                refuse(request, "linked")  # another identity at this provider holds it
            sociallogin.connect(request, user)

    def _person_account_by_email(self, request: HttpRequest, sociallogin: SocialLogin) -> User:
        """The account of the HR-imported person whose e-mail the provider has verified."""
        verified = [address.email for address in sociallogin.email_addresses if address.verified]
        if not verified:
            refuse(request, "unverified")
        matching = Q()
        for email in verified:
            matching |= Q(person__email__iexact=email)
        accounts = list(User.objects.filter(matching).select_related("person")[:2])
        if len(accounts) != 1:
            refuse(request, "unknown")
        return accounts[0]

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: Exception | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        """A protocol failure (state, token, issuer, audience, expiry …) or a cancel at the
        provider: Digit's own page, the cause in the log (without personal data)."""
        if error == AuthError.CANCELLED:
            refuse(request, "cancelled")
        logger.warning(
            "Work-account sign-in failed: %s %s",
            error,
            type(exception).__name__ if exception else "",
        )
        refuse(request, "failed")


# Why a work-account sign-in was refused; the page explains each one.
REFUSALS = ("unverified", "unknown", "left", "linked", "failed", "cancelled")


def refuse(request: HttpRequest, reason: str) -> NoReturn:
    """End the sign-in with Digit's refusal page (403)."""
    assert reason in REFUSALS
    logger.info("Work-account sign-in refused: %s", reason)
    raise ImmediateHttpResponse(
        render(request, "access/sso_refused.html", {"reason": reason}, status=403)
    )
