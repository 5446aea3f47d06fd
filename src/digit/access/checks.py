"""System checks of the single sign-on settings (`digit check`, and at every start)."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@register(Tags.security)
def check_work_account_provider(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A configured provider needs its client credentials, and TLS: the client secret, the
    code and the tokens travel to and from it."""
    providers: dict[str, Any] = settings.SOCIALACCOUNT_PROVIDERS
    apps: list[dict[str, Any]] = providers.get("openid_connect", {}).get("APPS", [])
    errors: list[CheckMessage] = []
    for app in apps:
        issuer = urlsplit(app["settings"]["server_url"])
        if issuer.scheme != "https" and issuer.hostname not in LOOPBACK_HOSTS:
            errors.append(
                Error(
                    "DIGIT_OIDC_ISSUER must be an https:// URL.",
                    hint="Plain HTTP is accepted for a provider on this machine only (tests).",
                    id="digit.access.E001",
                )
            )
        if not app["client_id"] or not app["secret"]:
            errors.append(
                Error(
                    "DIGIT_OIDC_ISSUER is set without DIGIT_OIDC_CLIENT_ID and "
                    "DIGIT_OIDC_CLIENT_SECRET.",
                    id="digit.access.E002",
                )
            )
    return errors
