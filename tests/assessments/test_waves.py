"""Waves: creating, opening (invitations e-mailed through a real SMTP server), reminders."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from digit.assessments.models import Invitation, Wave
from digit.assessments.tokens import hash_from_link
from digit.assessments.waves import (
    MailStillQueued,
    WaveAlreadyOpened,
    WaveNotOpen,
    open_wave,
    remind,
)
from tests.assessments.conftest import make_instrument, make_wave, programme_covering
from tests.factories import make_person

pytestmark = pytest.mark.django_db


LINK = re.compile(r"http://\S+/assessments/invitation/(\S+)/")


def a_day_later(wave):
    """As if the last mail round of the wave went out yesterday."""
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Wave.objects.filter(pk=wave.pk).update(opened_at=yesterday)


def links_by_recipient(messages):
    found = {}
    for message in messages:
        body = message.get_body(preferencelist=("plain",)).get_content()
        found[message["To"]] = LINK.search(body).group(1)
    return found


def test_opening_invites_everyone_current_in_scope_including_sub_units(
    organisation, smtp_server, committed
):
    leaver = make_person(organisation["branch_a"], left_on=timezone.localdate())
    wave = make_wave([organisation["library"]], opened=False)
    with committed():
        assert open_wave(wave=wave) == 3  # library manager + branch A + branch B, not the leaver
    invited = set(Invitation.objects.filter(wave=wave).values_list("person__email", flat=True))
    expected = {organisation[k].email for k in ("library_manager", "employee_a", "employee_b")}
    assert invited == expected and leaver.email not in invited
    assert {m["To"] for m in smtp_server.messages} == expected
    wave.refresh_from_db()
    assert wave.opened_at is not None and wave.instrument.is_frozen
    assert Invitation.objects.filter(wave=wave, sent_at__isnull=True).count() == 0


def test_invitation_mail_holds_a_personal_link_of_which_only_the_hash_is_stored(
    organisation, smtp_server, committed
):
    wave = make_wave([organisation["library"]], opened=False)
    with committed():
        open_wave(wave=wave)
    message = smtp_server.messages[0]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Självskattning" in message["Subject"] or "självskattning" in message["Subject"]
    assert "Hej" in body and "Hello" in body  # Swedish, then English
    token = LINK.search(body).group(1)
    invitation = Invitation.objects.get(wave=wave, person__email=message["To"])
    assert invitation.token_hash == hash_from_link(token)
    assert token not in invitation.token_hash


def test_opening_twice_is_refused_and_sends_nothing_more(organisation, smtp_server, committed):
    wave = make_wave([organisation["museum"]], opened=False)
    with committed():
        open_wave(wave=wave)
    with pytest.raises(WaveAlreadyOpened):
        open_wave(wave=wave)
    assert len(smtp_server.messages) == 2
    assert Invitation.objects.filter(wave=wave).count() == 2


def test_reminders_go_only_to_those_not_finished_with_a_new_working_link(
    client, organisation, smtp_server, committed
):
    wave = make_wave([organisation["library"]], opened=False)
    with committed():
        open_wave(wave=wave)
    first_links = links_by_recipient(smtp_server.messages)
    done = organisation["employee_a"]
    Invitation.objects.filter(wave=wave, person=done).update(completed=True)
    smtp_server.messages.clear()
    a_day_later(wave)
    with committed():
        assert remind(wave=wave) == 2
    reminded = links_by_recipient(smtp_server.messages)
    assert done.email not in reminded and len(reminded) == 2
    assert all("Påminnelse" in m["Subject"] for m in smtp_server.messages)
    someone = organisation["employee_b"].email
    # The old link was replaced; the new one opens the landing page, whose button signs in.
    old_url = reverse("assessments:invitation", args=[first_links[someone]])
    assert client.get(old_url).status_code == 400
    new_url = reverse("assessments:invitation", args=[reminded[someone]])
    assert client.get(new_url).status_code == 200
    assert client.post(new_url).status_code == 302
    assert Invitation.objects.filter(wave=wave, reminded_at__isnull=False).count() == 2


def test_a_second_reminder_round_is_refused_while_the_first_is_fresh(
    organisation, smtp_server, committed
):
    wave = make_wave([organisation["museum"]], opened=False)
    with committed():
        open_wave(wave=wave)
    with pytest.raises(MailStillQueued):  # just opened: the invitations are the first round
        remind(wave=wave)
    a_day_later(wave)
    remind(wave=wave)  # queued, not sent yet
    with pytest.raises(MailStillQueued):
        remind(wave=wave)
    assert len(smtp_server.messages) == 2


def test_send_reminders_command_reminds_every_open_wave(organisation, smtp_server, committed):
    wave = make_wave([organisation["museum"]], opened=False)
    with committed():
        open_wave(wave=wave)
    smtp_server.messages.clear()
    a_day_later(wave)
    with committed():
        call_command("send_reminders")
    assert len(smtp_server.messages) == 2


def test_closed_wave_sends_no_reminders(organisation, smtp_server):
    today = timezone.localdate()
    wave = make_wave(
        [organisation["museum"]],
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(WaveNotOpen):
        remind(wave=wave)
    assert smtp_server.messages == []


def test_staff_create_open_and_remind_through_the_pages(
    client, staff, organisation, smtp_server, committed
):
    from tests.factories import PASSWORD

    client.login(email=staff.email, password=PASSWORD)
    instrument = make_instrument("Staff instrument")
    today = timezone.localdate()
    programme = programme_covering(today, today + datetime.timedelta(days=10))
    data = {
        "programme": programme.pk,
        "kind": "baseline",
        "name": "Hösten",
        "instrument": instrument.pk,
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=10)).isoformat(),
        "units": [organisation["museum"].pk],
    }
    response = client.post(reverse("assessments:wave_create"), data)
    wave = Wave.objects.get(name="Hösten")
    assert response["Location"] == reverse("assessments:wave_detail", args=[wave.pk])
    assert "2 personer ingår" in client.get(response["Location"]).content.decode()
    with committed():
        client.post(reverse("assessments:wave_open", args=[wave.pk]))
    assert len(smtp_server.messages) == 2
    page = client.get(reverse("assessments:wave_detail", args=[wave.pk])).content.decode()
    assert "Utskicket är klart." in page and 'max="2" value="2"' in page
    with committed():
        response = client.post(reverse("assessments:wave_remind", args=[wave.pk]), follow=True)
    assert "skickades inte igen" in response.content.decode()  # moments after the invitations
    a_day_later(wave)
    with committed():
        client.post(reverse("assessments:wave_remind", args=[wave.pk]))
    assert len(smtp_server.messages) == 4
    assert "Hösten" in client.get(reverse("assessments:wave_list")).content.decode()


def test_wave_pages_are_for_programme_staff_only(client, organisation, auditor):
    from tests.factories import PASSWORD

    wave = make_wave([organisation["museum"]], opened=False)
    for user in (organisation["library_manager"].user, auditor):
        client.force_login(user)
        assert client.get(reverse("assessments:wave_list")).status_code == 403
        assert client.post(reverse("assessments:wave_open", args=[wave.pk])).status_code == 403
    assert PASSWORD
    wave.refresh_from_db()
    assert wave.opened_at is None


def test_opening_is_all_or_nothing_and_mails_only_after_commit(
    organisation, smtp_server, committed
):
    from django.db import transaction

    wave = make_wave([organisation["library"]], opened=False)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        open_wave(wave=wave)
        raise RuntimeError("something later in the same transaction fails")
    wave.refresh_from_db()
    assert wave.opened_at is None and not wave.instrument.is_frozen
    assert Invitation.objects.filter(wave=wave).count() == 0
    assert smtp_server.messages == []


def test_staff_compute_and_see_the_reliability_of_a_wave(client, staff, organisation):
    from tests.assessments.conftest import submit_answers

    wave = make_wave([organisation["library"]])
    for n, key in enumerate(("library_manager", "employee_a", "employee_b")):
        submit_answers(wave, organisation[key], lambda item, n=n: n + item.order % 2)
    client.force_login(staff)
    response = client.post(reverse("assessments:wave_statistics", args=[wave.pk]))
    assert response.status_code == 302
    html = client.get(reverse("assessments:wave_detail", args=[wave.pk])).content.decode()
    assert "Cronbachs alfa" in html and ">3<" in html


def test_wave_form_offers_the_unit_tree_with_people_counts_in_swedish(client, staff, organisation):
    client.force_login(staff)
    html = client.get(reverse("assessments:wave_create")).content.decode()
    assert '<fieldset class="unit-tree"' in html and "<legend>Enheter som ingår</legend>" in html
    library, branch_a = organisation["library"], organisation["branch_a"]
    # The library (its manager) with its two branches: three people, one in branch A.
    assert re.search(rf'value="{library.pk}" id="id_units_{library.pk}"', html)
    assert re.search(rf'for="id_units_{library.pk}">Biblioteket <span class="count">\(3 ', html)
    assert f'for="id_units_{branch_a.pk}">Filial A <span class="count">(1 person)' in html
    nested = html.index(f'id="id_units_{library.pk}"') < html.index(f'id="id_units_{branch_a.pk}"')
    assert nested
    assert "Välj ett alternativ" in html and "Select an option" not in html
    assert "<select multiple" not in html


def test_a_refused_wave_form_keeps_the_ticked_units(client, staff, organisation):
    client.force_login(staff)
    museum = organisation["museum"]
    response = client.post(reverse("assessments:wave_create"), {"units": [museum.pk]})
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert f'value="{museum.pk}" id="id_units_{museum.pk}" checked' in html
