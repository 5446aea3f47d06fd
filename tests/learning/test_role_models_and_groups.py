import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from digit.assessments.pseudonyms import pseudonym_for
from digit.learning.groups import form_learning_groups, latest_formation, move_member, quality
from digit.learning.models import GroupMembership, RoleModel
from digit.learning.role_models import appoint, end_appointment, suggestions
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(organisation):
    units = [organisation[k] for k in ("branch_a", "branch_b", "exhibitions")]
    return [
        make_person(units[i % 3], with_account=False, gender="man" if i % 3 == 0 else "woman")
        for i in range(24)
    ]


def test_appointment_sets_the_role_and_is_refused_beyond_the_target(programme, organisation, staff):
    programme.target_role_models = 2
    programme.save()
    a, b, c = (organisation[k] for k in ("employee_a", "employee_b", "employee_museum"))
    appoint(programme=programme, person=a, by=staff)
    appoint(programme=programme, person=b, by=staff)
    a.refresh_from_db()
    assert a.is_role_model
    with pytest.raises(ValidationError, match="target|målet"):
        appoint(programme=programme, person=c, by=staff)
    c.refresh_from_db()
    assert not c.is_role_model
    assert RoleModel.objects.filter(programme=programme, ended_at__isnull=True).count() == 2


def test_ending_an_appointment_frees_a_place(programme, organisation, staff):
    programme.target_role_models = 1
    programme.save()
    first = appoint(programme=programme, person=organisation["employee_a"], by=staff)
    end_appointment(appointment=first)
    organisation["employee_a"].refresh_from_db()
    assert not organisation["employee_a"].is_role_model
    appoint(programme=programme, person=organisation["employee_b"], by=staff)


def test_appointing_beyond_the_target_through_the_page_shows_the_message(
    client, programme, organisation, staff
):
    programme.target_role_models = 1
    programme.save()
    client.force_login(staff)
    url = reverse("learning:role_models", args=[programme.slug])
    client.post(url, {"person": organisation["employee_a"].pk})
    response = client.post(url, {"person": organisation["employee_b"].pk}, follow=True)
    message = [str(m) for m in response.context["messages"]][-1]
    assert "1" in message and ("target" in message or "målet" in message)
    assert RoleModel.objects.filter(programme=programme).count() == 1


def test_suggestions_rank_by_latest_total_score(programme, organisation, staff, crowd):
    from digit.assessments.models import Response

    wave = make_wave(programme)
    for person, total in ((crowd[0], 40.0), (crowd[1], 90.0), (crowd[2], 70.0)):
        Response.objects.create(
            wave=wave,
            pseudonym=pseudonym_for(person.pk),
            unit=person.unit,
            gender=person.gender,
            age_band="40–49",
            submitted_at=timezone.now(),
            total_score=total,
        )
    ranked = [row.person for row in suggestions(programme)]
    assert ranked[:3] == [crowd[1], crowd[2], crowd[0]]
    assert all(row.new_department for row in suggestions(programme))


def make_wave(programme):
    import datetime

    from digit.assessments.models import Instrument, Wave
    from tests.learning.factories import competence

    framework = competence("1.1").area.framework
    instrument = Instrument.objects.create(name=f"Test {programme.pk}", framework=framework)
    return Wave.objects.create(
        programme=programme,
        kind="baseline",
        name="Baseline",
        instrument=instrument,
        opens_on=datetime.date(2020, 1, 1),
        closes_on=datetime.date(2020, 2, 1),
    )


def test_groups_are_formed_stored_and_adjusted_by_hand(programme, organisation, staff, crowd):
    appoint(programme=programme, person=crowd[0], by=staff)
    formation = form_learning_groups(programme=programme, min_size=6, max_size=8, by=staff)
    people = 24 + 5  # the crowd and the organisation fixture's five
    assert GroupMembership.objects.filter(formation=formation).count() == people
    report = quality(formation)
    assert report["sizes_ok"] and report["objective"] >= report["bound"] - 1e-6
    assert all(row["group"].role_model_id == crowd[0].pk for row in report["groups"])
    assert latest_formation(programme) == formation
    first, second = report["groups"][0], report["groups"][1]
    mover = first["members"][0].person
    move_member(formation=formation, person_id=mover.pk, group_id=second["group"].pk)
    after = quality(formation)
    assert len(after["groups"][1]["members"]) == len(second["members"]) + 1
    assert GroupMembership.objects.get(formation=formation, person=mover).group == second["group"]


def test_staff_form_groups_through_the_page(client, programme, staff, crowd):
    client.force_login(staff)
    url = reverse("learning:groups", args=[programme.slug])
    response = client.post(url, {"min_size": 6, "max_size": 8}, follow=True)
    assert response.status_code == 200
    assert "quality" in response.context
    response = client.post(url, {"min_size": 20, "max_size": 25})
    assert response.status_code == 200 and response.context["form"].errors


def test_the_gap_to_the_bound_is_a_percentage_that_is_not_rounded_to_nothing(
    client, programme, staff, crowd
):
    """Objective 151,10 against a bound of 151,07 is "0,02 %" from the best, not "0,00"."""
    client.force_login(staff)
    url = reverse("learning:groups", args=[programme.slug])
    client.post(url, {"min_size": 6, "max_size": 8})
    formation = latest_formation(programme)
    objective = quality(formation)["objective"]
    type(formation).objects.filter(pk=formation.pk).update(bound=objective / 1.0002)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").text
    assert "högst 0,02\xa0% från bästa möjliga" in page
