"""Pseudonyms link a person's answers across waves without storing who they are.

pseudonym = HMAC-SHA256(DIGIT_PSEUDONYM_KEY, "person:<id>"). The key lives outside the database,
so a copy of the database alone cannot tell whose answers are whose.
"""

import hashlib
import hmac

from django.conf import settings


def pseudonym_for(person_id: int) -> str:
    message = f"person:{person_id}".encode()
    return hmac.new(settings.PSEUDONYM_KEY.encode(), message, hashlib.sha256).hexdigest()
