"""The menu by keyboard and on a phone: every area and page reachable with Tab, followed with
Enter, marked with aria-current, and nothing scrolls sideways at 320 px."""

import pytest
from django.urls import reverse

from digit.access.roles import Role
from tests.access.object_scope import build_world
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_until(page, text: str, limit: int = 40) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return True
    return False


@pytest.mark.parametrize("width", [320, 1280])
def test_the_menu_works_by_keyboard_at_each_width(width, new_page, sign_in, assert_accessible):
    world = build_world()
    page = new_page(width=width)
    sign_in(page, world.actors[Role.PROGRAMME_STAFF].email, PASSWORD)
    page.goto(reverse("people:import_upload"))
    header = page.locator("nav.main-nav a")
    assert header.count() <= 7
    assert page.locator("nav.main-nav a[aria-current]").all_inner_texts() == ["Organisation"]
    assert page.locator("nav.area-nav a[aria-current=page]").all_inner_texts() == [
        "Importera personer"
    ]
    overflow = page.evaluate("document.documentElement.scrollWidth") - width
    assert overflow <= 1, f"scrolls sideways by {overflow} px"
    assert_accessible(page)

    page.goto("/")
    assert tab_until(page, "Mätning")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("assessments:wave_list"))
    assert page.locator("nav.main-nav a[aria-current=page]").inner_text() == "Mätning"
    assert tab_until(page, "Kompetenser")  # the area's pages come next, before the content
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The list of frameworks opens the only one: a page below "Competences", marked "true".
    assert reverse("competences:framework_list") in page.url
    assert page.locator("nav.area-nav a[aria-current]").inner_text() == "Kompetenser"
    assert page.locator("nav.main-nav a[aria-current=true]").inner_text() == "Mätning"
    assert_accessible(page)
