"""The single sign-on settings are checked at start (`digit check`)."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from digit.access.checks import check_work_account_provider
from tests.oidc import work_account_settings


def ids(settings_value, settings) -> list[str]:
    settings.SOCIALACCOUNT_PROVIDERS = settings_value
    return [message.id for message in check_work_account_provider(None)]


def test_no_provider_is_fine(settings):
    assert ids({"openid_connect": {"APPS": []}}, settings) == []


def test_an_https_issuer_with_credentials_is_fine(settings):
    assert ids(work_account_settings("https://login.example.org/tenant/v2.0"), settings) == []


def test_a_plain_http_issuer_is_refused_unless_on_this_machine(settings):
    assert ids(work_account_settings("http://idp.example.org"), settings) == ["digit.access.E001"]
    assert ids(work_account_settings("http://127.0.0.1:9400"), settings) == []


def test_an_issuer_without_client_credentials_is_refused(settings):
    value = work_account_settings("https://login.example.org/tenant/v2.0")
    value["openid_connect"]["APPS"][0]["secret"] = ""
    assert ids(value, settings) == ["digit.access.E002"]


def test_digit_check_fails_on_it(settings):
    settings.SOCIALACCOUNT_PROVIDERS = work_account_settings("http://idp.example.org")
    try:
        call_command("check", "--tag", "security")
    except SystemCheckError as error:
        assert "digit.access.E001" in str(error)
    else:
        raise AssertionError("digit check passed with a plain-HTTP issuer")
