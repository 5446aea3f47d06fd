"""Exchanging a personal invitation link for a signed-in session.

The link is single-use: the first successful exchange marks it used and signs the person in
(creating or enabling their account when needed). A used link still works for the person who
is already signed in, so a second click simply continues the form.
"""

import enum

from django.contrib.auth import login
from django.db import transaction
from django.utils import timezone

from digit.access.models import User
from digit.access.roles import GRANTED_ROLES
from digit.assessments.models import Invitation
from digit.assessments.tokens import hash_from_link

MODEL_BACKEND = "digit.access.backends.PersonModelBackend"


class Outcome(enum.Enum):
    SIGNED_IN = "signed_in"
    INVALID = "invalid"  # tampered, made up or replaced by a newer link
    USED = "used"
    OTHER_USER = "other_user"
    CLOSED = "closed"
    # Accounts with staff rights sign in with password and MFA instead.
    NEEDS_PASSWORD = "needs_password"  # noqa: S105 (an outcome name, not a password)


def exchange_link(request, link_token: str) -> tuple[Outcome, Invitation | None]:
    """Validate the link and, when it may be used, sign its person in."""
    token_hash = hash_from_link(link_token)
    if token_hash is None:
        return Outcome.INVALID, None
    invitation = (
        Invitation.objects.select_related("wave", "person__user")
        .filter(token_hash=token_hash)
        .first()
    )
    if invitation is None or not invitation.person.is_current:
        return Outcome.INVALID, None
    person = invitation.person
    if not invitation.wave.is_open():
        return Outcome.CLOSED, invitation
    if request.user.is_authenticated:
        if person.user_id != request.user.pk:
            return Outcome.OTHER_USER, None
        if invitation.used_at is None:
            Invitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now())
        return Outcome.SIGNED_IN, invitation
    if invitation.used_at is not None:
        return Outcome.USED, invitation
    account = (
        person.user or User.objects.filter(email__iexact=person.email, person__isnull=True).first()
    )
    if (
        account is not None
        and account.groups.filter(name__in=[role.value for role in GRANTED_ROLES]).exists()
    ):
        return Outcome.NEEDS_PASSWORD, invitation
    # One transaction for the claim, the account and the new session (one commit, not four).
    with transaction.atomic():
        # Two clicks at once: only the first one gets the session.
        claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not claimed:
            return Outcome.USED, invitation
        user = _account_for(person, account)
        login(request, user, backend=MODEL_BACKEND)
    return Outcome.SIGNED_IN, invitation


def _account_for(person, account: User | None) -> User:
    """The person's account, created (without a password) or enabled when needed."""
    user = account  # the person's own account, or a free one with their address
    if user is None:
        user = User.objects.create_user(person.email)
    if person.user is None:
        person.user = user
        person.save(update_fields=["user"])
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user
