"""Two application servers (gunicorn, two workers each) on one database and one Redis behave
as one: a request may reach either, and what one server wrote or remembered the other knows.

Sessions, the sign-in rate limit, TOTP replay protection, cached goal figures and their data
version, the reference cache and the HR import's preview → confirm are each exercised by
alternating between the servers. Needs Redis (the shared cache of a multi-server deployment);
runs on the suite's database, SQLite in a file or PostgreSQL.
"""

import json
import time

import pytest
import requests
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from digit.competences.models import Area
from digit.goals.indicators import compute_figures
from digit.people.models import Person, Unit
from tests.access.test_mfa import current_code
from tests.assessments.conftest import ensure_reference_data, make_wave, submit_answers
from tests.factories import PASSWORD, make_account, make_person, make_unit
from tests.goals import scenario
from tests.people.files import csv_bytes, row
from tests.servers import (
    AppServer,
    collect_static,
    csrf_token,
    forget_cache_prefix,
    new_cache_prefix,
    post_form,
)
from tests.shared_cache import REDIS_MODE, REDIS_URL, redis_problem

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = reverse("account_login")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    collect_static(root)
    return root


@pytest.fixture(scope="module")
def servers(django_db_setup, static_root, tmp_path_factory):
    """Two servers, A and B, sharing the database and a Redis key prefix of their own."""
    problem = redis_problem()
    if problem:
        if REDIS_MODE == "required":
            pytest.fail(problem)
        pytest.skip(problem)
    prefix = new_cache_prefix()
    workdir = tmp_path_factory.mktemp("servers")
    started = [
        AppServer(
            static_root,
            prefix,
            workdir,
            DIGIT_REFERENCE_CACHE_SECONDS="3600",  # only a new version makes them read again
            DIGIT_FIGURES_STALE_SECONDS="0",  # figures follow every change at once
        )
        for _ in range(2)
    ]
    try:
        for server in started:
            server.wait_until_ready()
        yield started[0], started[1], prefix
    finally:
        for server in started:
            server.stop()
        forget_cache_prefix(prefix)


def sign_in(browser: requests.Session, server: AppServer, email: str, password=PASSWORD):
    response = post_form(browser, server.url + LOGIN, {"login": email, "password": password})
    assert response.status_code < 500, server.log()[-3000:]
    return response


def servable(user):
    """The account with a password hash the servers' production hashers verify (the tests'
    own hasher is MD5, for speed)."""
    hasher = Argon2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def person_with_account():
    person = make_person()
    servable(person.user)
    return person


def test_a_session_made_on_one_server_is_valid_on_the_other(servers):
    a, b, _prefix = servers
    person = person_with_account()
    browser = requests.Session()
    assert sign_in(browser, a, person.email).status_code == 302
    home = browser.get(b.url + "/", allow_redirects=False)
    assert home.status_code == 200 and person.first_name in home.text
    browser.post(  # signing out on B ends the session on A too
        b.url + reverse("account_logout"),
        data={"csrfmiddlewaretoken": csrf_token(home.text)},
        headers={"Referer": b.url + "/"},
    )
    assert browser.get(a.url + "/", allow_redirects=False).status_code == 302


def test_failed_sign_ins_count_across_servers(servers):
    a, b, _prefix = servers
    person = person_with_account()
    for server in (a, b, a, b, a):  # five failures, spread over both servers
        assert sign_in(requests.Session(), server, person.email, "wrong, wrong, wrong").ok
    for server in (b, a):  # the sixth attempt is refused on either, even with the password
        response = sign_in(requests.Session(), server, person.email)
        assert response.status_code == 429


def test_a_totp_code_used_on_one_server_is_refused_on_the_other(servers):
    a, b, _prefix = servers
    staff = servable(make_account(Role.PROGRAMME_STAFF))
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    seconds = timezone.now().timestamp() % 30
    if seconds > 24:  # too near the end of the code's 30-second window: wait for the next
        time.sleep(30 - seconds + 0.5)
    code = current_code(secret)
    signed_in = []
    for server in (a, b):
        browser = requests.Session()
        assert sign_in(browser, server, staff.email).status_code == 302
        post_form(browser, server.url + reverse("mfa_authenticate"), {"code": code})
        signed_in.append(browser.get(server.url + "/", allow_redirects=False).status_code == 200)
    assert signed_in == [True, False]  # B knew that A had accepted the code


