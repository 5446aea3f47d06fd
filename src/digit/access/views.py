from http import HTTPStatus
from typing import Any

from allauth.account.views import LoginView as AllauthLoginView
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed


def not_offered(request: HttpRequest) -> HttpResponse:
    """allauth's pages to connect, disconnect or sign up with a third-party account: Digit
    links a work account by signing in with it (digit.access.adapters), never by hand."""
    raise Http404


def work_account_provider(request: HttpRequest) -> Any:
    """The organisation's OpenID Connect provider, None when the installation has none."""
    providers = get_social_adapter(request).list_providers(request)
    return next((p for p in providers if p.id == "openid_connect"), None)


class LoginView(AllauthLoginView):  # type: ignore[misc]  # allauth has no type information
    """allauth's login, answering 429 when failed attempts for the address or IP are used up.

    allauth reports the failed-login limit as a form error with status 200; a 429 tells
    clients and monitoring what happened (ASVS 2.4.1, 6.3.1). The page still explains it.
    The work account (single sign-on) comes first on the page; with DIGIT_SSO_ONLY it is the
    only way in, and a password is not even accepted.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.work_account = work_account_provider(request)
        self.sso_only = settings.DIGIT_SSO_ONLY and self.work_account is not None
        if self.sso_only and request.method == "POST":
            return HttpResponseNotAllowed(["GET"])
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["work_account"] = self.work_account
        if self.work_account is not None:
            context["work_account_url"] = self.work_account.get_login_url(self.request)
        context["sso_only"] = self.sso_only
        return context

    def get_form(self, form_class: type[Form] | None = None) -> Any:
        form = super().get_form(form_class)
        # allauth puts a "forgot your password?" link into the help text between label and
        # field; the page has that link below the form instead.
        form.fields["password"].help_text = ""
        return form

    def form_invalid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="too_many_login_attempts"):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response
