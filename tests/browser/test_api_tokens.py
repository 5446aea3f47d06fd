"""In Chromium: a finance officer makes an API token on the account page, reads the API with
it over real HTTP, and revokes it; the page passes axe-core in every state, in Swedish and
English, wide and narrow."""

import json
import urllib.error
import urllib.request

import pytest

from digit.access.roles import Role
from tests.factories import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _get(base_url, path, token):
    request = urllib.request.Request(base_url + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


@pytest.mark.parametrize(
    ("locale", "width", "words"),
    [
        ("sv-SE", 1280, {"link": "API-nycklar", "name": "Namn", "create": "Skapa nyckel",
                         "revoke": "Återkalla"}),
        ("en-GB", 320, {"link": "API tokens", "name": "Name", "create": "Create token",
                        "revoke": "Revoke"}),
    ],
)  # fmt: skip
def test_a_token_is_made_used_and_revoked(new_page, sign_in, assert_accessible, locale, width,
                                          words):  # fmt: skip
    finance = make_account(Role.FINANCE)
    page = new_page(locale=locale, width=width)
    sign_in(page, finance.email, PASSWORD)
    page.goto("/accounts/password/change/")
    page.get_by_role("link", name=words["link"]).click()
    assert_accessible(page)

    page.get_by_role("button", name=words["create"]).click()  # no name: an error
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)

    page.get_by_label(words["name"], exact=True).fill("Power BI")
    page.get_by_role("button", name=words["create"]).click()
    token = page.locator("#new-token").input_value()
    assert token.startswith("dgt_")
    assert_accessible(page)

    status, body = _get(page.base_url, "/api/programmes", token)
    assert status == 200 and body["count"] >= 1

    page.goto("/api-tokens/")  # the token is not shown again: it was in the POST's answer only
    assert page.locator("#new-token").count() == 0
    page.get_by_role("button", name=f"{words['revoke']} Power BI").click()
    assert page.locator(".message--success").is_visible()
    assert_accessible(page)
    assert _get(page.base_url, "/api/programmes", token)[0] == 401
