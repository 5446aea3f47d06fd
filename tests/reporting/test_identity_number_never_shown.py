"""The personal identity number never leaves Digit except in the two allowed places: the
finance officer's reveal in the participant register, and the statistics agency's file.

Every person of the access world gets a number and takes part in a programme; then, for
every role, a crawler opens every Digit page without parameters, every page with an id that
the object-scope registry knows (tests/<app>/object_scope.py), the goal pages and API of the
programme, and every same-site link those pages lead to (downloads included: CSV, XLSX
unzipped, JSON), and scans each response and every log record for the number in any form.
PDF text is not scanned (its glyphs are not the characters); no PDF is built from people's
identity numbers."""

import io
import logging
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from digit.access.roles import Role
from tests.access.object_scope import build_world, id_routes, load_registrations, plain_routes
from tests.factories import make_account
from tests.reporting.factories import (
    attend,
    give_number,
    number_forms,
    past_session,
    reporting_programme,
)

pytestmark = pytest.mark.django_db

MAX_PAGES_PER_ROLE = 400
PER_ROUTE = 2
# The two allowed places are checked apart (test_register.py, test_monthly_files.py): the
# reveal (a POST) and the statistics agency's monthly file (finance only, logged).
SKIP = re.compile(r"^/(accounts|admin|i18n|static)/|/reveal/|/monthly-files/\d+-\d+\.")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "hx-get") and value and value.startswith("/"):
                self.links.append(value.split("#")[0])


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def body_text(response) -> str:
    """The response as text: HTML, CSV, JSON; an XLSX's XML parts unzipped."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(
                archive.read(name).decode(errors="replace") for name in archive.namelist()
            )
    return content.decode(errors="replace")


def find_number(text: str, numbers: list[str]) -> str | None:
    for canonical in numbers:
        for form in number_forms(canonical):
            if form in text:
                return form
    return None


def start_pages(world, programme, client) -> list[str]:
    pages = ["/" + route.route for route in plain_routes()]
    pages += [
        reverse("goals:dashboard", args=[programme.slug]),
        reverse("goals:summary", args=[programme.slug]),
        reverse("goals:export_people", args=[programme.slug, "csv"]),
        reverse("goals:export_people", args=[programme.slug, "xlsx"]),
    ]
    return pages + api_pages(programme, client)


def api_pages(programme, client) -> list[str]:
    """Every GET operation of the JSON API, from its own OpenAPI description (read as a
    member of staff: other roles may not open it)."""
    staff = make_account(Role.PROGRAMME_STAFF)
    client.force_login(staff)
    schema = client.get("/api/openapi.json").json()
    known = {"slug": programme.slug, "indicator": "increased", "dimension": "gender"}
    pages = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", path)
        if all(name in known for name in names):
            pages.append(re.sub(r"{(\w+)}", lambda m: known[m.group(1)], path))
    return pages


def id_pages(world, role) -> list[str]:
    registry = load_registrations()
    pages = []
    for route in id_routes():
        factory = registry.get(route.name)
        if factory is None:
            continue
        case = factory(world, role)
        if case.method == "get" and case.visible is not None:
            pages.append(reverse(route.name, kwargs=case.visible))
    return pages


def route_of(path: str) -> str:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return path
    return f"{match.route}?{bool('?' in path)}"


def crawl(client, pages: list[str], numbers: list[str]) -> tuple[int, list[str]]:
    """Open the pages and what they link to, at most ``PER_ROUTE`` addresses of one URL
    pattern (the same view with other ids shows the same fields)."""
    seen, queue, leaks = set(), list(pages), []
    per_route: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        route = route_of(path)
        if per_route.get(route, 0) >= PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = body_text(response)
        if (form := find_number(text, numbers)) is not None:
            leaks.append(f"{path} shows {form[:4]}…")
        if "html" in response.get("Content-Type", ""):
            queue += [link for link in links_of(text) if link not in seen]
    return len(seen), leaks


def test_no_page_export_api_or_log_line_shows_an_identity_number(client, caplog):
    caplog.set_level(logging.DEBUG)
    world = build_world()
    programme = reporting_programme(world.units["root"])
    numbers = []
    for person in world.people.values():
        numbers.append(give_number(person))
        attend(person, past_session(programme, days_ago=20))
    opened = 0
    leaks = []
    for role in Role:
        with transaction.atomic():
            pages = start_pages(world, programme, client) + id_pages(world, role)
            client.force_login(world.actors[role])
            count, found = crawl(client, pages, numbers)
            opened += count
            leaks += [f"{role.value}: {leak}" for leak in found]
            transaction.set_rollback(True)
    assert not leaks, "\n".join(leaks)
    assert opened > 300  # the walk really walked
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert find_number(logged, numbers) is None


def test_the_reveal_shows_the_number_but_logs_no_line_with_it(client, caplog):
    caplog.set_level(logging.DEBUG)
    world = build_world()
    programme = reporting_programme(world.units["root"])
    person = world.people["employee"]
    canonical = give_number(person)
    attend(person, past_session(programme, days_ago=3))
    client.force_login(world.actors[Role.FINANCE])
    response = client.post(reverse("reporting:reveal", args=[programme.pk, person.pk]))
    assert find_number(response.content.decode(), [canonical]) is not None
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert find_number(logged, [canonical]) is None
