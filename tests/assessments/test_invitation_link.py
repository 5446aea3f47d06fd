"""The personal link: exchanged once for a session, then a clean URL; bad links refused."""

import pytest
from django.urls import reverse

from digit.access.models import User
from digit.access.roles import Role
from digit.assessments.models import Invitation
from tests.assessments.conftest import issue_link
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


def link_url(token):
    return reverse("assessments:invitation", args=[token])


def test_valid_link_signs_in_marks_used_and_redirects_without_token(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    response = client.get(link_url(token), follow=True)
    assert response.status_code == 200
    final_url = response.redirect_chain[-1][0]
    assert token not in final_url
    assert final_url == reverse("assessments:form", args=[wave.id])
    assert response.wsgi_request.user == person.user
    assert Invitation.objects.get(wave=wave, person=person).used_at is not None


def test_link_creates_an_account_for_a_person_without_one(client, wave, organisation):
    person = make_person(organisation["branch_a"], with_account=False)
    Invitation.objects.create(wave=wave, person=person, token_hash="x" * 64)
    token = issue_link(wave, person)
    response = client.get(link_url(token))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None and person.user.email == person.email
    assert not person.user.has_usable_password()


def test_link_enables_a_disabled_account(client, wave, organisation):
    person = organisation["employee_a"]
    User.objects.filter(pk=person.user_id).update(is_active=False)
    response = client.get(link_url(issue_link(wave, person)))
    assert response.status_code == 302
    assert User.objects.get(pk=person.user_id).is_active


def test_used_link_is_refused_for_someone_not_signed_in(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    client.get(link_url(token))
    client.logout()
    response = client.get(link_url(token))
    assert response.status_code == 410
    assert "redan använts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_used_link_continues_for_the_person_already_signed_in(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    client.get(link_url(token))
    response = client.get(link_url(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:form", args=[wave.id])


def test_tampered_link_is_refused_and_nothing_changes(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    response = client.get(link_url(tampered))
    assert response.status_code == 400
    assert "inte giltig" in response.content.decode()
    assert Invitation.objects.get(wave=wave, person=person).used_at is None
    assert client.get(link_url("made-up:token")).status_code == 400


def test_someone_elses_link_is_refused_when_signed_in_as_another(client, wave, organisation):
    owner, other = organisation["employee_a"], organisation["employee_b"]
    token = issue_link(wave, owner)
    client.login(email=other.email, password=PASSWORD)
    response = client.get(link_url(token))
    assert response.status_code == 403
    assert Invitation.objects.get(wave=wave, person=owner).used_at is None
    assert int(client.session["_auth_user_id"]) == other.user_id


def test_link_of_a_closed_wave_is_refused(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    wave.closes_on = wave.opens_on
    wave.opens_on = wave.opens_on.replace(year=wave.opens_on.year - 1)
    wave.save()
    response = client.get(link_url(token))
    assert response.status_code == 410
    assert "stängd" in response.content.decode()
    assert Invitation.objects.get(wave=wave, person=person).used_at is None
    assert "_auth_user_id" not in client.session


def test_account_with_staff_rights_must_sign_in_with_password(client, wave, organisation):
    from django.contrib.auth.models import Group

    person = organisation["employee_a"]
    person.user.groups.add(Group.objects.get(name=Role.PROGRAMME_STAFF.value))
    response = client.get(link_url(issue_link(wave, person)))
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_reissued_link_replaces_the_previous_one(client, wave, organisation):
    person = organisation["employee_a"]
    old = issue_link(wave, person)
    issue_link(wave, person)
    assert client.get(link_url(old)).status_code == 400
