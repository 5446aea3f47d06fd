"""Digit role models: suggestions from assessment results, appointment up to the programme's
target, and what each role model does (sessions led, groups supported, hours led)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from digit.assessments.models import Response
from digit.assessments.pseudonyms import pseudonym_for
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.learning.models import Attendance, LearningGroup, RoleModel, Session
from digit.people.models import Person, Unit, unit_subtree_ids


def participants(programme):
    """Current people in the programme's organisation (its root unit and everything below)."""
    return Person.objects.current().filter(unit_id__in=unit_subtree_ids([programme.scope_id]))


def latest_totals(people) -> dict[int, float]:
    """Person id → total score (0–100) of their latest submitted assessment."""
    by_pseudonym = {pseudonym_for(person_id): person_id for person_id in people}
    totals: dict[int, float] = {}
    rows = (
        Response.objects.filter(
            pseudonym__in=list(by_pseudonym), submitted_at__isnull=False, total_score__isnull=False
        )
        .order_by("submitted_at")
        .values_list("pseudonym", "total_score")
    )
    for pseudonym, total in cast(Iterable[tuple[str, float]], rows):  # totals are not null
        totals[by_pseudonym[pseudonym]] = total  # later responses overwrite earlier ones
    return totals


def department_of(unit_id: int, parents: dict, kinds: dict) -> int:
    """The department a unit belongs to: the nearest ancestor (or itself) of kind department,
    else the top unit just below the administration."""
    node = unit_id
    while (
        kinds.get(node) != Unit.Kind.DEPARTMENT
        and parents.get(node) is not None
        and kinds.get(parents[node]) != Unit.Kind.ADMINISTRATION
    ):
        node = parents[node]
    return node


def active_appointments(programme):
    return RoleModel.objects.filter(programme=programme, ended_at__isnull=True).select_related(
        "person__unit"
    )


@dataclass(frozen=True)
class DepartmentCoverage:
    name: str
    people: int
    role_models: int


@dataclass(frozen=True)
class GenderCoverage:
    gender: str
    people: int
    role_models: int


@dataclass(frozen=True)
class Coverage:
    """How the current role models spread over departments and genders."""

    departments: list[DepartmentCoverage]
    covered: int  # departments with at least one role model
    department_count: int
    genders: list[GenderCoverage]
    appointed: int
    target: int


@dataclass(frozen=True)
class Suggestion:
    """A participant who could be appointed, with what it would do to the coverage."""

    person: Person
    total: float
    department: str
    new_department: bool


@dataclass(frozen=True)
class RoleModelActivity:
    """What an appointed role model has done in the programme."""

    appointment: RoleModel
    person: Person
    sessions_held: int
    sessions_planned: int
    groups: int
    hours_led: float
    participant_hours: float


def coverage(programme) -> Coverage:
    """Departments and genders of the current role models against the whole population."""
    units = dict(Unit.objects.values_list("id", "parent_id"))
    kinds = dict(Unit.objects.values_list("id", "kind"))
    names = dict(Unit.objects.values_list("id", "name"))
    people = participants(programme).values_list("unit_id", "gender")
    population_departments = Counter(department_of(u, units, kinds) for u, _g in people)
    population_genders = Counter(g for _u, g in people)
    appointed = list(active_appointments(programme))
    departments = Counter(department_of(a.person.unit_id, units, kinds) for a in appointed)
    genders = Counter(a.person.gender for a in appointed)
    return Coverage(
        departments=[
            DepartmentCoverage(names[d], n, departments.get(d, 0))
            for d, n in sorted(population_departments.items(), key=lambda item: names[item[0]])
        ],
        covered=sum(1 for d in population_departments if departments.get(d)),
        department_count=len(population_departments),
        genders=[
            GenderCoverage(g, n, genders.get(g, 0)) for g, n in population_genders.most_common()
        ],
        appointed=len(appointed),
        target=programme.target_role_models,
    )


