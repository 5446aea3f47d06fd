"""Who calls the API: a personal token (``Authorization: Bearer dgt_…``) or the signed-in
session, and how often they may call (per token or account, in the shared cache)."""

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from digit.access.policy import may_hold_api_token
from digit.api.models import ApiToken
from digit.api.selectors import usable_token
from digit.api.services import note_use

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class PersonalToken(HttpBearer):
    """A usable token whose owner may still hold one, for reading only. The call then acts as
    the owner: ``request.user`` is the owner, so every endpoint checks the roles and scopes
    of the pages (``access.policy`` and the apps' selectors), read at this call."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = usable_token(token)
        if found is None or request.method not in READ_METHODS:
            return None
        if not may_hold_api_token(found.user):  # e.g. a finance officer moved to another job
            return None
        request.user = found.user
        note_use(found)
        return found


class CallerRateThrottle(SimpleRateThrottle):
    """DIGIT_API_RATE calls per token (or per signed-in account without a token). Over it,
    django-ninja answers 429 with Retry-After: the seconds until the oldest call in the
    window leaves it."""

    cache_format = "digit:api:rate:%(ident)s"

    def __init__(self) -> None:
        super().__init__(rate=settings.DIGIT_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read per call, so that the setting can change without a restart of the module.
        self.num_requests, self.duration = self.parse_rate(settings.DIGIT_API_RATE)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        if isinstance(auth, ApiToken):
            return self.cache_format % {"ident": f"token:{auth.pk}"}
        if request.user.is_authenticated:
            return self.cache_format % {"ident": f"user:{request.user.pk}"}
        return None