def _indicators(browser, server, slug):
    url = f"{server.url}/api/goals/programmes/{slug}/indicators"
    response = browser.get(url)
    assert response.status_code == 200, response.text
    return {item["code"]: item["result"] for item in response.json()}


def test_import_preview_on_one_server_confirms_on_the_other_and_no_figure_is_stale(servers):
    a, b, _prefix = servers
    city = scenario.build()
    slug = city["programme"].slug
    # An empty unit: the newcomers make it a unit with people, so unit coverage changes.
    department = Unit.objects.get(code="D2")
    make_unit("Enhet 6", parent=department, code="U6")
    staff = servable(make_account(Role.PROGRAMME_STAFF))
    browser = requests.Session()
    assert sign_in(browser, a, staff.email).status_code == 302
    before = _indicators(browser, a, slug)
    assert _indicators(browser, b, slug) == before  # both servers have cached the figures
    upload_page = browser.get(a.url + reverse("people:import_upload"))
    newcomers = [row(str(9000 + i), f"Ny{i}", "Person", unit="U6") for i in range(6)]
    preview = browser.post(
        a.url + reverse("people:import_upload"),
        data={"csrfmiddlewaretoken": csrf_token(upload_page.text), "mode": "partial"},
        files={"file": ("personal.csv", csv_bytes(newcomers), "text/csv")},
        headers={"Referer": a.url + reverse("people:import_upload")},
    )
    assert preview.status_code == 200 and "Ny0 Person" in preview.text
    confirmed = browser.post(  # the confirmation reaches the other server
        b.url + reverse("people:import_confirm"),
        data={"csrfmiddlewaretoken": csrf_token(preview.text)},
        headers={"Referer": b.url + reverse("people:import_upload")},
        allow_redirects=False,
    )
    assert confirmed.status_code == 302, confirmed.text
    assert "/people/import/" in confirmed.headers["Location"]
    assert Person.objects.filter(employee_number__startswith="900").count() == 6
    after_a = _indicators(browser, a, slug)  # A wrote nothing, yet shows the new figures
    fresh = compute_figures(city["programme"]).indicator_list()
    assert {i.code: i.total.n for i in fresh if i.code in after_a} == {
        code: result["n"] for code, result in after_a.items()
    }
    assert after_a != before
    assert _indicators(browser, b, slug) == after_a


def test_a_reference_edit_committed_elsewhere_shows_at_once_on_both(servers):
    a, b, prefix = servers
    ensure_reference_data()
    person = person_with_account()
    wave = make_wave([person.unit])
    submit_answers(wave, person)
    browser = requests.Session()
    sign_in(browser, a, person.email)
    area = Area.objects.filter(framework=wave.instrument.framework).order_by("order").first()
    for server in (a, b):  # both read the reference and keep it (lifetime: an hour)
        assert area.title_sv in browser.get(server.url + "/assessments/profile/").text
    # A third process (this test) edits the area, in the same shared cache.
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
             "KEY_PREFIX": prefix}  # fmt: skip
    with override_settings(CACHES={"default": redis}):
        area.title_sv = "Nytt namn på området"
        area.save()
    for server in (a, b):
        assert "Nytt namn på området" in browser.get(server.url + "/assessments/profile/").text


def test_logs_are_json_lines_with_the_request_id(servers):
    a, _b, _prefix = servers
    response = requests.get(
        a.url + "/no-such-page/", headers={"X-Request-ID": "probe-12345678"}, timeout=30
    )
    assert response.status_code == 404
    time.sleep(0.5)
    lines = [json.loads(line) for line in a.log().splitlines() if line.startswith("{")]
    not_found = [line for line in lines if line.get("request_id") == "probe-12345678"]
    assert not_found and not_found[0]["logger"] == "django.request"
    assert not_found[0]["level"] == "WARNING"
