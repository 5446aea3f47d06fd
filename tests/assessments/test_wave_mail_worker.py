"""The e-mails of a wave with a real worker process and a real SMTP server: nothing lost when a
worker is killed or the mail server refuses for a while, nothing sent twice, nothing sent for
a transaction that rolled back, and reminders safe under two workers."""

import datetime
import re
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_ox.models import OxScheduleTick, OxTask

from digit.access.roles import Role
from digit.assessments.models import Invitation, Wave
from digit.assessments.tokens import hash_from_link
from digit.assessments.waves import open_wave
from digit.people.models import Person
from tests.assessments.conftest import ensure_reference_data, make_wave
from tests.factories import make_account, make_unit
from tests.workers import MailServer, Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"http://\S+/assessments/invitation/(\S+)/")


@pytest.fixture(autouse=True)
def reference_data():
    ensure_reference_data()  # an earlier transactional test flushed the seed programme


@pytest.fixture
def mail_server():
    server = MailServer().start()
    yield server
    server.release()
    server.stop()


@pytest.fixture
def workers():
    """Start workers with ``workers.start(port)``; all are stopped after the test."""
    started = []

    class Workers:
        def start(self, port, settings_module="digit.settings"):
            started.append(Worker(port, settings_module))
            return started[-1]

    yield Workers()
    for worker in started:
        worker.stop()


def people(count, unit=None):
    unit = unit or make_unit(f"Enhet {count}")
    Person.objects.bulk_create(
        Person(
            employee_number=f"W{unit.pk}-{n:05d}",
            first_name=f"Förnamn{n}",
            last_name=f"Efternamn{n}",
            email=f"p{n}.{unit.pk}@example.org",
            unit=unit,
        )
        for n in range(count)
    )
    return unit


def all_sent(wave, count):
    return lambda: Invitation.objects.filter(wave=wave, mail="sent").count() == count


def assert_each_once_with_its_current_link(server, wave, count):
    assert len(server.accepted) == count
    assert set(server.recipients().values()) == {1}
    assert len({message["Message-ID"] for message in server.accepted}) == count
    hashes = dict(Invitation.objects.filter(wave=wave).values_list("person__email", "token_hash"))
    for message in server.accepted:
        token = LINK.search(message.get_body(preferencelist=("plain",)).get_content()).group(1)
        assert hash_from_link(token) == hashes[message["To"]]


def test_opening_a_wave_of_2000_returns_at_once_and_a_restarted_worker_mails_each_once(
    client, mail_server, workers
):
    unit = people(2000)
    wave = make_wave([unit], opened=False)
    client.force_login(make_account(Role.PROGRAMME_STAFF))
    url = reverse("assessments:wave_open", args=[wave.pk])
    started = time.monotonic()
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a double click
    answered_in = time.monotonic() - started
    assert mail_server.accepted == []  # the request did not wait for any mail
    assert OxTask.objects.filter(task_path__endswith="send_wave_mail").count() == 1
    assert Invitation.objects.filter(wave=wave, mail="queued").count() == 2000

    mail_server.hold_at = 700  # the 700th message is held until the worker is gone
    first = workers.start(mail_server.port)
    wait_for(lambda: mail_server.holding, 120, "the 700th message")
    first.kill()
    mail_server.release()
    assert Invitation.objects.filter(wave=wave, mail="sent").count() == 699

    workers.start(mail_server.port)
    wait_for(all_sent(wave, 2000), 180, "every invitation sent by the second worker")
    assert_each_once_with_its_current_link(mail_server, wave, 2000)
    task = OxTask.objects.get(task_path__endswith="send_wave_mail")
    # Two attempts at least (the killed one, the finishing one); on a loaded machine a 2 s lease
    # can lapse between heartbeats and be taken again: still each message once, checked above.
    assert task.status == OxTask.Status.SUCCESSFUL and task.attempts >= 2, task.errors
    assert answered_in < 10


def test_a_mail_server_refusing_for_a_while_gets_every_message_once(mail_server, workers):
    unit = people(40)
    wave = make_wave([unit], opened=False)
    mail_server.refuse_next = 3  # three attempts refused (backoff 1 s, 2 s, 4 s), then accepted
    open_wave(wave=wave)
    workers.start(mail_server.port)
    wait_for(all_sent(wave, 40), 60, "every invitation sent after the refusals")
    assert mail_server.refused == 3
    assert_each_once_with_its_current_link(mail_server, wave, 40)
    task = OxTask.objects.get(task_path__endswith="send_wave_mail")
    assert task.attempts == 4 and task.status == OxTask.Status.SUCCESSFUL
    assert Wave.objects.get(pk=wave.pk).mail_error == ""


def test_a_task_enqueued_in_a_transaction_that_rolls_back_never_runs(mail_server, workers):
    doomed = make_wave([people(5)], opened=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        open_wave(wave=doomed)
        raise RuntimeError("a later step of the same transaction fails")
    witness = make_wave([people(3)], opened=False)
    open_wave(wave=witness)
    workers.start(mail_server.port)
    wait_for(all_sent(witness, 3), 60, "the witness wave's mail")
    time.sleep(1)  # a worker that could see the other task has had every chance
    assert len(mail_server.accepted) == 3
    assert not Invitation.objects.filter(wave=doomed).exists()
    assert OxTask.objects.filter(task_path__endswith="send_wave_mail").count() == 1


def test_scheduled_reminders_under_two_workers_go_out_once(mail_server, workers):
    unit = people(20)
    wave = make_wave([unit], opened=False)
    open_wave(wave=wave, send=False)
    week_ago = timezone.now() - datetime.timedelta(days=8)
    Wave.objects.filter(pk=wave.pk).update(opened_at=week_ago)
    Invitation.objects.filter(wave=wave).update(mail="sent", sent_at=week_ago)
    done = Invitation.objects.filter(wave=wave).order_by("pk")[:5]
    Invitation.objects.filter(pk__in=[i.pk for i in done]).update(completed=True)
    for _ in range(2):  # the reminder schedule fires every second here (tests/worker_settings)
        workers.start(mail_server.port, "tests.worker_settings")
    wait_for(lambda: len(mail_server.accepted) >= 15, 60, "the reminders")
    time.sleep(3)  # more ticks pass under both workers
    assert len(mail_server.accepted) == 15 and set(mail_server.recipients().values()) == {1}
    assert all("Påminnelse" in message["Subject"] for message in mail_server.accepted)
    ticks = OxScheduleTick.objects.filter(schedule_name="wave-reminders", task__isnull=False)
    ticks = ticks.count()
    runs = OxTask.objects.filter(task_path__endswith="remind_due_waves").count()
    assert ticks >= 3 and runs == ticks  # each tick enqueued once, whichever worker saw it
