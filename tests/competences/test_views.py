"""The framework browser and the organisation's own competences."""

import pytest
from django.urls import reverse

from digit.competences.models import Area, Competence, Framework
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def detail_url():
    return reverse("competences:framework_detail", args=["digcomp-2.2"])


def add_url(area_code="2"):
    return reverse("competences:competence_create", args=["digcomp-2.2", area_code])


def test_a_single_framework_opens_directly(client):
    client.force_login(make_person().user)
    response = client.get(reverse("competences:framework_list"))
    assert response.status_code == 302 and response.url == detail_url()


def test_everyone_signed_in_browses_areas_competences_levels_and_attribution(client):
    client.force_login(make_person().user)
    page = client.get(detail_url(), headers={"accept-language": "en"})
    assert page.status_code == 200
    framework = Framework.objects.get(slug="digcomp-2.2")
    for competence in Competence.objects.filter(area__framework=framework):
        assert competence.code in page.text
    assert "CC BY 4.0" in page.text and "© European Union 2022" in page.text
    assert page.text.count('<th scope="row">') == framework.levels.count()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(detail_url()).status_code == 302


def test_unknown_framework_or_area_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("competences:framework_detail", args=["nope"])).status_code == 404
    assert client.get(add_url("99")).status_code == 404


def test_staff_add_an_own_competence_to_an_area(client, staff):
    client.force_login(staff)
    response = client.post(
        add_url("2"),
        {"code": "2.7", "title_sv": "Digitala möten", "title_en": "Digital meetings"},
    )
    assert response.status_code == 302
    competence = Competence.objects.get(code="2.7")
    assert competence.is_custom and competence.area.code == "2"
    framework = competence.area.framework
    assert (
        Competence.objects.filter(area__framework=framework).order_by("order").last() == competence
    )
    assert "Digitala möten" in client.get(detail_url()).text


def test_a_code_already_in_the_framework_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(add_url("2"), {"code": "1.1", "title_sv": "x", "title_en": "x"})
    assert response.status_code == 200 and "error-summary" in response.text
    assert Competence.objects.filter(code="1.1").count() == 1


def test_employees_and_auditors_cannot_add_competences(client, auditor):
    client.force_login(make_person().user)
    assert (
        client.post(add_url(), {"code": "2.9", "title_sv": "x", "title_en": "x"}).status_code == 403
    )
    client.force_login(auditor)
    assert client.get(add_url()).status_code == 403
    assert not Competence.objects.filter(code="2.9").exists()
    assert Area.objects.filter(code="2").exists()
