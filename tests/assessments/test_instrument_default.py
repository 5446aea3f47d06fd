"""The default instrument: 3 items per competence, 8 work practices, defined scales."""

import pytest
from django.utils import translation

from digit.assessments import scales
from digit.assessments.models import Instrument, Item
from digit.competences.models import Competence

pytestmark = pytest.mark.django_db


def default():
    return Instrument.objects.get(name="Digit DigComp 2.2", version=1)


def test_one_knowledge_skill_and_attitude_item_per_competence():
    instrument = default()
    competences = Competence.objects.filter(area__framework=instrument.framework)
    for competence in competences:
        kinds = sorted(
            instrument.items.filter(competence=competence).values_list("kind", flat=True)
        )
        assert kinds == ["attitude", "knowledge", "skill"], competence.code
    assert instrument.items.exclude(kind=Item.Kind.PRACTICE).count() == 3 * competences.count()


def test_eight_practices_in_domains_with_stable_keys():
    practices = default().items.filter(kind=Item.Kind.PRACTICE)
    assert list(practices.values_list("key", flat=True)) == [f"P{n}" for n in range(1, 9)]
    assert set(practices.values_list("domain", flat=True)) == {d.value for d in Item.Domain}


def test_item_keys_name_competence_and_kind():
    item = default().items.get(key="4.1-S")
    assert item.competence.code == "4.1" and item.kind == Item.Kind.SKILL


def test_items_are_ordered_and_bilingual():
    items = list(default().items.all())
    assert [item.order for item in items] == list(range(1, len(items) + 1))
    assert all(item.text_sv and item.text_en and item.text_sv != item.text_en for item in items)


def test_scales_score_0_to_3_and_practices_0_to_4():
    for kind in ("knowledge", "skill", "attitude"):
        assert [o.value for o in scales.options_for(kind)] == [0, 1, 2, 3]
        assert scales.maximum_for(kind) == 3
    assert [o.value for o in scales.options_for("practice")] == [0, 1, 2, 3, 4]
    assert set(scales.SCALES) == {k.value for k in Item.Kind}


def test_scale_labels_follow_the_language():
    option = scales.options_for("skill")[1]
    with translation.override("en"):
        assert option.label == "I can do it with help"
    with translation.override("sv"):
        assert option.label == "Jag kan göra det med hjälp"
