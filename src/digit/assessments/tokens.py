"""Personal invitation links: a random token, signed, of which only the SHA-256 is stored.

The link carries ``<random>:<signature>``. The signature lets us refuse a tampered or made-up
link without touching the database; the hash lets us find the invitation without storing
anything that would let a copy of the database open someone's form.
"""

import hashlib
import secrets

from django.core import signing

_SIGNER = signing.Signer(salt="digit.assessments.invitation")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(link token for the e-mail, hash to store)."""
    raw = secrets.token_urlsafe(32)
    return _SIGNER.sign(raw), hash_token(raw)


def unusable_token_hash() -> str:
    """A hash for an invitation whose link has not been sent yet: no link can match it."""
    return hash_token("unsent:" + secrets.token_urlsafe(32))


def hash_from_link(link_token: str) -> str | None:
    """The stored hash a link token maps to, or None if its signature does not hold."""
    try:
        raw = _SIGNER.unsign(link_token)
    except signing.BadSignature:
        return None
    return hash_token(raw)
