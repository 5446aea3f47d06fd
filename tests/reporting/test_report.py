"""Progress and final reports from live data: figures with data date and source page, the
free-text sections with history, PDF/UA and XLSX, the costs section marked as pending."""

import io
import re
import zlib

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from digit.learning.models import Attendance
from digit.reporting.models import ReportText
from digit.reporting.report import report_data, report_pdf
from tests.factories import make_account, make_person
from tests.reporting.factories import attend, participant, past_session, reporting_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organisation):
    programme = reporting_programme(organisation["root"])
    year = timezone.localdate().year  # ages relative to the test's today (tests/clock.py)
    for _ in range(3):
        participant(programme, organisation["branch_a"], gender="woman", birth_year=year - 35)
    man = participant(programme, organisation["exhibitions"], gender="man", birth_year=year - 66)
    attend(man, past_session(programme, days_ago=5), Attendance.Status.PARTIAL, 30)
    absent = make_person(organisation["branch_b"])
    attend(absent, past_session(programme, days_ago=3), Attendance.Status.ABSENT, 0)
    return programme


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (metadata may sit in one)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def table(report, key):
    return next(t for t in report.tables if t.key == key)


def test_participants_by_gender_age_band_and_unit_hours_and_activities(programme):
    report = report_data(programme, start=programme.starts_on, end=programme.ends_on)
    assert report.is_final
    assert table(report, "participants").rows[0][1] == [3, 1, 0, 4]
    bands = dict(table(report, "age_bands").rows)
    assert bands["30–39"][0] == 3  # 34 or 35 years old
    units = dict(table(report, "units").rows)
    assert units["Biblioteket"] == [3, 0, 0, 3]
    assert units["Museet"] == [0, 1, 0, 1]
    assert table(report, "hours").rows[0][1] == [6.0, 2.5, 0.0, 8.5]  # 4×120 + 30 minutes
    (kind, (activities, sessions)) = table(report, "activities").rows[0]
    assert (activities, sessions) == (5, 5)  # the absent-only session was not held for anyone


def test_every_table_carries_its_data_date_and_source_page(programme):
    report = report_data(programme, start=programme.starts_on, end=programme.ends_on)
    sources = {t.key: t.source for t in report.tables}
    assert sources["participants"] == reverse("reporting:register", args=[programme.pk])
    assert sources["goals"] == reverse("goals:dashboard", args=[programme.slug])
    assert all(t.data_at <= timezone.now() for t in report.tables)


def test_a_period_counts_only_participation_in_it(programme):
    today = timezone.localdate()
    report = report_data(programme, start=today.replace(day=1), end=today)
    assert report.is_final is False
    assert table(report, "hours").rows[0][1][3] <= 2.5


def test_texts_keep_their_history_and_the_newest_is_in_the_report(client, programme):
    staff = make_account(Role.PROGRAMME_STAFF)
    client.force_login(staff)
    url = reverse("reporting:report_text", args=[programme.pk, "gender_equality"])
    client.post(url, {"text": "Första versionen."})
    client.post(url, {"text": "Kvinnor och män deltog på lika villkor."})
    assert ReportText.objects.filter(section="gender_equality").count() == 2
    page = client.get(reverse("reporting:report", args=[programme.pk]))
    text = page.content.decode()
    assert "Kvinnor och män deltog på lika villkor." in text and "Första versionen." not in text
    history = client.get(url).content.decode()
    assert "Första versionen." in history


def test_the_pdf_is_tagged_pdf_ua_with_language_and_title(programme):
    report = report_data(programme, start=programme.starts_on, end=programme.ends_on)
    pdf = report_pdf(report, language="sv")
    assert pdf.startswith(b"%PDF")
    assert b"pdfuaid:part" in pdf_text(pdf)  # the PDF/UA identification in the XMP metadata
    inflated = pdf_text(pdf)
    assert b"/Lang" in inflated and b"/StructTreeRoot" in inflated
    assert b"Slutrapport" in inflated or b"/Title" in inflated


def test_the_xlsx_has_every_figure_with_date_and_source(client, programme):
    client.force_login(make_account(Role.AUDITOR))
    response = client.get(reverse("reporting:report_file", args=[programme.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 6
    assert any(row[3] == 4 and "/reporting/" in row[5] for row in rows[1:])


def test_the_costs_section_points_to_the_funding_app_now_that_it_is_installed(client, programme):
    client.force_login(make_account(Role.FINANCE))
    page = client.get(
        reverse("reporting:report", args=[programme.pk]), headers={"Accept-Language": "en"}
    ).content.decode()
    assert "See the funding app's claim for the period." in page
    assert "Not yet available:" not in page


def test_auditors_read_but_do_not_write_and_employees_are_refused(client, organisation, programme):
    client.force_login(make_account(Role.AUDITOR))
    assert client.get(reverse("reporting:report", args=[programme.pk])).status_code == 200
    url = reverse("reporting:report_text", args=[programme.pk, "summary"])
    assert client.post(url, {"text": "x"}).status_code == 403
    client.force_login(organisation["employee_a"].user)
    assert client.get(reverse("reporting:report", args=[programme.pk])).status_code == 403
