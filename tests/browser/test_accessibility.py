"""axe-core finds nothing on any page, for every role, in Swedish and English, wide and narrow.

Pages are discovered, not listed: every parameterless Digit route from the URL resolver plus
every id route through the object-scope registry (tests/access/object_scope.py). A page is
opened in the browser when the role gets a full HTML page for it; each is checked at 1280 px
and at 320 px (where it must also reflow without sideways scrolling, WCAG 1.4.10).
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from digit.access.roles import Role
from tests.access.object_scope import build_world, id_routes, load_registrations, plain_routes
from tests.browser.conftest import (
    AXE_BEST_PRACTICE_TAGS,
    axe_violations,
    csp_violations,
    describe,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGISTRY = load_registrations()
LOCALES = {"sv": "sv-SE", "en": "en-GB"}
# allauth pages in our layout that every signed-in user can reach.
ACCOUNT_PAGES = [
    "account_change_password",
    "mfa_index",
    "usersessions_list",
    "account_logout",
    "account_reauthenticate",
]
ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accessibility/",
    "/about/",
    "/no-such-page/",
]


def pages_for(role: Role, world) -> tuple[list[str], list[str]]:
    """Addresses of every full HTML page this role may open, and the server errors met."""
    candidates = [
        reverse(r.name)
        for r in plain_routes()
        if not r.name.startswith("account_") and reverse(r.name) not in ANONYMOUS_PAGES
    ]
    errors = []
    for route in id_routes():
        if route.name in REGISTRY:
            try:
                with transaction.atomic():
                    case = REGISTRY[route.name](world, role)
            except Exception as error:  # noqa: BLE001 (reported with the page problems)
                errors.append(f"{route.name}: object factory failed: {error!r}")
                continue
            if case.visible is not None and case.method == "get":
                candidates.append(reverse(route.name, kwargs=case.visible))
    candidates += [reverse(name) for name in ACCOUNT_PAGES]
    if role == Role.PROGRAMME_STAFF:
        candidates.append(reverse("mfa_activate_totp"))
    client = Client(raise_request_exception=False)
    client.force_login(world.actors[role])
    pages = []
    for url in candidates:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url}: server error {response.status_code}")
        elif response.streaming:  # a download (FileResponse), not a page
            response.close()
        elif response.status_code == 200 and b"<html" in response.content[:200]:
            pages.append(url)
    return pages, errors


def check_page(page, url) -> list[str]:
    """Problems on one page at 1280 px and at 320 px (empty when all is well)."""
    problems = []
    page.console_errors.clear()
    response = page.goto(url)
    if response.status not in (200, 404):
        return [f"{url}: status {response.status}"]
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        violations = axe_violations(page)
        if violations:
            problems.append(f"{url} at {width} px:\n{describe(violations)}")
        if width == 320:
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 1:
                problems.append(f"{url} at 320 px scrolls sideways by {overflow} px")
    if csp_violations(page):
        problems.append(f"{url}: CSP violations {csp_violations(page)}")
    return problems


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_every_page_of_the_role_is_accessible(role, new_page, sign_in):
    world = build_world()
    pages, problems = pages_for(role, world)
    assert "/" in pages
    first = new_page(locale=LOCALES["sv"])
    sign_in(first, world.actors[role].email, PASSWORD)
    state = first.context.storage_state()
    for language, locale in LOCALES.items():
        page = first if language == "sv" else new_page(locale=locale, storage_state=state)
        for url in pages:
            problems += check_page(page, url)
        assert page.locator("html").get_attribute("lang") == language
    assert not problems, "\n".join(problems)


def test_pages_before_sign_in_are_accessible(new_page):
    problems = []
    for language, locale in LOCALES.items():
        page = new_page(locale=locale)
        for url in ANONYMOUS_PAGES:
            problems += check_page(page, url)
        assert page.locator("html").get_attribute("lang") == language
    assert not problems, "\n".join(problems)


def test_form_with_errors_is_accessible(new_page, sign_in):
    """The error summary and per-field errors, on the programme form."""
    world = build_world()
    page = new_page()
    sign_in(page, world.actors[Role.PROGRAMME_STAFF].email, PASSWORD)
    page.goto(reverse("programmes:programme_create"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".error-summary").count() >= 1
    assert not check_page_in_place(page)


def check_page_in_place(page) -> list[str]:
    violations = axe_violations(page)
    return [describe(violations)] if violations else []


def test_skip_link_comes_first_and_moves_focus_to_main(new_page, sign_in):
    world = build_world()
    page = new_page()
    sign_in(page, world.actors[Role.EMPLOYEE].email, PASSWORD)
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " text: document.activeElement.textContent.trim(),"
        " outline: getComputedStyle(document.activeElement).outlineStyle,"
        " left: document.activeElement.getBoundingClientRect().left})"
    )
    assert focused["cls"] == "skip-link"
    assert focused["text"] == "Hoppa till huvudinnehållet"
    assert focused["outline"] != "none"  # focus is visible
    assert focused["left"] >= 0  # and on screen
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_focus_is_visible_on_every_control_of_the_header(new_page, sign_in):
    world = build_world()
    page = new_page()
    sign_in(page, world.actors[Role.PROGRAMME_STAFF].email, PASSWORD)
    page.goto("/")
    seen = 0
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return {tag: document.activeElement.tagName, outline: s.outlineStyle,"
            " width: parseFloat(s.outlineWidth)}; }"
        )
        if style["tag"] == "BODY":
            break
        assert style["outline"] != "none" and style["width"] >= 2, style
        seen += 1
    assert seen >= 5


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_main_pages_of_the_role_follow_axe_best_practices(role, new_page, sign_in):
    """The start page, every page the menu leads to and the account page: besides WCAG 2.2 AA,
    none of axe's best-practice findings (heading order, unique landmarks, ...)."""
    world = build_world()
    page = new_page()
    sign_in(page, world.actors[role].email, PASSWORD)
    page.goto("/")
    menu = page.locator("header nav a").evaluate_all("links => links.map(a => a.pathname)")
    problems = []
    for url in dict.fromkeys(["/", *menu, reverse("account_change_password")]):
        page.goto(url)
        violations = axe_violations(page, AXE_BEST_PRACTICE_TAGS)
        if violations:
            problems.append(f"{url}:\n{describe(violations)}")
    assert len(menu) >= 3
    assert not problems, "\n".join(problems)
