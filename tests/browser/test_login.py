import pytest

from tests.factories import PASSWORD, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employee_signs_in_and_sees_start_page(page, sign_in, assert_accessible):
    person = make_person()
    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_in(page, person.email, PASSWORD)
    assert page.locator("h1").inner_text().startswith("Välkommen")
    assert_accessible(page)
