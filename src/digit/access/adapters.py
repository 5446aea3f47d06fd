from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    """Accounts come from the HR import, not from self-service sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The failed sign-ins of an address are counted by the address alone. allauth adds
        the request's host (``get_current_site``: with its port, without the sites app), so
        ``Host: digit.example.se:443`` got five more attempts than ``digit.example.se``, and
        servers reached under different names counted apart. Overrides a private method of
        allauth 65 (tests/access/test_login_protection.py fails if it changes its name)."""
        return str(credentials.get("email", credentials.get("username", ""))).lower()
