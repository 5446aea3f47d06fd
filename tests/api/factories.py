import datetime

from django.utils import timezone

from digit.api.services import create_token


def make_token(user, *, name="Power BI", days=30) -> str:
    """A usable token of ``user`` (who must be allowed one); returns the plaintext."""
    expires_on = timezone.localdate() + datetime.timedelta(days=days)
    return create_token(user=user, name=name, expires_on=expires_on)[1]


def bearer(client, path, token, **params):
    """GET an API path with the token, in English."""
    return client.get(
        f"/api{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en"
    )
