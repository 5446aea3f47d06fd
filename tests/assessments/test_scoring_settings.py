"""The measurement page: rules editable until the follow-up, the frozen baseline shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from digit.assessments import scoring
from digit.assessments.instruments import get_default_instrument
from digit.assessments.models import MeasurementSettings, Wave, WaveStatistics
from tests.factories import make_person, make_unit
from tests.programmes.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return make_programme(make_unit())


def wave(programme, kind=Wave.Kind.BASELINE, opened=True, year=2026):
    return Wave.objects.create(
        programme=programme,
        kind=kind,
        name=f"{kind} {year}",
        instrument=get_default_instrument(),
        opens_on=datetime.date(year, 2, 1),
        closes_on=datetime.date(year, 3, 1),
        opened_at=timezone.now() if opened else None,
    )


RULES = {
    "rci_critical_value": "1.645",
    "active_min_frequency": "4",
    "active_min_practices": "5",
    "active_min_domains": "2",
}


def url(programme):
    return reverse("assessments:measurement", args=[programme.pk])


def test_staff_set_the_rules_before_the_follow_up(client, staff, programme):
    client.force_login(staff)
    assert client.get(url(programme)).status_code == 200
    response = client.post(url(programme), RULES)
    assert response.status_code == 302
    settings = MeasurementSettings.objects.get(programme=programme)
    assert str(settings.rci_critical_value) == "1.645"
    assert (settings.active_min_frequency, settings.active_min_practices) == (4, 5)
    assert settings.active_min_domains == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("rci_critical_value", "0.5"), ("active_min_practices", "9"), ("active_min_domains", "5")],
)
def test_rules_out_of_range_are_refused(client, staff, programme, field, value):
    client.force_login(staff)
    response = client.post(url(programme), {**RULES, field: value})
    assert response.status_code == 200 and "error-summary" in response.text
    assert MeasurementSettings.objects.get(programme=programme).active_min_practices == 4


def test_rules_are_fixed_once_a_follow_up_has_opened(client, staff, programme):
    wave(programme, Wave.Kind.FOLLOW_UP, year=2027)
    client.force_login(staff)
    client.post(url(programme), RULES)
    assert MeasurementSettings.objects.get(programme=programme).active_min_practices == 4
    with pytest.raises(scoring.SettingsFixed):
        scoring.update_measurement_settings(
            programme=programme,
            rci_critical_value=1.645,
            active_min_frequency=3,
            active_min_practices=4,
            active_min_domains=3,
        )


def test_the_page_shows_the_frozen_baseline_and_its_threshold(client, auditor, programme):
    baseline = wave(programme)
    MeasurementSettings.objects.create(
        programme=programme,
        baseline_wave=baseline,
        baseline_reliability=0.93,
        baseline_sd=15,
        frozen_at=timezone.now(),
    )
    WaveStatistics.objects.create(
        wave=baseline, respondents=120, alpha_total=0.93, alpha_by_area={"1": 0.8}, sd_total=15
    )
    client.force_login(auditor)
    page = client.get(url(programme), headers={"accept-language": "en"})
    assert "11.0" in page.text  # 1.96 · 15 · √2 · √0.07
    assert "0.930" in page.text and "120" in page.text
    assert '<form method="post" novalidate>' not in page.text  # auditors read only
    assert client.post(url(programme), RULES).status_code == 403  # and nothing changes:
    assert MeasurementSettings.objects.get(programme=programme).active_min_practices == 4


def test_staff_compute_statistics_and_update_verdicts(client, staff, programme):
    baseline = wave(programme)
    follow_up = wave(programme, Wave.Kind.FOLLOW_UP, year=2027)
    client.force_login(staff)
    client.post(
        reverse("assessments:measurement_wave_statistics", args=[programme.pk, baseline.pk])
    )
    assert WaveStatistics.objects.get(wave=baseline).respondents == 0
    response = client.post(
        reverse("assessments:measurement_wave_verdicts", args=[programme.pk, follow_up.pk])
    )
    assert response.status_code == 302
    # A baseline is not a follow-up: no verdicts to update there.
    verdicts_of_baseline = reverse(
        "assessments:measurement_wave_verdicts", args=[programme.pk, baseline.pk]
    )
    assert client.post(verdicts_of_baseline).status_code == 404


def test_managers_and_employees_never_see_it(client, organisation, programme):
    client.force_login(organisation["library_manager"].user)
    assert client.get(url(programme)).status_code == 403
    client.force_login(make_person().user)
    assert client.get(url(programme)).status_code == 403


def test_wave_of_another_programme_is_404(client, staff, programme):
    other = make_programme(make_unit())
    foreign = wave(other)
    client.force_login(staff)
    target = reverse("assessments:measurement_wave_statistics", args=[programme.pk, foreign.pk])
    assert client.post(target).status_code == 404
