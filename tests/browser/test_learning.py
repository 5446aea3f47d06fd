"""In Chromium: an employee finds a recommended session and enrols (calendar file, e-mail), the
role model who leads it registers attendance and the hours appear for the employee; staff form
collegial groups and appoint a role model. Every page passes axe-core."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from django_ox.testing import run_tasks

from digit.assessments.models import Response
from digit.assessments.pseudonyms import pseudonym_for
from digit.learning.models import Attendance, GroupFormation, RoleModel
from tests.factories import PASSWORD, make_account, make_person
from tests.learning.factories import make_activity, make_programme, make_session, move_to_past
from tests.learning.test_role_models_and_groups import make_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.context.clear_cookies()


@pytest.fixture
def learning_world(organisation, smtp_server):
    from digit.access.roles import Role

    programme = make_programme(organisation["root"], slug="digit-test")
    leader = make_person(organisation["branch_b"], is_role_model=True, first_name="Rut")
    employee = organisation["employee_a"]
    wave = make_wave(programme)
    Response.objects.create(
        wave=wave,
        pseudonym=pseudonym_for(employee.pk),
        unit=employee.unit,
        gender=employee.gender,
        age_band="40–49",
        submitted_at=timezone.now(),
        total_score=35.0,
        competence_scores={"1.1": 10.0, "2.1": 60.0, "3.1": 80.0, "4.1": 90.0},
    )
    for n, person in enumerate(
        [make_person(organisation["exhibitions"], with_account=False) for _ in range(8)]
    ):
        Response.objects.create(
            wave=wave,
            pseudonym=pseudonym_for(person.pk),
            unit=person.unit,
            gender=person.gender,
            age_band="30–39",
            submitted_at=timezone.now(),
            total_score=50.0 + n,
        )
    activity = make_activity(
        programme, codes=("1.1",), title_sv="Sök smartare", level_from=1, level_to=2
    )
    session = make_session(
        activity,
        starts_in=datetime.timedelta(days=10),
        leader=leader,
        external_trainer="",
        capacity=12,
    )
    return {
        "programme": programme,
        "leader": leader,
        "employee": employee,
        "session": session,
        "staff": make_account(Role.PROGRAMME_STAFF),
        "smtp": smtp_server,
    }


def test_enrol_attend_and_see_hours(page, sign_in, assert_accessible, learning_world):
    world = learning_world
    employee, session = world["employee"], world["session"]

    # The employee finds the session among their recommendations and enrols.
    sign_in(page, employee.email, PASSWORD)
    page.goto("/learning/")
    assert_accessible(page)
    recommended = page.locator(".recommendations")
    assert "Sök smartare" in recommended.inner_text()
    recommended.get_by_role("button", name="Anmäl").first.click()
    page.wait_for_load_state("networkidle")
    assert "Du är anmäld" in page.locator("main").inner_text()
    assert_accessible(page)

    # The calendar file.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg in i din kalender (.ics)").click()
    ics = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in ics and f"UID:digit-session-{session.pk}@" in ics
    assert "TZID=Europe/Stockholm" in ics

    # The confirmation e-mail reached the SMTP server (sent by the worker, in-process here).
    run_tasks()
    assert [m["To"] for m in world["smtp"].messages] == [employee.email]

    # The session takes place; its leader registers attendance on their phone-sized page.
    move_to_past(session, days_ago=0)
    sign_out(page)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, world["leader"].email, PASSWORD)
    page.goto("/learning/leading/")
    assert_accessible(page)
    page.get_by_role("link", name="Registrera närvaro").first.click()
    assert_accessible(page)
    page.get_by_label("Närvarande", exact=True).check()
    page.get_by_role("button", name="Spara närvaro").click()
    page.wait_for_load_state("networkidle")
    assert "Närvaron är sparad" in page.locator("main").inner_text()
    assert Attendance.objects.get(person=employee).minutes == 120

    # The employee sees the hours.
    sign_out(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, employee.email, PASSWORD)
    year = timezone.localdate().year
    assert f"Utbildningstimmar {year}: 2,0" in page.locator("main").inner_text()
    page.goto("/learning/mine/")
    assert "2,00" in page.locator("table").last.inner_text()
    assert_accessible(page)


def test_staff_form_groups_and_appoint_a_role_model(
    page, sign_in, assert_accessible, learning_world
):
    world = learning_world
    programme = world["programme"]
    sign_in(page, world["staff"].email, PASSWORD)

    page.goto(f"/learning/programmes/{programme.slug}/groups/")
    assert_accessible(page)
    page.get_by_label("Minsta grupp").fill("6")
    page.get_by_label("Största grupp").fill("8")
    page.get_by_role("button", name="Bilda grupper").click()
    page.wait_for_load_state("networkidle")
    assert "grupper bildade" in page.locator("main").inner_text()
    assert page.get_by_role("table").count() == 1
    assert GroupFormation.objects.filter(programme=programme).exists()
    assert_accessible(page)

    # Adjust by hand: move someone from group 1 to group 2; the quality is shown again.
    page.get_by_label("Flytta till").select_option(label="Grupp 2")
    page.get_by_role("button", name="Flytta", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "Flyttad" in page.locator("main").inner_text()
    sizes = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(int(size) for size in sizes) == [6, 8]
    assert_accessible(page)

    page.goto(f"/learning/programmes/{programme.slug}/role-models/")
    assert_accessible(page)
    page.get_by_role("button", name="Utse").first.click()
    page.wait_for_load_state("networkidle")
    assert "är nu Digit-förebild" in page.locator("main").inner_text()
    appointed = RoleModel.objects.get(programme=programme)
    appointed.person.refresh_from_db()
    assert appointed.person.is_role_model
    assert_accessible(page)


def test_the_other_learning_pages_pass_axe(page, sign_in, assert_accessible, learning_world):
    from digit.learning.models import JournalEntry, ReflectionPrompt
    from digit.learning.services import enrol, register_attendance

    world = learning_world
    programme, session, employee = world["programme"], world["session"], world["employee"]
    phase = programme.phases.get(kind="self_reflection")
    ReflectionPrompt.objects.create(phase=phase, text_sv="Vad lärde du dig?", text_en="What?")
    enrol(session_id=session.pk, person=employee)
    move_to_past(session)
    register_attendance(session=session, marks={employee.pk: ("present", None)}, by=None)
    JournalEntry.objects.create(person=employee, text="Privat")

    sign_in(page, employee.email, PASSWORD)
    for url in (
        "/",
        f"/learning/activities/{session.activity_id}/",
        f"/learning/sessions/{session.pk}/",
        "/learning/journal/",
        f"/learning/journal/?session={session.pk}",
        f"/learning/sessions/{session.pk}/evaluate/",
    ):
        page.goto(url)
        assert_accessible(page)

    sign_out(page)
    sign_in(page, world["staff"].email, PASSWORD)
    for url in (
        "/learning/",
        "/learning/programmes/",
        "/learning/activities/new/",
        f"/learning/activities/{session.activity_id}/",
        f"/learning/activities/{session.activity_id}/sessions/new/",
        f"/learning/sessions/{session.pk}/",
        f"/learning/sessions/{session.pk}/attendance/",
        f"/learning/programmes/{programme.slug}/reflection/",
    ):
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)
