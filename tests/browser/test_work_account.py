"""Signing in with a work account in Chromium, through the real test provider process:
the sign-in page, the provider's form, back to Digit; the refusal page. axe-core checks WCAG
2.2 AA on Digit's pages in Swedish and English, at 1280 and 320 px."""

import pytest
from allauth.socialaccount.models import SocialAccount

from tests.browser.conftest import AXE_TAGS_22
from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_at_provider(page, sub: str) -> None:
    page.get_by_label("Subject").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state("networkidle")


def test_employee_signs_in_with_the_work_account(page, work_account, assert_accessible):
    person = make_person(email="anna.berg@example.org")
    work_account.set_user("sub-anna", email="anna.berg@example.org", email_verified=True)

    page.goto("/accounts/login/")
    assert_accessible(page, tags=AXE_TAGS_22)
    button = page.get_by_role("button", name="Logga in med ditt jobbkonto")
    password_field = page.get_by_label("Lösenord")
    # The work account comes first: the button precedes the password field on the page.
    assert button.bounding_box()["y"] < password_field.bounding_box()["y"]
    button.click()
    assert page.url.startswith(work_account.url)  # the CSP let the form go to the provider

    sign_in_at_provider(page, "sub-anna")

    assert page.locator("h1").inner_text().startswith("Välkommen")
    assert SocialAccount.objects.filter(user=person.user).exists()
    sent = work_account.log()["authorize"][-1]
    assert sent["code_challenge_method"] == "S256" and sent["nonce"] and sent["state"]


@pytest.mark.parametrize(("locale", "width"), [("sv-SE", 1280), ("en-GB", 320)])
def test_sign_in_page_with_the_work_account_is_accessible(
    new_page, work_account, assert_accessible, locale, width
):
    page = new_page(locale=locale, width=width)
    page.goto("/accounts/login/")
    assert (
        page.get_by_role("button", name="Logga in med ditt jobbkonto")
        .or_(page.get_by_role("button", name="Sign in with your work account"))
        .is_visible()
    )
    assert_accessible(page, tags=AXE_TAGS_22)


@pytest.mark.parametrize(("locale", "width"), [("sv-SE", 1280), ("en-GB", 320)])
def test_a_stranger_is_refused_on_an_accessible_page(
    new_page, work_account, assert_accessible, locale, width
):
    work_account.set_user("sub-stranger", email="stranger@example.org", email_verified=True)
    page = new_page(locale=locale, width=width)
    page.goto("/accounts/login/")  # in the browser's language (Accept-Language)
    page.locator("form.work-account button").click()

    sign_in_at_provider(page, "sub-stranger")

    heading = page.locator("h1").inner_text()
    assert heading in (
        "Inloggningen med ditt jobbkonto nekades",
        "Sign-in with your work account refused",
    )
    assert_accessible(page, tags=AXE_TAGS_22)
    page.get_by_role("link", name="Tillbaka till inloggningen").or_(
        page.get_by_role("link", name="Back to sign-in")
    ).click()
    assert "/accounts/login/" in page.url


def test_the_continue_page_is_accessible(page, work_account, assert_accessible):
    """A GET of the button's address (a bookmark) shows a page that continues with a POST."""
    page.goto("/accounts/oidc/work/login/")
    assert_accessible(page, tags=AXE_TAGS_22)
    page.get_by_role("button", name="Fortsätt").click()
    assert page.url.startswith(work_account.url)


def test_sso_only_sign_in_page_is_accessible(page, settings, work_account, assert_accessible):
    settings.DIGIT_SSO_ONLY = True
    page.goto("/accounts/login/")
    assert page.get_by_label("Lösenord").count() == 0
    assert_accessible(page, tags=AXE_TAGS_22)
