"""The e-mail of a wave as programme staff follow it: a refusal for now waits for a retry and
says why, a lasting refusal fails one invitation and the others go out, and after the last
attempt what is left is marked failed and can be sent again. (The same with real worker
processes: test_wave_mail_worker.py.)"""

import pytest
from django.urls import reverse
from django_ox.testing import run_tasks

from digit.assessments import tasks
from digit.assessments.models import Invitation
from digit.assessments.waves import open_wave, retry_failed_mail
from tests.assessments.conftest import make_wave
from tests.workers import MailServer

pytestmark = pytest.mark.django_db


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


def wave_page(client, wave) -> str:
    return client.get(reverse("assessments:wave_detail", args=[wave.pk])).content.decode()


def test_a_refusal_for_now_waits_for_a_retry_and_says_why(client, staff, organisation, mail_server):
    client.force_login(staff)
    wave = make_wave([organisation["library"]], opened=False)
    mail_server.refuse_next = 1
    open_wave(wave=wave)
    run_tasks()
    html = wave_page(client, wave)
    assert "tog inte emot just nu (451 4.3.0 Try again later)" in html
    assert 'hx-trigger="every 2s"' in html  # the page follows until it is done
    assert Invitation.objects.filter(wave=wave, mail="queued").count() == 3
    assert mail_server.accepted == []


def test_a_lasting_refusal_fails_one_invitation_and_the_others_go_out(
    client, staff, organisation, mail_server
):
    client.force_login(staff)
    wave = make_wave([organisation["library"]], opened=False)
    mail_server.unknown = {organisation["employee_a"].email}
    open_wave(wave=wave)
    run_tasks()
    failed = Invitation.objects.get(wave=wave, mail="failed")
    assert failed.person == organisation["employee_a"]
    assert failed.mail_error == "550 5.1.1 No such user"
    assert len(mail_server.accepted) == 2
    html = wave_page(client, wave)
    assert "Utskicket är klart." in html and "550 5.1.1 No such user (1)" in html
    assert "Skicka de misslyckade e-postmeddelandena igen" in html


def test_after_the_last_attempt_the_rest_is_failed_and_can_be_sent_again(
    client, staff, organisation, mail_server, monkeypatch
):
    client.force_login(staff)
    monkeypatch.setattr(tasks, "MAIL_ATTEMPTS", 1)  # this attempt is the last
    wave = make_wave([organisation["library"]], opened=False)
    mail_server.refuse_next = 1
    open_wave(wave=wave)
    run_tasks()
    states = set(Invitation.objects.filter(wave=wave).values_list("mail", "mail_error"))
    assert states == {("failed", "451 4.3.0 Try again later")}
    assert "451 4.3.0 Try again later (3)" in wave_page(client, wave)

    assert retry_failed_mail(wave=wave) == 3
    run_tasks()
    assert len(mail_server.accepted) == 3
    assert set(mail_server.recipients().values()) == {1}
    assert retry_failed_mail(wave=wave) == 0  # nothing failed: nothing is sent again
