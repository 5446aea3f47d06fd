import time
from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from digit.access.roles import roles_of
from digit.access.sso import SECOND_FACTOR_BY_PROVIDER_KEY

SESSION_STARTED_KEY = "digit_session_started"
LAST_SEEN_KEY = "digit_last_seen"


def mark_session_start(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """On sign-in: the absolute session lifetime counts from here."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[LAST_SEEN_KEY] = now  # so that the next page view writes nothing


# The idle clock is written at most this often, so that ordinary page views do not each
# write the session row (one write per minute per user instead of one per request).
LAST_SEEN_RESOLUTION = 60


class SessionLifetimeMiddleware:
    """Idle and absolute session timeouts (ASVS 7.3.1, 7.3.2), enforced on the server.

    Idle: a session unused for SESSION_IDLE_SECONDS ends. Absolute: a session ends
    SESSION_ABSOLUTE_SECONDS after sign-in however active it is. The cookie and the stored
    session expire a little after the idle limit (SESSION_COOKIE_AGE), as a second line.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            started = session.setdefault(SESSION_STARTED_KEY, now)
            last_seen = session.get(LAST_SEEN_KEY, now)
            if (
                now - started > settings.SESSION_ABSOLUTE_SECONDS
                or now - last_seen > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
                return redirect(settings.LOGIN_URL)
            if LAST_SEEN_KEY not in session or now - last_seen >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_KEY] = now  # marks the session modified: saved, cookie renewed
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """Accounts with a role in DIGIT_MFA_REQUIRED_ROLES enrol an authenticator app first.

    Until they have one, every page except the account pages (sign-out, password, two-factor
    set-up) and the language switch sends them to the set-up (ASVS 6.3.3). A session signed
    in through the work account, with the provider's second factor (digit.access.sso), has
    had its second factor.
    """

    OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        required = set(settings.DIGIT_MFA_REQUIRED_ROLES)
        if (
            required
            and request.user.is_authenticated
            and not request.path.startswith(self.OPEN_PREFIXES)
            and not request.session.get(SECOND_FACTOR_BY_PROVIDER_KEY)
            and {role.value for role in roles_of(request.user)} & required
            and not Authenticator.objects.filter(user=request.user).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages for a signed-in user hold personal data: never store them in any cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        return response
