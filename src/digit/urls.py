from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from digit.access import sso
from digit.access.views import LoginView, not_offered
from digit.api.api import api
from digit.assessments.urls import urlpatterns as assessment_patterns
from digit.web.profile_urls import urlpatterns as profile_patterns

# The admin signs in through allauth, so its login has the same rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    # Before allauth's own URLs so that this view answers (429 on too many failed sign-ins).
    path("accounts/login/", LoginView.as_view(), name="account_login"),
    re_path(r"^accounts/3rdparty/", not_offered, name="third_party_accounts"),
    # Before allauth's own: the callback that also checks the ID token's signature.
    path(
        f"accounts/oidc/{sso.PROVIDER_ID}/login/callback/",
        sso.callback,
        {"provider_id": sso.PROVIDER_ID},
        name="openid_connect_callback",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("digit.web.urls")),
    path("people/", include("digit.people.urls")),
    path("programmes/", include("digit.programmes.urls")),
    path("competences/", include("digit.competences.urls")),
    # The profile pages compose assessments and learning (web/profile_urls.py) but keep their
    # place and names in the assessments namespace.
    path("assessments/", include((assessment_patterns + profile_patterns, "assessments"))),
    path("learning/", include("digit.learning.urls")),
    path("goals/", include("digit.goals.urls")),
    path("reporting/", include("digit.reporting.urls")),
    path("privacy/", include("digit.privacy.urls")),
    path("api/", api.urls),
    path("api-tokens/", include("digit.api.urls")),
]

handler403 = "digit.web.views.forbidden"
handler404 = "digit.web.views.not_found"
handler500 = "digit.web.views.server_error"
