"""The account page's API tokens: made (shown once) and revoked by their owner."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.api import selectors, services
from digit.api.forms import TokenForm

# Who may hold a token (access.policy.may_hold_api_token): employees and managers get 403.
token_holders = role_required(Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


@require_http_methods(["GET", "POST"])
@token_holders
def token_list(request):
    """The caller's tokens and the form for a new one. A new token is shown in the answer
    to the POST, once: only its digest is stored."""
    form = TokenForm(request.POST or None)
    created = plaintext = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            created, plaintext = services.create_token(user=request.user, **form.cleaned_data)
            form = TokenForm()
            status = 201
        else:
            status = 400
    context = {
        "form": form,
        "tokens": selectors.tokens_of(request.user),
        "created": created,
        "plaintext": plaintext,
    }
    return render(request, "api/tokens.html", context, status=status)


@require_POST
@token_holders
def revoke(request, pk):
    token = get_object_or_404(selectors.tokens_of(request.user), pk=pk)
    services.revoke_token(token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
