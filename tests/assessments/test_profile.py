"""The personal profile: what it shows, the chart and the PDF, and who may see it."""

import pytest
from django.urls import resolve, reverse
from django_ox.testing import run_tasks

from digit.assessments.models import Change, MeasurementSettings
from tests.assessments.conftest import baseline_and_follow_up, make_wave, submit_answers
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(organisation):
    return organisation["employee_a"]


@pytest.fixture
def with_change(organisation, person):
    """Six people at baseline; ``person`` reliably improves at follow-up."""
    people = [person] + [make_person(organisation["branch_a"]) for _ in range(5)]
    baseline, follow_up = baseline_and_follow_up(people)
    submit_answers(follow_up, person, lambda item: 3)
    return baseline, follow_up


def test_profile_shows_tables_levels_strengths_and_gaps(client, organisation, person):
    wave = make_wave([organisation["root"]])
    submit_answers(wave, person, lambda item: 1 + (item.order % 3))
    client.login(email=person.email, password=PASSWORD)
    html = client.get(reverse("assessments:my_profile")).content.decode()
    assert "Din kompetensprofil" in html
    assert "<table>" in html and "Kompetenser" in html
    assert "nivå 1–6" in html  # self-report places people in levels 1–6 only
    assert "Styrkor" in html and "Utvecklingsområden" in html
    assert 'src="/assessments/profile/chart.svg?wave=' in html
    assert "Din totalpoäng är" in html  # the text summary


def test_profile_shows_reliable_change_in_plain_language(client, person, with_change):
    baseline, follow_up = with_change
    change = Change.objects.get(follow_up=follow_up)
    assert change.verdict == Change.Verdict.INCREASED
    client.login(email=person.email, password=PASSWORD)
    html = client.get(reverse("assessments:my_profile")).content.decode()
    assert "Förändring sedan förra mätningen" in html
    assert "Säkert ökat" in html
    assert "säkert ökat" in html  # the sentence
    assert baseline.name in html  # the previous wave's column


def test_no_reliable_change_states_the_threshold(client, organisation, person):
    people = [person] + [make_person(organisation["branch_a"]) for _ in range(5)]
    baseline, follow_up = baseline_and_follow_up(people)
    submit_answers(follow_up, person, lambda item: item.order % 3)
    client.login(email=person.email, password=PASSWORD)
    html = client.get(reverse("assessments:my_profile")).content.decode()
    settings = MeasurementSettings.objects.get(programme=follow_up.programme)
    assert settings.frozen_at is not None
    if Change.objects.get(follow_up=follow_up).verdict == Change.Verdict.NO_RELIABLE_CHANGE:
        assert "måste vara minst" in html


def test_chart_is_svg_without_scripts(client, person, with_change):
    client.login(email=person.email, password=PASSWORD)
    response = client.get(reverse("assessments:my_profile_chart"))
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<svg" in svg and "<script" not in svg
    assert "1.1" in svg


def _built_pdf(client, url):
    """Ask for the PDF, let the worker build it, fetch it from the file's page."""
    page = client.post(url)["Location"]
    run_tasks()
    pk = resolve(page).kwargs["pk"]
    return client.get(reverse("web:prepared_file_download", args=[pk]))


def test_pdf_download_is_a_real_pdf(client, person, with_change):
    client.login(email=person.email, password=PASSWORD)
    response = _built_pdf(client, reverse("assessments:my_profile_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_staff_open_any_persons_profile(client, staff, person, with_change):
    client.force_login(staff)
    url = reverse("assessments:person_profile", args=[person.pk])
    html = client.get(url).content.decode()
    assert person.full_name in html and "Säkert ökat" in html
    pdf = _built_pdf(client, reverse("assessments:person_profile_pdf", args=[person.pk]))
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["library_manager", "employee_b", "auditor"])
def test_managers_auditors_and_other_employees_get_404(
    client, organisation, auditor, person, who, with_change
):
    user = auditor if who == "auditor" else organisation[who].user
    client.force_login(user)
    for name in ("person_profile", "person_profile_chart"):
        assert client.get(reverse(f"assessments:{name}", args=[person.pk])).status_code == 404
    pdf = reverse("assessments:person_profile_pdf", args=[person.pk])
    assert client.post(pdf).status_code == 404


def test_employee_without_response_sees_an_empty_profile(client, person):
    client.login(email=person.email, password=PASSWORD)
    html = client.get(reverse("assessments:my_profile")).content.decode()
    assert "ingen inskickad självskattning" in html
    assert client.post(reverse("assessments:my_profile_pdf")).status_code == 404


def test_start_page_panel_continues_an_open_wave_then_links_the_profile(
    client, organisation, person
):
    wave = make_wave([organisation["root"]])
    client.login(email=person.email, password=PASSWORD)
    html = client.get(reverse("web:home")).content.decode()
    assert reverse("assessments:form", args=[wave.id]) in html
    submit_answers(wave, person)
    html = client.get(reverse("web:home")).content.decode()
    assert reverse("assessments:form", args=[wave.id]) not in html
    assert reverse("assessments:my_profile") in html


def test_own_profile_offers_sessions_for_the_gaps_and_the_enrol_button(
    client, organisation, person
):
    from tests.learning.factories import make_activity, make_programme, make_session

    wave = make_wave([organisation["root"]])
    # Weakest on the first items' competence: everything 3 except competence 1.1.
    submit_answers(wave, person, lambda item: 0 if item.key.startswith("1.1") else 3)
    activity = make_activity(
        make_programme(organisation["root"]), codes=("1.1",), level_from=1, level_to=3
    )
    session = make_session(activity)
    client.login(email=person.email, password=PASSWORD)
    html = client.get(reverse("assessments:my_profile")).content.decode()
    assert reverse("learning:session_detail", args=[session.pk]) in html
    assert reverse("learning:enrol", args=[session.pk]) in html
