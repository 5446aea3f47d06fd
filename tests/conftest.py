import contextlib
import email
import email.policy
import os
import socket
from pathlib import Path

import pytest

from digit.access.roles import Role
from tests.factories import make_account, make_person, make_unit

pytest_plugins = ["tests.clock", "tests.shared_cache", "tests.oidc"]

CHROMIUM = os.environ.get("DIGIT_CHROMIUM", "/usr/bin/chromium")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """A test that drives Chromium (it uses the ``browser`` fixture, wherever it lives) is a
    browser test: ``-m "not browser"`` leaves it out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """One rule for every browser test: without Chromium it is skipped, and in CI it fails."""
    if item.get_closest_marker("browser") is None or Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium is required in CI and missing at {CHROMIUM}", pytrace=False)
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with empty caches: figures cached by a test that was rolled back, under
    a primary key that the database hands out again, must not answer the next test."""
    from django.core.cache import caches

    from digit.goals import indicators

    for cache in caches.all():
        cache.clear()
    indicators.forget_figures()  # the per-process copy of the figures


@pytest.fixture
def organisation(db):
    """A small tree: administration → two departments → three units, a few people each."""
    root = make_unit("Förvaltningen", kind="administration", code="ROOT")
    library = make_unit("Biblioteket", parent=root, kind="department", code="LIB")
    museum = make_unit("Museet", parent=root, kind="department", code="MUS")
    branch_a = make_unit("Filial A", parent=library, code="LIB-A")
    branch_b = make_unit("Filial B", parent=library, code="LIB-B")
    exhibitions = make_unit("Utställningar", parent=museum, code="MUS-X")
    people = {
        "library_manager": make_person(library, managed_units=[library]),
        "museum_manager": make_person(exhibitions, managed_units=[museum]),
        "employee_a": make_person(branch_a),
        "employee_b": make_person(branch_b, gender="man"),
        "employee_museum": make_person(exhibitions),
    }
    return {
        "root": root,
        "library": library,
        "museum": museum,
        "branch_a": branch_a,
        "branch_b": branch_b,
        "exhibitions": exhibitions,
        **people,
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` does what follows a committed request: its commit callbacks run,
    then a worker runs the tasks it enqueued. Here the worker is in-process, on the test's own
    connection (``django_ox.testing.run_tasks``), over the real database queue."""
    from django_ox.testing import run_tasks

    @contextlib.contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_tasks()

    return block


@pytest.fixture
def staff(db):
    return make_account(Role.PROGRAMME_STAFF)


@pytest.fixture
def auditor(db):
    return make_account(Role.AUDITOR)


@pytest.fixture
def finance(db):
    return make_account(Role.FINANCE)


class _SMTPInbox:
    """What the test SMTP server received: ``messages`` (email.message.EmailMessage)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port; Django's default mailer
    points at it for the test. Returns an object whose ``messages`` lists what arrived."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _SMTPInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    inbox.port = port
    try:
        yield inbox
    finally:
        controller.stop()
