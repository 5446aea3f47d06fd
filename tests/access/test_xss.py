"""User text is rendered inert: HTML in names from HR comes out escaped (ASVS 1.2.1)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from digit.access.roles import Role
from tests.access.object_scope import build_world
from tests.factories import make_person

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_a_name_is_escaped_on_people_pages_and_start_page(client, payload):
    world = build_world()
    victim = make_person(world.units["branch_a"], first_name=payload, last_name=f"X{payload}")
    pages = [
        (Role.PROGRAMME_STAFF, reverse("people:person_list")),
        (Role.PROGRAMME_STAFF, reverse("people:person_list") + "?q=X"),
        (Role.PROGRAMME_STAFF, reverse("people:person_detail", args=[victim.pk])),
        (Role.MANAGER, reverse("people:person_list")),
    ]
    for role, url in [*pages, (None, "/")]:
        client.force_login(world.actors[role] if role else victim.user)
        body = client.get(url).content.decode()
        # The name is on the page, as text: escaped where it holds markup.
        assert escape(f"X{payload}") in body, url
        if "<" in payload:
            assert payload not in body, url
        for dangerous in ("<script>alert", "<img src=x", "<svg/onload"):
            assert dangerous not in body, url
