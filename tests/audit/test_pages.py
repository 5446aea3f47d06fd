"""The audit page (auditors: search by person, actor, kind and date; CSV) and the list on
"My data" of who has seen the signed-in person's data."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from digit.audit import services as audit
from digit.audit.models import Entry, Kind
from tests.factories import make_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(organisation, staff):
    """Staff looked at two people's profiles; one of them a week ago. A sign-in in between."""
    a, b = organisation["employee_a"], organisation["employee_b"]
    week_ago = timezone.now() - datetime.timedelta(days=7)
    with time_machine.travel(week_ago, tick=False):
        audit.record(
            Kind.PROFILE_VIEWED, actor=staff, object_type="profile", subject_person_id=a.pk
        )
    audit.record(Kind.SIGNED_IN, actor=staff)
    audit.record(Kind.PROFILE_VIEWED, actor=staff, object_type="profile", subject_person_id=b.pk)
    return {"a": a, "b": b, "week_ago": week_ago}


def search(client, **params):
    response = client.get(reverse("web:audit_trail"), params)
    assert response.status_code == 200
    return [(entry.kind, entry.subject_person_id) for entry, _name in response.context["rows"]]


def test_auditor_searches_by_person_actor_kind_and_date(client, auditor, staff, trail):
    a, b = trail["a"], trail["b"]
    client.force_login(auditor)
    assert len(search(client, kind=Kind.PROFILE_VIEWED)) == 2
    assert search(client, person=a.last_name) == [(Kind.PROFILE_VIEWED, a.pk)]
    assert search(client, person=b.employee_number) == [(Kind.PROFILE_VIEWED, b.pk)]
    assert search(client, actor=staff.email.split("@")[0], kind=Kind.SIGNED_IN) == [
        (Kind.SIGNED_IN, None)
    ]
    today = timezone.localdate()
    assert search(client, start=today.isoformat(), kind=Kind.PROFILE_VIEWED) == [
        (Kind.PROFILE_VIEWED, b.pk)
    ]
    last_week = timezone.localtime(trail["week_ago"]).date().isoformat()
    assert search(client, start=last_week, end=last_week) == [(Kind.PROFILE_VIEWED, a.pk)]
    html = client.get(reverse("web:audit_trail"), {"person": a.last_name}).content.decode()
    assert a.first_name in html and "Kompetensprofil visad" in html


def test_the_page_is_paginated(client, auditor, staff):
    Entry.objects.bulk_create(Entry(kind=Kind.SIGNED_OUT, actor=staff) for _ in range(60))
    client.force_login(auditor)
    first = client.get(reverse("web:audit_trail"), {"kind": Kind.SIGNED_OUT})
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(reverse("web:audit_trail"), {"kind": Kind.SIGNED_OUT, "page": 2})
    assert len(second.context["rows"]) == 10


def test_an_end_before_the_start_is_a_form_error(client, auditor, trail):
    client.force_login(auditor)
    response = client.get(reverse("web:audit_trail"), {"start": "2030-01-02", "end": "2030-01-01"})
    assert response.context["form"].errors["end"]
    assert response.context["rows"] == []


def test_csv_export_holds_the_selection_and_is_itself_audited(client, auditor, trail):
    a = trail["a"]
    client.force_login(auditor)
    response = client.get(reverse("web:audit_trail_export"), {"person": a.last_name})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[0] == "När" and len(rows) == 1
    assert rows[0][5] == str(a.pk) and a.last_name in rows[0][6]
    [export] = Entry.objects.filter(kind=Kind.EXPORTED)
    assert export.actor == auditor and export.object_type == "audit_trail"


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.FINANCE])
def test_other_granted_roles_are_refused(client, role, trail):
    client.force_login(make_account(role))
    assert client.get(reverse("web:audit_trail")).status_code == 403
    assert client.get(reverse("web:audit_trail_export")).status_code == 403


def test_employees_and_managers_are_refused(client, organisation, trail):
    for key in ("employee_a", "library_manager"):
        client.force_login(organisation[key].user)
        assert client.get(reverse("web:audit_trail")).status_code == 403
        assert client.get(reverse("web:audit_trail_export")).status_code == 403


def test_a_person_sees_who_has_seen_their_data_and_nothing_about_others(
    client, organisation, staff, trail
):
    a = trail["a"]
    client.force_login(a.user)
    response = client.get(reverse("web:my_data"))
    assert response.status_code == 200
    shown = list(response.context["page"])
    assert [(e.kind, e.subject_person_id, e.actor) for e in shown] == [
        (Kind.PROFILE_VIEWED, a.pk, staff)
    ]
    assert staff.email in response.content.decode()


def test_my_data_is_for_people_only(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("web:my_data")).status_code == 403
