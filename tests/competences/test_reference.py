"""The per-process cache of a framework's levels, areas and competences."""

import pytest
from django.test import override_settings

from digit.competences import reference
from digit.competences.models import Area, Competence, Framework
from tests.assessments.conftest import ensure_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    ensure_reference_data()
    reference.forget()
    yield Framework.objects.get(slug="digcomp-2.2")
    reference.forget()


def test_reads_levels_areas_and_competences_of_the_framework(framework):
    data = reference.reference_of(framework.id)
    assert [area.code for area in data.areas] == list(
        Area.objects.filter(framework=framework).values_list("code", flat=True)
    )
    assert len(data.competences) == Competence.objects.filter(area__framework=framework).count()
    assert set(data.level_words()) == set(framework.levels.values_list("number", flat=True))


@override_settings(DIGIT_REFERENCE_CACHE_SECONDS=60)
def test_is_read_once_then_served_from_memory(framework, django_assert_num_queries):
    reference.reference_of(framework.id)
    with django_assert_num_queries(0):
        reference.reference_of(framework.id)


@override_settings(DIGIT_REFERENCE_CACHE_SECONDS=60)
def test_an_added_competence_shows_at_once_in_this_process(framework):
    before = len(reference.reference_of(framework.id).competences)
    area = Area.objects.filter(framework=framework).first()
    Competence.objects.create(
        area=area, code=f"{area.code}.9", title_sv="Egen", title_en="Own", is_custom=True
    )
    assert len(reference.reference_of(framework.id).competences) == before + 1


@override_settings(DIGIT_REFERENCE_CACHE_SECONDS=0)
def test_a_lifetime_of_zero_reads_every_time(framework, django_assert_num_queries):
    reference.reference_of(framework.id)
    with django_assert_num_queries(3):
        reference.reference_of(framework.id)


@override_settings(DIGIT_REFERENCE_CACHE_SECONDS=60)
@pytest.mark.usefixtures("shared_cache")
def test_an_edit_committed_in_another_process_is_read_at_once(
    framework, django_assert_num_queries, django_capture_on_commit_callbacks
):
    reference.reference_of(framework.id)
    with django_assert_num_queries(0):
        reference.reference_of(framework.id)
    # Another application server saves a competence: after its commit, the shared version
    # changes (its own memory is cleared; ours is not, we are another process).
    with django_capture_on_commit_callbacks(execute=True):
        reference.transaction.on_commit(reference._new_version)
    with django_assert_num_queries(3):
        reference.reference_of(framework.id)
