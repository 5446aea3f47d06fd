"""The personal invitation link: looked at (GET) without any change, exchanged (POST) for a
signed-in session.

Mail scanners and link previews open every link in a message; they only GET, so a GET changes
nothing and shows a page with a button. The link stays valid until the person has submitted,
the wave closes, or a newer link (a reminder) replaces it, so a second device can continue with
the same link. It never signs in an account with staff rights.
"""

import enum
import hashlib
from dataclasses import dataclass

from django.contrib.auth import login
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from digit.access.models import User
from digit.access.roles import GRANTED_ROLES
from digit.assessments.models import Invitation
from digit.assessments.tokens import hash_from_link

MODEL_BACKEND = "digit.access.backends.PersonModelBackend"

# (requests, seconds) per link: a person needs a handful, not dozens. Not per address: a whole
# administration may reach us from one address, and a link cannot be guessed (it is signed).
LINK_REQUESTS_PER_LINK = (30, 60 * 60)


class Outcome(enum.Enum):
    VALID = "valid"  # the landing page; a POST would sign the person in
    SIGNED_IN = "signed_in"
    SUBMITTED = "submitted"  # the person has submitted: nothing more to do with the link
    INVALID = "invalid"  # tampered, made up or replaced by a newer link
    OTHER_USER = "other_user"
    CLOSED = "closed"
    # Accounts with staff rights sign in with password and MFA instead.
    NEEDS_PASSWORD = "needs_password"  # noqa: S105 (an outcome name, not a password)


@dataclass
class LinkCheck:
    outcome: Outcome
    invitation: Invitation | None = None
    account: User | None = None


def inspect_link(request, link_token: str) -> LinkCheck:
    """What the link would do for this request; changes nothing."""
    token_hash = hash_from_link(link_token)
    if token_hash is None:
        return LinkCheck(Outcome.INVALID)
    invitation = (
        Invitation.objects.select_related("wave", "person__user")
        .filter(token_hash=token_hash)
        .first()
    )
    if invitation is None or not invitation.person.is_current:
        return LinkCheck(Outcome.INVALID)
    person = invitation.person
    signed_in = request.user.is_authenticated
    if signed_in and person.user_id != request.user.pk:
        return LinkCheck(Outcome.OTHER_USER)
    if invitation.completed:
        return LinkCheck(Outcome.SUBMITTED, invitation)
    if not invitation.wave.is_open():
        return LinkCheck(Outcome.CLOSED, invitation)
    if signed_in:  # already this person's session (with whatever factor they signed in)
        return LinkCheck(Outcome.VALID, invitation, request.user)
    account = (
        person.user or User.objects.filter(email__iexact=person.email, person__isnull=True).first()
    )
    if (
        account is not None
        and account.groups.filter(name__in=[role.value for role in GRANTED_ROLES]).exists()
    ):
        return LinkCheck(Outcome.NEEDS_PASSWORD, invitation)
    return LinkCheck(Outcome.VALID, invitation, account)


def exchange_link(request, link_token: str) -> LinkCheck:
    """Check the link again and, when it is valid, sign its person in (POST only)."""
    check = inspect_link(request, link_token)
    if check.outcome is not Outcome.VALID:
        return check
    invitation = check.invitation
    assert invitation is not None  # a valid link always has its invitation
    # One transaction for the first-use stamp, the account and the new session.
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not request.user.is_authenticated:
            user = _account_for(invitation.person, check.account)
            login(request, user, backend=MODEL_BACKEND)
    return LinkCheck(Outcome.SIGNED_IN, invitation)


def over_limit(link_token: str) -> bool:
    """Count this request against the link (in the shared cache); True once it is used up."""
    key = "digit:link:" + hashlib.sha256(link_token.encode()).hexdigest()
    limit, seconds = LINK_REQUESTS_PER_LINK
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr: this is the first request again
        cache.add(key, 1, seconds)
        return False


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
