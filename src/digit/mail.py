"""Outgoing mail in background tasks: an idempotency key per message, and refusals sorted into
those worth retrying (the server or the network says "later") and lasting ones (no such
recipient).

The key becomes the message's ``Message-ID``: the same invitation, reminder or confirmation
always carries the same one, so a message sent again after a worker died between the server's
"accepted" and our commit can be recognised as the same message downstream.
"""

import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage


class TemporaryMailFailure(Exception):
    """The mail server or the network refused for now: the task is retried with backoff."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Refusal:
    permanent: bool
    reason: str  # e.g. "550 5.1.1 No such user", shown to programme staff


def message_id(key: str) -> str:
    """The Message-ID header for an idempotency key such as ``invitation-12-0``."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "digit.invalid"
    return f"<{key}@{domain}>"


def keyed(message: EmailMessage, key: str) -> EmailMessage:
    message.extra_headers["Message-ID"] = message_id(key)
    return message


def refusal_of(error: Exception) -> Refusal:
    """Sort an error raised while sending: SMTP 5xx is lasting, 4xx and network trouble pass."""
    raw: bytes | str
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, raw = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, raw = error.smtp_code, error.smtp_error
    else:
        return Refusal(False, str(error) or type(error).__name__)
    text = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
    return Refusal(500 <= code < 600, f"{code} {text}".strip())


def send_or_raise(message: EmailMessage, connection) -> Refusal | None:
    """Send one message over an open mailer connection. Returns None when it was accepted, the
    ``Refusal`` when it was refused for good; raises ``TemporaryMailFailure`` otherwise."""
    try:
        connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        refusal = refusal_of(error)
        if not refusal.permanent:
            raise TemporaryMailFailure(refusal.reason) from error
        return refusal
    return None
