from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from the HR import, not from self-service sign-up."""

    def is_open_for_signup(self, request):
        return False
