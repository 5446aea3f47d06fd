"""Personal identity numbers at rest: encrypted, and found again by a keyed hash.

- ``seal`` encrypts the canonical number with Fernet (AES-128-CBC + HMAC-SHA256, from
  ``cryptography``) under the first of ``settings.IDENTITY_NUMBER_KEYS``; ``unseal`` tries
  every key in turn (``MultiFernet``), so a new key can be put first while old rows are
  re-encrypted (``digit rotate_identity_number_keys``, docs/identity-numbers.md).
- ``lookup_digest`` is HMAC-SHA256 under ``settings.IDENTITY_NUMBER_HASH_KEY``: the same
  number always gives the same digest, so an import finds a changed number and a lookup finds
  a person without decrypting anything; without the key the digest cannot be brute-forced
  from the few billion possible numbers.

Both keys live outside the database (environment or ``var/``), never beside the data.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise RuntimeError("settings.IDENTITY_NUMBER_KEYS is empty")
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.IDENTITY_NUMBER_KEYS))


def seal(canonical: str) -> str:
    """The number encrypted under the newest key (a Fernet token, ASCII)."""
    return _current().encrypt(canonical.encode()).decode()


def unseal(token: str) -> str:
    """The canonical number of a token sealed under any configured key."""
    return _current().decrypt(token.encode()).decode()


def reseal(token: str) -> str:
    """The same number encrypted under the newest key (key rotation)."""
    return _current().rotate(token.encode()).decode()


def lookup_digest(canonical: str) -> str:
    """Keyed hash of the canonical number (hex), the same every time."""
    key = settings.IDENTITY_NUMBER_HASH_KEY.encode()
    return hmac.new(key, b"identity-number:" + canonical.encode(), hashlib.sha256).hexdigest()