def suggestions(programme, limit: int = 50) -> list[Suggestion]:
    """Current participants not yet appointed, ranked by their latest total score.

    Each row says whether appointing them would add a department not yet covered, so staff
    can balance results against coverage.
    """
    people = list(participants(programme).select_related("unit"))
    totals = latest_totals([p.pk for p in people])
    units = dict(Unit.objects.values_list("id", "parent_id"))
    kinds = dict(Unit.objects.values_list("id", "kind"))
    names = dict(Unit.objects.values_list("id", "name"))
    appointed = list(active_appointments(programme))
    appointed_ids = {a.person_id for a in appointed}
    covered = {department_of(a.person.unit_id, units, kinds) for a in appointed}
    ranked = sorted(
        (p for p in people if p.pk in totals and p.pk not in appointed_ids),
        key=lambda p: (-totals[p.pk], p.last_name),
    )
    rows = []
    for person in ranked[:limit]:
        department = department_of(person.unit_id, units, kinds)
        rows.append(
            Suggestion(person, totals[person.pk], names[department], department not in covered)
        )
    return rows


@transaction.atomic
def appoint(*, programme, person, by) -> RoleModel:
    """Appoint a role model; refused beyond the programme's target."""
    type(programme).objects.select_for_update().get(pk=programme.pk)
    active = RoleModel.objects.filter(programme=programme, ended_at__isnull=True)
    if active.filter(person=person).exists():
        raise ValidationError(_("%(name)s is already a role model.") % {"name": person.full_name})
    if active.count() >= programme.target_role_models:
        raise ValidationError(
            _(
                "The programme already has %(count)s role models, its target. End an "
                "appointment before making a new one."
            )
            % {"count": programme.target_role_models}
        )
    if not participants(programme).filter(pk=person.pk).exists():
        raise ValidationError(_("Only current participants of the programme can be appointed."))
    appointment = RoleModel.objects.create(programme=programme, person=person, appointed_by=by)
    Person.objects.filter(pk=person.pk).update(is_role_model=True)
    audit.record(
        Kind.ROLE_CHANGED,
        actor=by,
        object_type="programme",
        object_id=programme.pk,
        subject_person_id=person.pk,
        detail="+role_model",
    )
    return appointment


@transaction.atomic
def end_appointment(*, appointment: RoleModel) -> None:
    ended = RoleModel.objects.filter(pk=appointment.pk, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    if ended:
        audit.record(
            Kind.ROLE_CHANGED,
            object_type="programme",
            object_id=appointment.programme_id,
            subject_person_id=appointment.person_id,
            detail="-role_model",
        )
    still = RoleModel.objects.filter(person_id=appointment.person_id, ended_at__isnull=True)
    if not still.exists():
        Person.objects.filter(pk=appointment.person_id).update(is_role_model=False)


def activity_of_role_models(programme) -> list[RoleModelActivity]:
    """Per appointed role model: sessions led (held / planned), groups supported, hours led."""
    now = timezone.now()
    rows = []
    for appointment in active_appointments(programme):
        person = appointment.person
        led = Session.objects.filter(leader=person, activity__programme=programme)
        held = led.filter(starts_at__lte=now)
        minutes_led = sum(s.minutes for s in held.only("starts_at", "ends_at"))
        groups = LearningGroup.objects.filter(
            role_model=person, formation__programme=programme
        ).filter(formation__in=programme.group_formations.order_by("-formed_at", "-id")[:1])
        participant_minutes = Attendance.objects.filter(session__in=held).aggregate(
            total=Sum("minutes")
        )["total"]
        rows.append(
            RoleModelActivity(
                appointment=appointment,
                person=person,
                sessions_held=held.count(),
                sessions_planned=led.filter(starts_at__gt=now).count(),
                groups=groups.count(),
                hours_led=minutes_led / 60,
                participant_hours=(participant_minutes or 0) / 60,
            )
        )
    return rows
