"""The audit trail: what is recorded, with who, when, from where and the request id; and that
entries can only be added."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from digit.access.backends import PersonModelBackend
from digit.access.roles import Role
from digit.assessments.instruments import freeze_instrument
from digit.audit import services as audit
from digit.audit.models import AppendOnly, Entry, Kind
from digit.learning.services import enrol
from digit.people.services import import_units
from tests.assessments.conftest import baseline_and_follow_up, make_instrument
from tests.factories import PASSWORD, make_account, make_person
from tests.learning.factories import make_activity, make_programme, make_session
from tests.people.files import csv_bytes

pytestmark = pytest.mark.django_db

REQUEST_ID = "req-0123456789abcdef"


def entries(kind):
    return list(Entry.objects.filter(kind=kind).order_by("id"))


def test_staff_viewing_a_profile_records_who_whose_ip_and_request_id(client, staff, organisation):
    person = organisation["employee_a"]
    baseline_and_follow_up([person] + [make_person(organisation["branch_a"]) for _ in range(5)])
    client.force_login(staff)
    url = reverse("assessments:person_profile", args=[person.pk])
    response = client.get(url, REMOTE_ADDR="192.0.2.7", HTTP_X_REQUEST_ID=REQUEST_ID)
    assert response.status_code == 200
    [entry] = entries(Kind.PROFILE_VIEWED)
    assert (entry.actor, entry.subject_person_id, entry.object_type) == (
        staff,
        person.pk,
        "profile",
    )
    assert (entry.ip, entry.request_id) == ("192.0.2.7", REQUEST_ID)
    client.post(reverse("assessments:person_profile_pdf", args=[person.pk]))
    client.get(reverse("assessments:person_profile_chart", args=[person.pk]))
    assert [e.object_type for e in entries(Kind.PROFILE_VIEWED)] == [
        "profile",
        "profile_pdf",
        "profile_chart",
    ]


def test_a_person_looking_at_their_own_data_is_not_recorded(client, organisation):
    person = organisation["employee_a"]
    client.login(email=person.email, password=PASSWORD)
    assert client.get(reverse("assessments:my_profile")).status_code == 200
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200
    assert not Entry.objects.filter(kind__in=[Kind.PROFILE_VIEWED, Kind.PERSON_VIEWED]).exists()


def test_a_manager_opening_a_person_record_is_recorded(client, organisation):
    manager, person = organisation["library_manager"], organisation["employee_b"]
    client.force_login(manager.user)
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200
    [entry] = entries(Kind.PERSON_VIEWED)
    assert (entry.actor, entry.subject_person_id) == (manager.user, person.pk)
    # Out of scope: 404 and nothing recorded.
    stranger = organisation["employee_museum"]
    assert client.get(reverse("people:person_detail", args=[stranger.pk])).status_code == 404
    assert len(entries(Kind.PERSON_VIEWED)) == 1


def test_the_attendance_roll_records_each_person_on_it(client, staff, organisation):
    session = make_session(make_activity(make_programme(organisation["root"])))
    for key in ("employee_a", "employee_b"):
        enrol(session_id=session.pk, person=organisation[key])
    client.force_login(staff)
    assert client.get(reverse("learning:attendance", args=[session.pk])).status_code == 200
    recorded = {e.subject_person_id for e in entries(Kind.ATTENDANCE_VIEWED)}
    assert recorded == {organisation["employee_a"].pk, organisation["employee_b"].pk}


def test_the_journal_status_page_records_each_person_listed(client, staff, organisation):
    programme = make_programme(organisation["root"])
    client.force_login(staff)
    assert client.get(reverse("learning:prompts", args=[programme.slug])).status_code == 200
    recorded = {e.subject_person_id for e in entries(Kind.JOURNAL_STATUS_VIEWED)}
    assert organisation["employee_a"].pk in recorded
    assert all(e.actor == staff for e in entries(Kind.JOURNAL_STATUS_VIEWED))


def test_the_person_level_export_is_recorded(client, staff, organisation):
    programme = make_programme(organisation["root"])
    client.force_login(staff)
    url = reverse("goals:export_people", args=[programme.slug, "csv"])
    assert client.get(url).status_code == 200
    [entry] = entries(Kind.EXPORTED)
    assert (entry.actor, entry.object_id, entry.detail) == (staff, str(programme.pk), "people.csv")


def test_sign_in_and_failed_sign_in_are_recorded_without_what_was_typed(client):
    person = make_person()
    client.post(reverse("account_login"), {"login": person.email, "password": "wrong, wrong!"})
    client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "secret1"})
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    failed = entries(Kind.SIGN_IN_FAILED)
    assert [e.actor for e in failed] == [person.user, None]
    [signed_in] = entries(Kind.SIGNED_IN)
    assert signed_in.actor == person.user and signed_in.ip == "127.0.0.1"
    texts = [f"{e.object_id} {e.detail}" for e in Entry.objects.all()]
    assert not any("wrong" in t or "nobody" in t or "secret" in t for t in texts)


def test_granted_roles_given_and_taken_are_recorded_with_the_actor(client, organisation):
    admin = make_account(Role.PROGRAMME_STAFF)
    person = organisation["employee_a"]
    auditors = Group.objects.get(name=Role.AUDITOR)
    with audit_request_of(admin):
        person.user.groups.add(auditors)
        person.user.groups.remove(auditors)
        auditors.user_set.add(person.user)
        person.user.groups.clear()
    changes = [(e.actor, e.subject_person_id, e.detail) for e in entries(Kind.ROLE_CHANGED)]
    assert changes[-4:] == [
        (admin, person.pk, d) for d in ("+auditor", "-auditor", "+auditor", "-auditor")
    ]


def test_appointing_a_role_model_is_a_role_change(organisation, staff):
    from digit.learning import role_models

    programme = make_programme(organisation["root"])
    person = organisation["employee_a"]
    appointment = role_models.appoint(programme=programme, person=person, by=staff)
    role_models.end_appointment(appointment=appointment)
    recorded = entries(Kind.ROLE_CHANGED)[-2:]  # after the staff account's own role
    assert [(e.subject_person_id, e.detail) for e in recorded] == [
        (person.pk, "+role_model"),
        (person.pk, "-role_model"),
    ]
    assert recorded[0].actor == staff


def test_imports_and_freezes_are_recorded(staff, organisation):
    header = ["kod", "namn", "överordnad", "typ"]
    import_units(csv_bytes([["NEW", "Ny enhet", "ROOT", "enhet"]], header=header), user=staff)
    [imported] = entries(Kind.IMPORTED)
    assert imported.actor == staff and imported.object_type == "import"
    instrument = make_instrument()
    freeze_instrument(instrument)
    freeze_instrument(instrument)  # already frozen: nothing new
    assert [e.object_id for e in entries(Kind.INSTRUMENT_FROZEN)] == [str(instrument.pk)]
    baseline, _follow_up = baseline_and_follow_up(
        [make_person(organisation["branch_a"]) for _ in range(6)], opened_follow_up=False
    )
    assert [e.object_id for e in entries(Kind.BASELINE_FROZEN)] == [str(baseline.programme_id)]


def test_an_entry_is_one_insert_and_no_read(rf, staff, django_assert_num_queries):
    request = rf.get("/")
    request.user = PersonModelBackend().get_user(staff.pk)  # as a request loads it
    with django_assert_num_queries(1) as captured:
        audit.record_view(
            request, Kind.PERSON_VIEWED, object_type="person", object_id=1, person_id=1
        )
    assert captured.captured_queries[0]["sql"].upper().startswith("INSERT")


def test_the_application_never_changes_or_deletes_an_entry(staff):
    entry = audit.record(Kind.SIGNED_IN, actor=staff)
    entry.detail = "changed"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        Entry.objects.filter(pk=entry.pk).update(detail="changed")
    with pytest.raises(AppendOnly):
        Entry.objects.all().delete()
    assert Entry.objects.get(pk=entry.pk).detail == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_postgresql_refuses_update_and_delete_whoever_asks(staff):
    entry = audit.record(Kind.SIGNED_IN, actor=staff)
    for sql in (
        "UPDATE audit_entry SET detail = 'x' WHERE id = %s",
        "DELETE FROM audit_entry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert Entry.objects.filter(pk=entry.pk, detail="").exists()


class audit_request_of:
    """Runs the block as if inside a request by ``user`` (what AuditContextMiddleware does)."""

    def __init__(self, user):
        from django.test import RequestFactory

        self.request = RequestFactory().get("/")
        self.request.user = user

    def __enter__(self):
        self.token = audit._current_request.set(self.request)

    def __exit__(self, *exc):
        audit._current_request.reset(self.token)
