"""DigComp 2.2 is loaded by a migration, in Swedish and English, with its attribution."""

import pytest
from django.utils import translation

from digit.competences.models import Competence, Framework

pytestmark = pytest.mark.django_db


def digcomp():
    return Framework.objects.get(slug="digcomp-2.2")


def test_digcomp_2_2_has_5_areas_21_competences_and_8_levels():
    framework = digcomp()
    assert framework.areas.count() == 5
    assert Competence.objects.filter(area__framework=framework).count() == 21
    assert list(framework.levels.values_list("number", flat=True)) == list(range(1, 9))


def test_competence_codes_run_from_1_1_to_5_4_in_order():
    codes = list(
        Competence.objects.filter(area__framework=digcomp()).values_list("code", flat=True)
    )
    assert codes[0] == "1.1" and codes[-1] == "5.4"
    assert codes == sorted(codes, key=lambda c: tuple(int(p) for p in c.split(".")))


def test_every_text_exists_in_swedish_and_english():
    framework = digcomp()
    for row in [
        *framework.areas.all(),
        *Competence.objects.filter(area__framework=framework),
        *framework.levels.all(),
    ]:
        assert row.title_sv and row.title_en and row.description_sv and row.description_en


def test_titles_follow_the_active_language():
    competence = Competence.objects.get(code="2.5", area__framework=digcomp())
    with translation.override("sv"):
        assert competence.title == "Nätetikett"
    with translation.override("en"):
        assert competence.title == "Netiquette"


def test_levels_carry_band_words():
    level = digcomp().levels.get(number=5)
    with translation.override("en"):
        assert level.band == "Advanced"
    with translation.override("sv"):
        assert level.band == "Avancerad"


def test_attribution_names_the_licence_the_owner_and_the_changes():
    attribution = digcomp().attribution
    assert "CC BY 4.0" in attribution
    assert "© European Union 2022" in attribution
    assert "Changes:" in attribution
