import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from digit.access.roles import roles_of

SESSION_STARTED_KEY = "digit_session_started"


def mark_session_start(sender, request, user, **kwargs):
    """On sign-in: the absolute session lifetime counts from here."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = int(time.time())


class SessionLifetimeMiddleware:
    """Absolute session lifetime on top of Django's idle timeout (SESSION_COOKIE_AGE).

    The idle timeout comes from SESSION_SAVE_EVERY_REQUEST + SESSION_COOKIE_AGE; this ends a
    session a fixed time after sign-in however active it is (ASVS 7.3.2).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = int(time.time())
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """Accounts with a role in DIGIT_MFA_REQUIRED_ROLES enrol an authenticator app first.

    Until they have one, every page except the account pages (sign-out, password, two-factor
    set-up) and the language switch sends them to the set-up (ASVS 6.3.3).
    """

    OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        required = set(settings.DIGIT_MFA_REQUIRED_ROLES)
        if (
            required
            and request.user.is_authenticated
            and not request.path.startswith(self.OPEN_PREFIXES)
            and {role.value for role in roles_of(request.user)} & required
            and not Authenticator.objects.filter(user=request.user).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages for a signed-in user hold personal data: never store them in any cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        return response
