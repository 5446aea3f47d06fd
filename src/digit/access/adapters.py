from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    """Accounts come from the HR import, not from self-service sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
