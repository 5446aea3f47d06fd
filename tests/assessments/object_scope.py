"""Object factories of the assessments pages for the IDOR walker (tests/access)."""

from digit.access.roles import Role
from digit.assessments.models import Invitation
from tests.access.object_scope import Case, register
from tests.assessments.conftest import make_wave, submit_answers

PERSON_ROLES = (Role.EMPLOYEE, Role.MANAGER, Role.ROLE_MODEL)


def _waves(world):
    """An open wave the role's person is invited to, and one they are not invited to."""
    mine = make_wave([world.units["root"]], name="Mätning A")
    theirs = make_wave([world.units["museum"]], name="Mätning B")
    Invitation.objects.filter(wave=theirs).exclude(person=world.people["stranger"]).delete()
    return mine, theirs


@register("assessments:form")
def form(world, role):
    mine, theirs = _waves(world)
    if role in PERSON_ROLES:
        return Case(visible={"wave_id": mine.id}, hidden={"wave_id": theirs.id})
    return Case(hidden={"wave_id": mine.id})  # no person: not for them (403)


@register("assessments:person_profile", "assessments:person_profile_chart")
def person_profile(world, role, method="get"):
    wave = make_wave([world.units["branch_a"]], name="Mätning C")
    employee = world.people["employee"]
    submit_answers(wave, employee)
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": employee.pk}, method=method)
    # Managers never, auditors never, and not even the person through this staff route.
    return Case(hidden={"pk": employee.pk}, method=method)


@register("assessments:person_profile_pdf")
def person_profile_pdf(world, role):
    return person_profile(world, role, method="post")  # asks the worker for the file


@register("assessments:wave_detail")
def wave_detail(world, role):
    wave = make_wave([world.units["root"]], opened=False, name="Mätning D")
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": wave.pk})
    return Case(hidden={"pk": wave.pk})


@register("assessments:wave_open")
def wave_open(world, role):
    wave = make_wave([world.units["root"]], opened=False, name="Mätning E")
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": wave.pk}, method="post")
    return Case(hidden={"pk": wave.pk}, method="post")


@register("assessments:wave_remind", "assessments:wave_statistics", "assessments:wave_retry_mail")
def wave_remind(world, role):
    wave = make_wave([world.units["museum"]], name="Mätning F")
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": wave.pk}, method="post")
    return Case(hidden={"pk": wave.pk}, method="post")
