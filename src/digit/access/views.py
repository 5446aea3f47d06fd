from http import HTTPStatus
from typing import Any

from allauth.account.views import LoginView as AllauthLoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import Form
from django.http import HttpResponse


class LoginView(AllauthLoginView):  # type: ignore[misc]  # allauth has no type information
    """allauth's login, answering 429 when failed attempts for the address or IP are used up.

    allauth reports the failed-login limit as a form error with status 200; a 429 tells
    clients and monitoring what happened (ASVS 2.4.1, 6.3.1). The page still explains it.
    """

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
