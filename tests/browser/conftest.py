"""Real Chromium (Debian's, at /usr/bin/chromium) driven by Playwright, plus axe-core.

Fixtures: ``page`` (a fresh page; ``page.base_url`` is the live server), ``new_page``
(``new_page(locale=..., width=..., storage_state=...)`` for more pages in one test),
``sign_in``, ``assert_accessible``. One browser serves the whole session. The CSP is enforced
(not bypassed): axe-core is injected through the DevTools protocol, which the CSP does not
govern, and any CSP violation a page causes fails ``assert_accessible``.
Browser tests, wherever they live, are skipped when Chromium is missing, and fail in CI
(tests/conftest.py). Reference data from the data migrations is restored before each browser
test (transactional tests flush it).
"""

import json
import os
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# WCAG 2.2 AA as well (target size, focus not obscured …); pages new since 2.2 check it.
AXE_TAGS_22 = [*AXE_TAGS, "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# One Chromium per test process, even when a test module outside tests/browser imports these
# fixtures (which makes pytest hold a second definition): two Playwright instances in one
# thread would fail ("Sync API inside the asyncio loop").
_shared: dict = {"users": 0}


@pytest.fixture(scope="session")
def browser():
    if _shared["users"] == 0:
        from playwright.sync_api import sync_playwright

        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
    _shared["users"] += 1
    yield _shared["browser"]
    _shared["users"] -= 1
    if _shared["users"] == 0:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


_data_migrations: list = []


def restore_reference_data():
    """Run Digit's data migrations again (role groups, DigComp, the default instrument, the
    seed programme): a transactional test before this one may have flushed them. They are
    idempotent, so running them on intact data changes nothing."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    if not _data_migrations:
        graph = MigrationLoader(connection, ignore_no_migrations=True).graph
        seen = set()
        for leaf in graph.leaf_nodes():
            for key in graph.forwards_plan(leaf):
                if key in seen or not apps.get_app_config(key[0]).name.startswith("digit."):
                    continue
                seen.add(key)
                for operation in graph.nodes[key].operations:
                    if isinstance(operation, RunPython):
                        _data_migrations.append(operation.code)
    for forwards in _data_migrations:
        forwards(apps, None)


@pytest.fixture(autouse=True)
def reference_data(request):
    """Browser tests are transactional: bring back the reference data before each one."""
    if request.node.get_closest_marker("django_db") is not None:
        restore_reference_data()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(locale="sv-SE", width=1280, storage_state=None): a page in its own context.

    ``page.console_errors`` collects console errors (CSP violations among them)."""
    contexts = []

    def _new_page(locale="sv-SE", width=1280, storage_state=None):
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            viewport={"width": width, "height": 900},
            storage_state=storage_state,
        )
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A Swedish page at 1280 px in a fresh context."""
    return new_page()


@pytest.fixture
def sign_in():
    """sign_in(page, email, password): sign in through the real login form."""

    def _sign_in(page, email, password):
        page.goto("/accounts/login/")
        page.get_by_label("E-post").or_(page.get_by_label("Email")).first.fill(email)
        page.get_by_label("Lösenord").or_(page.get_by_label("Password")).first.fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("networkidle")

    return _sign_in


def axe_violations(page, tags=AXE_TAGS) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    # Only violations, and only the fields we report: passing results of a long table page
    # are megabytes that would cross the DevTools protocol for nothing.
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target}))})))""",
        tags,
    )


def describe(violations) -> str:
    summary = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    return json.dumps(summary, indent=2)


def csp_violations(page) -> list[str]:
    return [text for text in page.console_errors if "Content Security Policy" in text]


@pytest.fixture
def assert_accessible():
    """assert_accessible(page, tags=AXE_TAGS): axe-core (WCAG 2.1 A/AA by default) finds no
    violation on the page, and the page has caused no CSP violation."""

    def _assert(page, tags=AXE_TAGS):
        violations = axe_violations(page, tags)
        assert not violations, f"axe violations on {page.url}:\n{describe(violations)}"
        assert not csp_violations(page), f"CSP violations on {page.url}: {csp_violations(page)}"

    return _assert
