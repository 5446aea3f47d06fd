"""Fixtures for single sign-on: a real OpenID Connect provider process and Digit set up for it.

``oidc_provider`` (one per test session) starts ``tests/access/oidc_provider.py`` on
127.0.0.1 and a free port; ``work_account`` points Digit's settings at it for one test and
returns the provider (``.url``, ``.set_user(sub, **claims)``, ``.fault(**wrong)``,
``.log()``). ``sign_in_with_work_account(client, provider, sub)`` walks the whole flow with
Django's test client and returns the response of Digit's callback.
"""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.utils import timezone
from django.utils.csp import CSP

CLIENT_ID = "digit-test"
CLIENT_SECRET = "test-client-secret"
LOGIN_PATH = "/accounts/oidc/work/login/"


@dataclass
class Provider:
    url: str

    def set_user(self, sub: str, **claims) -> None:
        requests.put(f"{self.url}/test/users/{sub}", json=claims, timeout=5).raise_for_status()

    def fault(self, **wrong) -> None:
        """The next ID token is wrong in this way (issuer, audience, expires_in, nonce)."""
        requests.post(f"{self.url}/test/faults", json=wrong, timeout=5).raise_for_status()

    def log(self) -> dict:
        return requests.get(f"{self.url}/test/log", timeout=5).json()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Sign in as ``sub`` on the provider's form; returns where the provider sends the
        browser back (Digit's callback with a code and the state)."""
        response = requests.post(
            authorize_url, data={"sub": sub, "action": "allow"}, allow_redirects=False, timeout=5
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]


@pytest.fixture(scope="session")
def oidc_provider():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.access.oidc_provider",
            "--port",
            str(port),
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "DIGIT_TEST_NOW": timezone.now().isoformat()},  # the test's clock
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    provider = Provider(f"http://127.0.0.1:{port}")
    try:
        for _ in range(100):
            try:
                requests.get(f"{provider.url}/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("the test OpenID Connect provider did not start")
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)


def work_account_settings(issuer: str, **app_settings) -> dict:
    """SOCIALACCOUNT_PROVIDERS as settings.py builds it from the DIGIT_OIDC_* variables."""
    return {
        "openid_connect": {
            "provider_class": "digit.access.sso.WorkAccountProvider",
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "work",
                    "name": "Test IdP",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": issuer,
                        "oauth_pkce_enabled": True,
                        "verified_email": [],
                        **app_settings,
                    },
                }
            ],
        }
    }


@pytest.fixture
def work_account(settings, oidc_provider):
    settings.SOCIALACCOUNT_PROVIDERS = work_account_settings(oidc_provider.url)
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, oidc_provider.url]}
    return oidc_provider


def start_work_account_sign_in(client) -> str:
    """POST Digit's work-account button; returns the provider's authorisation URL."""
    response = client.post(LOGIN_PATH)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def sign_in_with_work_account(client, provider: Provider, sub: str):
    """The whole flow: Digit → provider (signed in as ``sub``) → Digit's callback."""
    back = provider.authorize(start_work_account_sign_in(client), sub)
    parts = urlsplit(back)
    return client.get(parts.path, parse_qs(parts.query))


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")
