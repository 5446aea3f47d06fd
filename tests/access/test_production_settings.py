"""The production configuration, read from a fresh process with production environment."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, make_person

SETTINGS_TO_READ = [
    "DEBUG",
    "PASSWORD_HASHERS",
    "AUTH_PASSWORD_VALIDATORS",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST",
    "SESSION_IDLE_SECONDS",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "CACHES",
    "SESSION_ABSOLUTE_SECONDS",
    "DIGIT_MFA_REQUIRED_ROLES",
    "SECURE_REDIRECT_EXEMPT",
    "LOGGING",
]


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DIGIT_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="digit.settings",
        DIGIT_HTTPS="1",
        DIGIT_SECRET_KEY=secrets.token_urlsafe(60),
        DIGIT_PSEUDONYM_KEY=secrets.token_urlsafe(60),
        DIGIT_ALLOWED_HOSTS="digit.example.se",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DIGIT_VAR_DIR=str(tmp_path_factory.mktemp("var")),
    )
    return env


@pytest.fixture(scope="module")
def production(production_env):
    """The settings as a fresh production process sees them."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {SETTINGS_TO_READ!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=production_env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_deploy_check_is_clean_at_warning_level(production_env):
    result = subprocess.run(
        [sys.executable, "-m", "digit", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_by_default(production):
    assert production["DEBUG"] is False


def test_argon2_hashes_passwords(production):
    assert production["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_sign_in_hashes_and_verifies_with_the_production_hashers(client, production):
    # The other tests hash with MD5 for speed (tests/settings.py).
    with override_settings(PASSWORD_HASHERS=production["PASSWORD_HASHERS"]):
        user = make_person().user
        assert user.password.startswith("argon2$argon2id$")
        assert check_password(PASSWORD, user.password)
        assert not check_password(PASSWORD + "!", user.password)
        # An older hash still signs in, and is replaced by an Argon2 hash on the way.
        user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$")


def test_passwords_need_15_characters_and_no_composition_rules(production):
    validators = {v["NAME"].rsplit(".", 1)[1]: v for v in production["AUTH_PASSWORD_VALIDATORS"]}
    assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] == 15
    assert "CommonPasswordValidator" in validators
    assert "NumericPasswordValidator" not in validators


def test_cookies_have_host_prefix_and_are_secure(production):
    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert production["LANGUAGE_COOKIE_NAME"].startswith("__Host-")
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["LANGUAGE_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_sessions_time_out_after_30_idle_minutes_and_12_hours(production):
    assert production["SESSION_IDLE_SECONDS"] == 30 * 60
    # The cookie outlives the idle limit by the renewal interval; the server enforces the limit.
    assert 30 * 60 < production["SESSION_COOKIE_AGE"] <= 31 * 60
    assert production["SESSION_ABSOLUTE_SECONDS"] == 12 * 3600


def test_hsts_for_a_year_and_https_redirect(production):
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_SSL_REDIRECT"] is True


def test_cache_is_shared_between_processes(production):
    # allauth's rate limits and TOTP replay protection live in the cache.
    assert production["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


@pytest.mark.django_db
def test_sign_in_sets_host_prefixed_secure_http_only_cookies(client, production):
    cookie_settings = {
        key: production[key]
        for key in SETTINGS_TO_READ
        if key.startswith(("SESSION_COOKIE", "CSRF_COOKIE", "LANGUAGE_COOKIE"))
    }
    person = make_person()
    with override_settings(**cookie_settings):
        client.get(reverse("account_login"), secure=True)
        response = client.post(
            reverse("account_login"),
            {"login": person.email, "password": PASSWORD},
            secure=True,
        )
        assert response.status_code == 302
        session = response.cookies["__Host-sessionid"]
        assert session["secure"] and session["httponly"]
        assert session["samesite"] == "Lax"
        assert session["path"] == "/"
        assert not session["domain"]
        csrf = client.cookies["__Host-csrftoken"]
        assert csrf["secure"] and csrf["path"] == "/"


def test_staff_roles_need_a_second_factor(production):
    assert set(production["DIGIT_MFA_REQUIRED_ROLES"]) == {"programme_staff", "finance", "auditor"}


@pytest.mark.django_db
def test_health_probes_over_plain_http_are_answered_not_redirected(client, production):
    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=production["SECURE_REDIRECT_EXEMPT"]
    ):
        assert client.get(reverse("web:livez")).status_code == 200
        assert client.get(reverse("web:healthz")).status_code == 200
        assert client.get(reverse("web:about")).status_code == 301  # pages go to HTTPS


def test_logs_are_plain_text_unless_json_is_asked_for(production):
    assert production["LOGGING"]["handlers"]["console"]["formatter"] == "plain"
