"""The personal link: a GET shows a landing page and changes nothing (mail scanners); the
page's button POSTs the token, which signs the person in and goes on to a clean URL. The link
works until the person submits, the wave closes or a reminder replaces it."""

import pytest
from django.test import Client
from django.urls import reverse

from digit.access.models import User
from digit.access.roles import Role
from digit.assessments.invitations import LINK_REQUESTS_PER_LINK
from digit.assessments.models import Invitation
from tests.assessments.conftest import issue_link, submit_answers
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


def link_url(token):
    return reverse("assessments:invitation", args=[token])


def test_opening_the_link_shows_a_landing_page_and_changes_nothing(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    response = client.get(link_url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert person.first_name in html and wave.name in html
    assert "Starta" in html and 'lang="en"' in html and ">Start<" in html  # Swedish, English
    assert '<form method="post">' in html
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]
    assert Invitation.objects.get(wave=wave, person=person).used_at is None
    assert "_auth_user_id" not in client.session


def test_start_signs_in_marks_used_and_goes_on_without_the_token(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    client.get(link_url(token))
    response = client.post(link_url(token), follow=True)
    assert response.status_code == 200
    final_url = response.redirect_chain[-1][0]
    assert token not in final_url
    assert final_url == reverse("assessments:form", args=[wave.id])
    assert response.wsgi_request.user == person.user
    assert Invitation.objects.get(wave=wave, person=person).used_at is not None


def test_scanner_fetches_leave_the_link_working(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    scanner = Client()
    for _ in range(3):
        assert scanner.get(link_url(token)).status_code == 200
        assert scanner.head(link_url(token)).status_code == 200
    assert client.post(link_url(token)).status_code == 302
    assert int(client.session["_auth_user_id"]) == person.user_id


def test_a_second_device_continues_with_the_same_link(wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    phone, laptop = Client(), Client()
    assert phone.post(link_url(token)).status_code == 302
    assert laptop.post(link_url(token)).status_code == 302
    assert int(laptop.session["_auth_user_id"]) == person.user_id
    assert int(phone.session["_auth_user_id"]) == person.user_id


def test_link_for_the_person_already_signed_in_goes_straight_to_the_form(
    client, wave, organisation
):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    client.post(link_url(token))
    response = client.get(link_url(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:form", args=[wave.id])


def test_link_creates_an_account_for_a_person_without_one(client, wave, organisation):
    person = make_person(organisation["branch_a"], with_account=False)
    Invitation.objects.create(wave=wave, person=person, token_hash="x" * 64)
    token = issue_link(wave, person)
    assert client.get(link_url(token)).status_code == 200
    person.refresh_from_db()
    assert person.user is None  # looking changes nothing
    assert client.post(link_url(token)).status_code == 302
    person.refresh_from_db()
    assert person.user is not None and person.user.email == person.email
    assert not person.user.has_usable_password()


def test_link_enables_a_disabled_account(client, wave, organisation):
    person = organisation["employee_a"]
    User.objects.filter(pk=person.user_id).update(is_active=False)
    response = client.post(link_url(issue_link(wave, person)))
    assert response.status_code == 302
    assert User.objects.get(pk=person.user_id).is_active


def test_after_submitting_the_link_shows_a_clear_page_not_the_form(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    submit_answers(wave, person)
    for method in (client.get, client.post):
        response = method(link_url(token))
        assert response.status_code == 200
        assert "redan skickat in" in response.content.decode()
        assert "_auth_user_id" not in client.session
    client.force_login(person.user)
    response = client.get(link_url(token))
    assert response["Location"] == reverse("assessments:my_profile")


def test_tampered_link_is_refused_and_nothing_changes(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    for method in (client.get, client.post):
        response = method(link_url(tampered))
        assert response.status_code == 400
        assert "inte giltig" in response.content.decode()
    assert Invitation.objects.get(wave=wave, person=person).used_at is None
    assert client.get(link_url("made-up:token")).status_code == 400
    assert "_auth_user_id" not in client.session


def test_someone_elses_link_is_refused_when_signed_in_as_another(client, wave, organisation):
    owner, other = organisation["employee_a"], organisation["employee_b"]
    token = issue_link(wave, owner)
    client.login(email=other.email, password=PASSWORD)
    assert client.get(link_url(token)).status_code == 403
    assert client.post(link_url(token)).status_code == 403
    assert Invitation.objects.get(wave=wave, person=owner).used_at is None
    assert int(client.session["_auth_user_id"]) == other.user_id


def test_link_of_a_closed_wave_is_refused(client, wave, organisation):
    person = organisation["employee_a"]
    token = issue_link(wave, person)
    wave.closes_on = wave.opens_on
    wave.opens_on = wave.opens_on.replace(year=wave.opens_on.year - 1)
    wave.save()
    for method in (client.get, client.post):
        response = method(link_url(token))
        assert response.status_code == 410
        assert "stängd" in response.content.decode()
    assert Invitation.objects.get(wave=wave, person=person).used_at is None
    assert "_auth_user_id" not in client.session


def test_a_staff_account_is_never_signed_in_by_a_link(client, wave, organisation):
    from django.contrib.auth.models import Group

    person = organisation["employee_a"]
    person.user.groups.add(Group.objects.get(name=Role.PROGRAMME_STAFF.value))
    token = issue_link(wave, person)
    for method in (client.get, client.post):
        assert method(link_url(token)).status_code == 403
        assert "_auth_user_id" not in client.session


def test_reissued_link_replaces_the_previous_one(client, wave, organisation):
    person = organisation["employee_a"]
    old = issue_link(wave, person)
    issue_link(wave, person)
    assert client.get(link_url(old)).status_code == 400
    assert client.post(link_url(old)).status_code == 400
    assert "_auth_user_id" not in client.session


def test_start_needs_the_csrf_token_of_the_landing_page(wave, organisation):
    token = issue_link(wave, organisation["employee_a"])
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(link_url(token)).status_code == 403
    browser.get(link_url(token))
    csrf = browser.cookies["csrftoken"].value
    assert browser.post(link_url(token), {"csrfmiddlewaretoken": csrf}).status_code == 302


def test_one_link_is_rate_limited(client, wave, organisation):
    token = issue_link(wave, organisation["employee_a"])
    limit, _seconds = LINK_REQUESTS_PER_LINK
    statuses = [client.get(link_url(token)).status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [200] * limit and statuses[-1] == 429
    assert client.post(link_url(token)).status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(link_url(issue_link(wave, organisation["employee_b"]))).status_code == 200
