"""Scoped reads of API tokens: a user sees and revokes only their own."""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.utils import timezone

from digit.access.roles import GRANTED_ROLES
from digit.api.models import ApiToken
from digit.api.tokens import digest_of, looks_like_token


def tokens_of(user):
    """The user's tokens, newest first (revoked and expired ones too, for the record)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def usable_token(plaintext: str) -> ApiToken | None:
    """The token with this secret if it may be used now: not revoked, not expired, and its
    owner's account active. Its ``user`` comes loaded as the session's user does
    (``access.backends``), so reading the roles costs no further query."""
    if not looks_like_token(plaintext):
        return None
    granted = Group.objects.filter(
        user=OuterRef("user_id"), name__in=[role.value for role in GRANTED_ROLES]
    )
    token = (
        ApiToken.objects.select_related("user", "user__person")
        .annotate(has_granted_groups=Exists(granted))
        .filter(
            digest=digest_of(plaintext),
            revoked_at__isnull=True,
            expires_on__gte=timezone.localdate(),
            user__is_active=True,
        )
        .first()
    )
    if token is not None:
        # As access.backends annotates the session's user: roles_of reads it.
        token.user.has_granted_groups = token.has_granted_groups  # type: ignore[attr-defined]
    return token
