"""The JSON API for BI tools (django-ninja), mounted at /api/ (docs/api.md).

Every call authenticates with a personal token (``Authorization: Bearer dgt_…``, read-only)
or the signed-in session, is rate-limited per token or account, and is checked against the
same roles and scopes as the pages: each endpoint reads through the apps' selectors, and goal
figures come from the same suppressed cells as the goals pages and downloads.

The OpenAPI documentation (/api/docs, /api/openapi.json) is for signed-in programme staff.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from digit.access.roles import Role, has_role
from digit.api import goals, learning, organisation
from digit.api.auth import CallerRateThrottle, PersonalToken


def staff_docs(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated or not has_role(request.user, Role.PROGRAMME_STAFF):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="Digit API",
    version="1",
    description=(
        "Read-only figures of the Digit programme for BI tools (Power BI, Excel). "
        "Authenticate with a personal API token from your account page: "
        "`Authorization: Bearer dgt_…`. Every answer is limited to what your role may see on "
        "the pages, and goal figures hide small groups exactly as the goals pages do "
        '(`"suppressed": true`, numbers null). Lists come in pages (`page`, `page_size`). '
        "Over the rate limit the answer is 429 with a Retry-After header."
    ),
    urls_namespace="api",
    auth=[PersonalToken(), django_auth],
    throttle=[CallerRateThrottle()],
    docs_decorator=staff_docs,
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(
        request, {"detail": "A valid API token or a signed-in session is needed."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="digit"'
    return response


api.add_router("/", organisation.router)
api.add_router("/goals", goals.router)
api.add_router("/learning", learning.router)
# Funding figures: add ``digit/api/funding.py`` with a ``router`` (roles: access.policy's
# may_read_reports; no person-level money) and mount it here as "/funding" (docs/api.md,
# "Extending the API: funding").
