"""Personal API tokens as strings (no Django): made from a high-entropy secret, stored only as
a SHA-256 digest, recognised by a short visible prefix.

A token has 256 bits from the operating system's CSPRNG, so a fast hash is enough to store
it (ASVS 11.4.2 asks for a slow hash only for low-entropy secrets such as passwords), and the
database lookup by digest needs no constant-time comparison: the digest is never compared
with a guess byte by byte in Python.
"""

import hashlib
import secrets
from typing import NamedTuple

# "dgt_" marks the string as a Digit token (secret scanners and people recognise it).
MARKER = "dgt_"
SECRET_BYTES = 32
PREFIX_LENGTH = len(MARKER) + 8  # shown on the account page to tell tokens apart


class NewToken(NamedTuple):
    """The token shown once to its owner, and what is stored of it."""

    plaintext: str
    prefix: str
    digest: str


def digest_of(plaintext: str) -> str:
    """SHA-256 of the token, hex: the only form of the secret that is stored."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def new_token() -> NewToken:
    """A fresh token: ``dgt_`` and 43 URL-safe characters (256 random bits)."""
    plaintext = MARKER + secrets.token_urlsafe(SECRET_BYTES)
    return NewToken(plaintext, plaintext[:PREFIX_LENGTH], digest_of(plaintext))


def looks_like_token(value: str) -> bool:
    """A cheap check before the database is asked: the marker and a plausible length."""
    return value.startswith(MARKER) and 40 <= len(value) <= 100
