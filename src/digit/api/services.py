"""Writes of API tokens: made for their owner (shown once), revoked by their owner."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from digit.access.policy import may_hold_api_token
from digit.api.models import ApiToken
from digit.api.tokens import new_token


def create_token(*, user, name: str, expires_on: datetime.date) -> tuple[ApiToken, str]:
    """A new read-only token for ``user``: the stored row and the plaintext to show once."""
    if not may_hold_api_token(user):
        raise PermissionDenied
    token = new_token()
    row = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token.prefix,
        digest=token.digest,
        scope=ApiToken.Scope.READ,
        expires_on=expires_on,
    )
    return row, token.plaintext


def revoke_token(token: ApiToken) -> None:
    """Revoked at once and for good (revoking twice keeps the first time)."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


# The last use is written at most this often, so that a BI refresh of many pages does not
# write the token row on every call.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def note_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
