"""The menu: the pages grouped into areas of work, at most seven at the top, the current area
and page marked with aria-current."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_person

pytestmark = pytest.mark.django_db


def menu(html: str) -> list[tuple[str, str | None]]:
    """(label, aria-current) of each top-level link."""
    block = re.search(r'<nav aria-label="[^"]*" class="main-nav">(.*?)</nav>', html, re.S)
    assert block is not None
    links = re.findall(r'<a href="[^"]*"(?: aria-current="(\w+)")?>([^<]*)</a>', block.group(1))
    return [(label, current or None) for current, label in links]


def area_pages(html: str) -> list[tuple[str, str | None]]:
    block = re.search(r'<nav class="area-nav"[^>]*>(.*?)</nav>', html, re.S)
    if block is None:
        return []
    links = re.findall(r'<a href="[^"]*"(?: aria-current="(\w+)")?>([^<]*)</a>', block.group(1))
    return [(label, current or None) for current, label in links]


def test_programme_staff_see_areas_of_work_not_a_dozen_links(client, staff):
    client.force_login(staff)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").text
    labels = [label for label, _current in menu(html)]
    assert labels == [
        "Start",
        "Organisation",
        "Programme",
        "Measurement",
        "Learning",
        "Goals",
        "Money",
    ]
    assert len(labels) <= 7
    assert menu(html)[0] == ("Start", "page")
    assert area_pages(html) == []  # the start area has one page


def test_the_current_area_and_page_are_marked(client, staff):
    client.force_login(staff)
    html = client.get(reverse("people:import_upload"), HTTP_ACCEPT_LANGUAGE="en").text
    assert ("Organisation", "true") in menu(html)
    assert [current for _label, current in menu(html)].count(None) == len(menu(html)) - 1
    assert area_pages(html) == [
        ("People", None),
        ("Units", None),
        ("Import people", "page"),
    ]
    html = client.get(reverse("goals:summaries"), HTTP_ACCEPT_LANGUAGE="en", follow=True).text
    assert ("Goals", "true") in menu(html)  # a page below the area's first
    html = client.get(reverse("goals:index"), HTTP_ACCEPT_LANGUAGE="en").text
    assert ("Goals", "page") in menu(html)
    assert area_pages(html) == [("Goals", "page"), ("Programme results", None)]


def test_a_page_outside_the_menu_marks_its_area(client, organisation):
    client.force_login(organisation["employee_a"].user)
    html = client.get(reverse("learning:mine"), HTTP_ACCEPT_LANGUAGE="en").text
    assert ("Learning", "true") in menu(html)


def test_an_employee_sees_only_the_areas_of_their_pages(client):
    client.force_login(make_person().user)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").text
    assert [label for label, _current in menu(html)] == [
        "Start",
        "Measurement",
        "Learning",
        "Goals",
        "Money",  # their own time certificates
    ]


def test_the_menu_is_swedish_first(client, staff):
    client.force_login(staff)
    labels = [label for label, _current in menu(client.get("/").text)]
    assert labels == ["Start", "Organisation", "Program", "Mätning", "Lärande", "Mål", "Ekonomi"]
