"""Personal API tokens: made and revoked on the account page, shown once, stored hashed,
refused once revoked or expired, and only for programme staff, finance and auditors."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from digit.api.models import ApiToken
from digit.api.services import create_token
from tests.api.factories import bearer, make_token
from tests.factories import make_account, make_person

pytestmark = pytest.mark.django_db

TOKENS = "/api-tokens/"


def _create(client, name="Power BI", days=30):
    expires_on = timezone.localdate() + datetime.timedelta(days=days)
    return client.post(
        reverse("api_tokens:list"),
        {"name": name, "expires_on": expires_on.isoformat()},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR])
def test_a_new_token_is_shown_once_and_only_its_digest_is_stored(client, role):
    user = make_account(role)
    client.force_login(user)
    response = _create(client)
    assert response.status_code == 201
    token = ApiToken.objects.get(user=user)
    plaintext = response.context["plaintext"]
    assert plaintext.startswith("dgt_") and len(plaintext) >= 40
    assert plaintext in response.content.decode()
    assert token.digest == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.prefix == plaintext[:12] and token.scope == "read"
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert plaintext not in stored
    again = client.get(reverse("api_tokens:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert plaintext not in again.content.decode()
    assert token.prefix in again.content.decode()
    assert bearer(client.__class__(), "/goals/programmes", plaintext).status_code == 200


def test_the_token_acts_as_its_owner_and_records_its_use(client, finance):
    plaintext = make_token(finance)
    response = bearer(client, "/programmes", plaintext)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store")
    assert ApiToken.objects.get().last_used_at is not None
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_employees_and_managers_cannot_make_tokens(client, organisation, who):
    person = organisation["employee_a"] if who == "employee" else organisation["library_manager"]
    client.force_login(person.user)
    assert client.get(reverse("api_tokens:list")).status_code == 403
    assert _create(client).status_code == 403
    assert not ApiToken.objects.exists()
    with pytest.raises(PermissionDenied):
        create_token(user=person.user, name="x", expires_on=timezone.localdate())
    account = client.get(reverse("account_change_password")).content.decode()
    assert TOKENS not in account


def test_the_account_page_links_to_the_tokens_for_those_who_may_hold_them(client, auditor):
    client.force_login(auditor)
    assert TOKENS in client.get(reverse("account_change_password")).content.decode()


def test_a_revoked_token_is_refused_at_once(client, staff):
    plaintext = make_token(staff)
    client.force_login(staff)
    token = ApiToken.objects.get()
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 302
    client.logout()
    response = bearer(client, "/goals/programmes", plaintext)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert ApiToken.objects.get().revoked_at is not None


def test_an_expired_token_is_refused(client, staff, time_machine):
    plaintext = make_token(staff, days=3)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=3))
    assert bearer(client, "/goals/programmes", plaintext).status_code == 200  # its last day
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    assert bearer(client, "/goals/programmes", plaintext).status_code == 401


def test_a_token_ends_with_its_owners_role_or_account(client, finance, auditor):
    plaintext = make_token(finance)
    finance.groups.clear()
    assert bearer(client, "/programmes", plaintext).status_code == 401
    other = make_token(auditor)
    auditor.is_active = False
    auditor.save()
    assert bearer(client, "/programmes", other).status_code == 401


def test_an_employee_granted_programme_staff_may_hold_a_token(client, organisation):
    user = make_person(organisation["branch_a"]).user
    user.groups.add(Group.objects.get_or_create(name=Role.PROGRAMME_STAFF.value)[0])
    plaintext = make_token(user)
    assert bearer(client, "/programmes", plaintext).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer dgt_" + "x" * 43, "Bearer nonsense", "Basic Zm9vOmJhcg==", "Bearer "],
)
def test_unknown_or_malformed_tokens_are_refused(client, header):
    response = client.get("/api/programmes", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_token_does_not_open_the_pages(client, staff):
    """Tokens are for the API only: a page with a token and no session asks to sign in."""
    plaintext = make_token(staff)
    response = client.get(reverse("people:person_list"), HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_expiry_date_is_at_most_a_year_ahead_and_not_past(client, staff):
    client.force_login(staff)
    assert _create(client, days=366).status_code == 400
    assert _create(client, days=-1).status_code == 400
    assert _create(client, name="", days=10).status_code == 400
    assert not ApiToken.objects.exists()
    assert _create(client, days=365).status_code == 201


def test_someone_elses_token_cannot_be_revoked(client, staff, finance):
    make_token(finance)
    client.force_login(staff)
    token = ApiToken.objects.get()
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_page_is_in_swedish(client, staff):
    client.force_login(staff)
    page = client.get(reverse("api_tokens:list"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "API-nycklar" in page and "Skapa nyckel" in page
