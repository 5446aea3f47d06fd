"""The monthly participant files from live data: downloads in the agency's column order
(logged), marking as sent, which months must be sent again after a correction or a leaver,
and the reminder e-mail through a real SMTP server."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from digit.reporting.models import Disclosure, MonthlyFile
from digit.reporting.monthly_files import overview
from digit.reporting.tasks import remind_overdue_monthly_files
from tests.factories import make_account
from tests.reporting.factories import attend, participant, past_session, reporting_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organisation):
    return reporting_programme(organisation["root"])


@pytest.fixture
def finance():
    return make_account(Role.FINANCE)


def month_of(days_ago: int) -> datetime.date:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).replace(day=1)


def file_url(programme, month, fmt):
    return reverse("reporting:monthly_file", args=[programme.pk, month.year, month.month, fmt])


def mark_sent(client, programme, month):
    url = reverse("reporting:mark_sent", args=[programme.pk, month.year, month.month])
    return client.post(url)


def canonical_of(person):
    from digit.people import identity_seal

    return identity_seal.unseal(person.identity_number_sealed)


def test_the_csv_has_the_agency_columns_in_order_and_the_download_is_logged(
    client, organisation, programme, finance
):
    first = participant(programme, organisation["branch_a"], days_ago=70)
    second = participant(programme, organisation["branch_b"], days_ago=69)
    month = month_of(70)
    client.force_login(finance)
    response = client.get(file_url(programme, month, "csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response).decode())))
    assert rows[0] == ["personnummer", "startdatum", "slutdatum"]
    expected = {
        person.pk: [
            canonical_of(person),
            str(timezone.localdate() - datetime.timedelta(days=d)),
            "",
        ]
        for person, d in ((first, 70), (second, 69))
    }
    body = list(rows[1:])
    assert sorted(body) == sorted(expected.values()) or month != month_of(69)
    assert body[0] == expected[first.pk]  # chronological: the earlier start first
    (entry,) = Disclosure.objects.all()
    assert (entry.kind, entry.by, entry.count) == (Disclosure.Kind.EXPORT, finance, len(body))
    assert first in entry.people.all()


def test_the_xlsx_has_the_same_rows_as_text(client, organisation, programme, finance):
    person = participant(programme, organisation["branch_a"], days_ago=70)
    client.force_login(finance)
    response = client.get(file_url(programme, month_of(70), "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert header == ("personnummer", "startdatum", "slutdatum")
    assert first[0] == canonical_of(person)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PROGRAMME_STAFF])
def test_only_finance_downloads_files_or_marks_them_sent(client, organisation, programme, role):
    participant(programme, organisation["branch_a"], days_ago=70)
    client.force_login(make_account(role))
    month = month_of(70)
    assert client.get(file_url(programme, month, "csv")).status_code == 403
    assert mark_sent(client, programme, month).status_code == 403
    assert not Disclosure.objects.exists()
    page = client.get(reverse("reporting:monthly_files", args=[programme.pk]))
    assert page.status_code == (200 if role == Role.AUDITOR else 403)


def test_a_month_outside_the_reportable_ones_is_404(client, programme, finance):
    client.force_login(finance)
    future = timezone.localdate().replace(day=1) + datetime.timedelta(days=40)
    assert client.get(file_url(programme, future, "csv")).status_code == 404
    assert (
        client.get(f"/reporting/programmes/{programme.pk}/monthly-files/2020-13.csv").status_code
        == 404
    )
    assert not Disclosure.objects.exists()


def test_a_late_correction_asks_for_that_month_and_every_later_sent_month(
    client, organisation, programme, finance
):
    early, late = month_of(130), month_of(70)
    person = participant(programme, organisation["branch_a"], days_ago=70)
    client.force_login(finance)
    months = [s.month for s in overview(programme).months if s.month >= early]
    assert early in months and late in months
    for month in months:  # sent in order, as the agency wants them
        assert mark_sent(client, programme, month).status_code == 302
    assert overview(programme).to_resend == []
    # A late attendance correction: the person was at a session 130 days ago after all.
    attend(person, past_session(programme, days_ago=130))
    resend = [state.month for state in overview(programme).to_resend]
    assert resend == list(months)  # the earliest changed month and all later sent ones
    page = client.get(
        reverse("reporting:monthly_files", args=[programme.pk]), headers={"Accept-Language": "en"}
    )
    assert "Send these months again" in page.content.decode()
    mark_sent(client, programme, early)  # the corrected month sent again: the later ones follow
    assert [s.month for s in overview(programme).to_resend] == months[1:]
    for month in months[1:]:
        mark_sent(client, programme, month)
    assert overview(programme).to_resend == []


def test_a_leaver_changes_the_month_of_leaving(client, organisation, programme, finance):
    person = participant(programme, organisation["branch_a"], days_ago=130)
    client.force_login(finance)
    months = [s.month for s in overview(programme).months]
    for month in months:
        mark_sent(client, programme, month)
    left = timezone.localdate() - datetime.timedelta(days=70)
    person.employment_end = left
    person.save(update_fields=["employment_end"])
    state = overview(programme).month(left.replace(day=1))
    assert [(row.person_id, row.end) for row in state.rows] == [(person.pk, left)]
    assert overview(programme).to_resend[0].month == left.replace(day=1)


def test_the_reminder_goes_to_finance_once_for_months_due_and_not_sent(
    organisation, programme, finance, smtp_server, committed
):
    participant(programme, organisation["branch_a"], days_ago=70)
    overdue = [s for s in overview(programme).months if timezone.localdate() >= s.due]
    client_month = overdue[-1].month
    MonthlyFile.objects.create(
        programme=programme, month=client_month, sent_at=timezone.now(), sent_by=finance
    )
    with committed():
        remind_overdue_monthly_files.enqueue()
    # (The seed programme of the data migration gets its own reminder.)
    [message] = [m for m in smtp_server.messages if programme.name in m["Subject"]]
    assert message["To"] == finance.email
    assert message["Message-ID"].startswith(f"<digit-monthly-files-{programme.pk}-")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"- {overdue[0].month:%Y-%m} (" in body
    assert f"- {client_month:%Y-%m} (" not in body  # marked as sent: no reminder
    assert f"/reporting/programmes/{programme.pk}/monthly-files/" in body
    sent_before = len(smtp_server.messages)
    with committed():
        remind_overdue_monthly_files.enqueue()
    assert len(smtp_server.messages) == sent_before  # once per month


def test_the_reminder_is_on_the_schedule():
    schedules = settings.TASKS["default"]["OPTIONS"]["SCHEDULES"]
    assert schedules["monthly-file-reminders"]["task"] == (
        "digit.reporting.tasks.remind_overdue_monthly_files"
    )
