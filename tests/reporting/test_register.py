"""The participant register: who counts as a participant, masked numbers, the logged reveal,
and who may open what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from digit.learning.models import Attendance
from digit.reporting.models import Disclosure
from tests.factories import make_account, make_person
from tests.reporting.factories import (
    attend,
    give_number,
    number_forms,
    participant,
    past_session,
    reporting_programme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organisation):
    return reporting_programme(organisation["root"])


def register_url(programme):
    return reverse("reporting:register", args=[programme.pk])


def reveal_url(programme, person):
    return reverse("reporting:reveal", args=[programme.pk, person.pk])


def contains_number(content: bytes, canonical: str) -> bool:
    text = content.decode()
    return any(form in text for form in number_forms(canonical))


def test_a_participant_attended_at_least_one_session_present_or_partly(
    client, organisation, programme
):
    unit = organisation["branch_a"]
    present = participant(programme, unit, last_name="Närvarande")
    partly = make_person(unit, last_name="Delvis")
    attend(partly, past_session(programme, days_ago=5), Attendance.Status.PARTIAL, 30)
    absent = make_person(unit, last_name="Frånvarande")
    attend(absent, past_session(programme, days_ago=5), Attendance.Status.ABSENT, 0)
    client.force_login(make_account(Role.FINANCE))
    response = client.get(register_url(programme))
    names = [row.person for row in response.context["rows"]]
    assert names == [present, partly]  # in order of start


def test_start_is_the_first_attendance_and_end_the_programme_end_or_leaving(
    client, organisation, programme
):
    today = timezone.localdate()
    unit = organisation["branch_a"]
    stays = participant(programme, unit, days_ago=40)
    attend(stays, past_session(programme, days_ago=10))
    leaver = participant(programme, unit, days_ago=20, employment_end=today)
    client.force_login(make_account(Role.AUDITOR))
    rows = {r.person: r.participation for r in client.get(register_url(programme)).context["rows"]}
    first = timezone.localdate(
        Attendance.objects.filter(person=stays).earliest("session__starts_at").session.starts_at
    )
    assert (rows[stays].start, rows[stays].end) == (first, programme.ends_on)
    assert rows[leaver].end == today


def test_numbers_are_masked_until_the_finance_officer_reveals_one_which_is_logged(
    client, organisation, programme
):
    person = participant(programme, organisation["branch_a"])
    other = participant(programme, organisation["branch_b"])
    canonical = give_number(person)
    other_number = give_number(other)
    finance = make_account(Role.FINANCE)
    client.force_login(finance)
    page = client.get(register_url(programme))
    assert not contains_number(page.content, canonical)
    assert b"\xe2\x80\xa2" in page.content  # the mask
    assert not Disclosure.objects.exists()

    shown = client.post(reveal_url(programme, person))
    assert shown.status_code == 200
    assert f"{canonical[:8]}-{canonical[8:]}".encode() in shown.content
    assert not contains_number(shown.content, other_number)
    (entry,) = Disclosure.objects.all()
    assert (entry.by, entry.kind, entry.programme, entry.count) == (
        finance,
        Disclosure.Kind.REVEAL,
        programme,
        1,
    )
    assert list(entry.people.all()) == [person]


def test_htmx_reveal_returns_only_the_row(client, organisation, programme):
    person = participant(programme, organisation["branch_a"])
    canonical = give_number(person)
    client.force_login(make_account(Role.FINANCE))
    response = client.post(reveal_url(programme, person), headers={"HX-Request": "true"})
    text = response.content.decode()
    assert text.strip().startswith(f'<tr id="participant-{person.pk}"')
    assert f"{canonical[:8]}-{canonical[8:]}" in text


def test_the_auditor_sees_masked_numbers_and_the_log_but_cannot_reveal(
    client, organisation, programme
):
    person = participant(programme, organisation["branch_a"])
    canonical = give_number(person)
    client.force_login(make_account(Role.FINANCE))
    client.post(reveal_url(programme, person))
    client.force_login(make_account(Role.AUDITOR))
    page = client.get(register_url(programme))
    assert page.status_code == 200
    assert b"reveal" not in page.content
    assert not contains_number(page.content, canonical)
    assert client.post(reveal_url(programme, person)).status_code == 403
    log = client.get(reverse("reporting:disclosures"))
    assert person.full_name in log.content.decode()
    assert not contains_number(log.content, canonical)
    assert Disclosure.objects.count() == 1


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF])
def test_staff_may_not_open_the_register_or_the_log(client, organisation, programme, role):
    person = participant(programme, organisation["branch_a"])
    client.force_login(make_account(role))
    assert client.get(register_url(programme)).status_code == 403
    assert client.get(reverse("reporting:disclosures")).status_code == 403
    assert client.post(reveal_url(programme, person)).status_code == 403


def test_employees_and_managers_are_refused(client, organisation, programme):
    person = participant(programme, organisation["branch_a"])
    for someone in (organisation["employee_a"], organisation["library_manager"]):
        client.force_login(someone.user)
        assert client.get(reverse("reporting:index")).status_code == 403
        assert client.get(register_url(programme)).status_code == 403
        assert client.post(reveal_url(programme, person)).status_code == 403


def test_revealing_someone_who_is_not_a_participant_is_404_and_logs_nothing(
    client, organisation, programme
):
    outsider = make_person(organisation["branch_a"])
    give_number(outsider)
    client.force_login(make_account(Role.FINANCE))
    assert client.post(reveal_url(programme, outsider)).status_code == 404
    assert not Disclosure.objects.exists()


def test_a_participant_without_a_number_shows_missing(client, organisation, programme):
    participant(programme, organisation["branch_a"], number=False)
    client.force_login(make_account(Role.FINANCE))
    page = client.get(register_url(programme), headers={"Accept-Language": "en"})
    assert "missing" in page.content.decode()


def test_the_register_is_in_swedish(client, organisation, programme):
    participant(programme, organisation["branch_a"])
    client.force_login(make_account(Role.FINANCE))
    page = client.get(register_url(programme), headers={"Accept-Language": "sv"})
    assert "Deltagarregister" in page.content.decode()


def test_dates_are_relative(programme):
    assert programme.starts_on < timezone.localdate() - datetime.timedelta(days=100)


def test_pseudonymisation_removes_the_identity_number(organisation, programme):
    from digit.privacy.retention import pseudonymise

    person = participant(programme, organisation["branch_a"])
    pseudonymise(person, timezone.localdate())
    person.refresh_from_db()
    assert (person.identity_number_sealed, person.identity_number_digest) == ("", "")
