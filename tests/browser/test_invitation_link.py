"""The e-mailed link in Chromium on a phone-sized screen, after a mail scanner fetched it first
(as Microsoft 365 Safe Links and similar do): the person still gets in, answers and submits;
afterwards the same link shows a clear page. Programme staff follow the sending of a wave."""

import re
import urllib.request

import pytest
from django.urls import reverse
from django_ox.testing import run_tasks
from playwright.sync_api import expect

from digit.access.roles import Role
from digit.assessments.models import Invitation
from digit.assessments.waves import open_wave
from tests.assessments.conftest import ensure_reference_data, make_wave
from tests.factories import PASSWORD, make_account
from tests.workers import MailServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"http://\S+(/assessments/invitation/\S+/)")
PHONE = 390  # CSS pixels, a common phone width


@pytest.fixture
def invited(organisation, smtp_server):
    ensure_reference_data()
    person = organisation["employee_a"]
    wave = make_wave([organisation["branch_a"]], opened=False)
    open_wave(wave=wave)
    run_tasks()  # the worker, in-process here, e-mails the real SMTP server
    [message] = smtp_server.messages
    body = message.get_body(preferencelist=("plain",)).get_content()
    return person, wave, LINK.search(body).group(1)


def scanner_fetch(url) -> tuple[int, str]:
    """A link checker: a plain GET without cookies or scripts, following redirects."""
    request = urllib.request.Request(url, headers={"User-Agent": "LinkScanner/1.0"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def test_link_fetched_by_a_scanner_still_opens_the_form_on_a_phone(
    new_page, live_server, invited, assert_accessible
):
    person, wave, link = invited
    status, html = scanner_fetch(live_server.url + link)
    assert status == 200 and person.first_name in html
    assert Invitation.objects.get(wave=wave, person=person).used_at is None

    page = new_page(width=PHONE)
    response = page.goto(link)
    assert response.headers["referrer-policy"] == "strict-origin"
    assert "no-store" in response.headers["cache-control"]
    expect(page.get_by_role("heading", level=1)).to_contain_text(wave.name)
    expect(page.get_by_text(f"Hej {person.first_name}!")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert_accessible(page)
    page.get_by_role("button", name="Starta").click()
    page.wait_for_url(f"**{reverse('assessments:form', args=[wave.id])}")
    assert "invitation" not in page.url

    pages = page.locator("section.form-page").count()
    for number in range(1, pages + 1):
        section = page.locator(f"section.form-page[data-page='{number}']")
        for fieldset in section.locator("fieldset.question").all():
            fieldset.locator("input[type=radio]").last.check()
        last = number == pages
        button = "Skicka in mina svar" if last else "Spara och fortsätt"
        section.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url("**/assessments/profile/")
    assert Invitation.objects.get(wave=wave, person=person).completed

    # The same link afterwards, on another device without a session: a clear page, no error.
    other = new_page(width=PHONE)
    response = other.goto(link)
    assert response.status == 200
    expect(other.get_by_role("heading", level=1)).to_have_text("Du har redan skickat in dina svar")
    assert_accessible(other)


@pytest.fixture
def mail_server(settings):
    server = MailServer().start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port},
        }
    }
    yield server
    server.stop()


def test_staff_follow_the_sending_of_a_wave_and_retry_failures(
    new_page, sign_in, organisation, mail_server, assert_accessible
):
    ensure_reference_data()
    staff = make_account(Role.PROGRAMME_STAFF)
    wave = make_wave([organisation["library"]], opened=False)
    mail_server.unknown = {organisation["employee_b"].email}
    page = new_page()
    sign_in(page, staff.email, PASSWORD)
    page.goto(reverse("assessments:wave_detail", args=[wave.pk]))
    page.get_by_role("button", name="Öppna mätningen och skicka inbjudningar").click()
    mail = page.locator("#wave-mail")
    expect(mail).to_contain_text("Väntar på att bakgrundsprocessen")
    expect(mail.get_by_role("row", name="I kö 3")).to_be_visible()
    assert_accessible(page)
    run_tasks()  # the worker (in-process here) sends; the page follows without a reload
    expect(mail.get_by_role("row", name="Skickade 2")).to_be_visible(timeout=10_000)
    expect(mail.get_by_role("row", name="Misslyckade 1")).to_be_visible()
    expect(mail).to_contain_text("550 5.1.1 No such user (1)")
    assert_accessible(page)
    mail_server.unknown = set()
    page.get_by_role("button", name="Skicka de misslyckade e-postmeddelandena igen").click()
    expect(page.get_by_text("1 e-postmeddelanden skickas igen")).to_be_visible()
    run_tasks()
    expect(mail.get_by_role("row", name="Skickade 3")).to_be_visible(timeout=10_000)
    assert sorted(mail_server.recipients().values()) == [1, 1, 1]
