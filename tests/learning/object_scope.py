"""Object factories of the learning pages for the IDOR walker (tests/access).

Two programmes: one for the library (where the employee, the manager and the role model work)
and one for the museum (only the stranger). People see the catalogue of their own programmes;
staff, finance and auditors see every programme.
"""

from digit.access.roles import Role
from digit.learning.models import GroupFormation, GroupMembership, LearningGroup
from digit.learning.services import enrol, register_attendance
from tests.access.object_scope import Case, register
from tests.learning.factories import make_activity, make_programme, make_session, move_to_past

PERSON_ROLES = (Role.EMPLOYEE, Role.MANAGER, Role.ROLE_MODEL)
ORGANISATION_WIDE = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


def _sessions(world, **fields):
    mine = make_session(make_activity(make_programme(world.units["library"])), **fields)
    theirs = make_session(make_activity(make_programme(world.units["museum"])), **fields)
    return mine, theirs


@register("learning:session_detail", "learning:session_ics")
def browse_session(world, role):
    mine, theirs = _sessions(world)
    if role in ORGANISATION_WIDE:
        return Case(visible={"pk": theirs.pk})
    return Case(visible={"pk": mine.pk}, hidden={"pk": theirs.pk})


@register("learning:activity_detail")
def browse_activity(world, role):
    mine, theirs = _sessions(world)
    if role in ORGANISATION_WIDE:
        return Case(visible={"pk": theirs.activity_id})
    return Case(visible={"pk": mine.activity_id}, hidden={"pk": theirs.activity_id})


@register("learning:session_edit")
def session_edit(world, role):
    _mine, theirs = _sessions(world)
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": theirs.pk})
    return Case(hidden={"pk": theirs.pk})


@register("learning:activity_edit")
def activity_edit(world, role):
    _mine, theirs = _sessions(world)
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": theirs.activity_id})
    return Case(hidden={"pk": theirs.activity_id})


@register("learning:session_create")
def session_create(world, role):
    _mine, theirs = _sessions(world)
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"activity_pk": theirs.activity_id})
    return Case(hidden={"activity_pk": theirs.activity_id})


@register("learning:enrol")
def enrol_page(world, role):
    mine, theirs = _sessions(world)
    if role in PERSON_ROLES:
        return Case(visible={"pk": mine.pk}, hidden={"pk": theirs.pk}, method="post")
    return Case(hidden={"pk": mine.pk}, method="post")  # no person, nothing to enrol


@register("learning:staff_enrol")
def staff_enrol(world, role):
    _mine, theirs = _sessions(world)
    data = {"email": world.people["stranger"].email}
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": theirs.pk}, method="post", data=data)
    return Case(hidden={"pk": theirs.pk}, method="post", data=data)


@register("learning:cancel")
def cancel(world, role):
    mine, theirs = _sessions(world)
    strangers = enrol(session_id=theirs.pk, person=world.people["stranger"])
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": strangers.pk}, method="post")
    if role in PERSON_ROLES:
        own = enrol(session_id=mine.pk, person=world.person(role))
        return Case(visible={"pk": own.pk}, hidden={"pk": strangers.pk}, method="post")
    return Case(hidden={"pk": strangers.pk}, method="post")


@register("learning:attendance")
def attendance(world, role):
    led, other = _sessions(world)
    led.leader = world.people["role_model"]
    led.save()
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": other.pk})
    if role == Role.ROLE_MODEL:
        return Case(visible={"pk": led.pk}, hidden={"pk": other.pk})
    return Case(hidden={"pk": led.pk})


@register("learning:evaluate")
def evaluate(world, role):
    mine, theirs = _sessions(world)
    stranger = world.people["stranger"]
    person = world.person(role)
    if person is not None:
        enrol(session_id=mine.pk, person=person)
    enrol(session_id=theirs.pk, person=stranger)
    for session in (mine, theirs):
        move_to_past(session)
        marks = {e.person_id: ("present", None) for e in session.enrolments.all()}
        register_attendance(session=session, marks=marks, by=None)
    if role in PERSON_ROLES:
        return Case(visible={"pk": mine.pk}, hidden={"pk": theirs.pk})
    return Case(hidden={"pk": theirs.pk})


@register("learning:move_member")
def move_member(world, role):
    programme = make_programme(world.units["root"])
    other = make_programme(world.units["root"])
    formations = []
    for owner in (programme, other):
        formation = GroupFormation.objects.create(
            programme=owner, min_size=2, max_size=3, method="test", objective=0, bound=0, seconds=0
        )
        first = LearningGroup.objects.create(formation=formation, number=1)
        LearningGroup.objects.create(formation=formation, number=2)
        GroupMembership.objects.create(
            formation=formation, group=first, person=world.people["employee"]
        )
        formations.append(formation)
    target = formations[0].groups.get(number=2)
    data = {"person": world.people["employee"].pk, "group": target.pk}
    visible = {"slug": programme.slug, "formation_pk": formations[0].pk}
    hidden = {"slug": programme.slug, "formation_pk": formations[1].pk}
    if role == Role.PROGRAMME_STAFF:
        return Case(visible=visible, hidden=hidden, method="post", data=data)
    return Case(hidden=visible, method="post", data=data)
