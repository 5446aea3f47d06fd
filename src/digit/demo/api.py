"""Demo step: API tokens on the finance officer's and programme staff's account pages, as a
few months of use would leave them (one in use, one revoked, one expired). Their secrets are
random and shown to nobody: to try the API, make a token on the page. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from digit.access.models import User
from digit.api.models import ApiToken
from digit.api.services import create_token
from digit.demo.accounts import GRANTED

# (name, days from today to expiry, revoked days ago or None, last used days ago or None)
TOKENS = [
    ("Power BI – målrapport till styrgruppen", 60, None, 1),
    ("Excel – närvaro per träff", 20, 3, 9),
    ("Power BI – test", -10, None, 40),
]


@transaction.atomic
def create_demo_tokens(command, options):
    today, now = timezone.localdate(), timezone.now()
    for role, email in GRANTED[:2]:  # programme staff and finance
        user = User.objects.get(email=email)
        if ApiToken.objects.filter(user=user).exists():
            continue
        for name, expires_in, revoked_ago, used_ago in TOKENS:
            token, _secret = create_token(
                user=user, name=name, expires_on=today + datetime.timedelta(days=max(expires_in, 1))
            )
            token.expires_on = today + datetime.timedelta(days=expires_in)
            token.revoked_at = now - datetime.timedelta(days=revoked_ago) if revoked_ago else None
            token.last_used_at = now - datetime.timedelta(days=used_ago) if used_ago else None
            token.save(update_fields=["expires_on", "revoked_at", "last_used_at"])
        command.stdout.write(f"api: {len(TOKENS)} API tokens on the page of {role.label}")
