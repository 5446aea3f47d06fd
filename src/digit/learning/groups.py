"""Collegial learning groups in the app: load participants, call ``digit.grouping``, store the
result, and describe its quality for staff. The objective is defined in
``digit.grouping.objective`` (and docs/learning.md)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from digit.background import BUSY, task_state
from digit.grouping.objective import Problem, evaluate, relative_gap, violations
from digit.grouping.quality import assign_supporters, group_quality
from digit.grouping.solver import form_groups
from digit.learning.models import (
    GroupFormation,
    GroupFormationRequest,
    GroupMembership,
    LearningGroup,
)
from digit.learning.role_models import latest_totals, participants
from digit.people.models import Gender
from digit.stats.levels import level_for_percent

GENDERS = [value for value, _label in Gender.choices]
# Programmes with more participants are formed by the worker, with more time for the solver.
IN_REQUEST_LIMIT = 300
BACKGROUND_TIME_LIMIT = 60.0


def level_bands(person_ids) -> dict[int, int]:
    """Person id → DigComp level band (1–6) of their latest total score; absent = unknown."""
    return {
        person_id: int(level_for_percent(total))
        for person_id, total in latest_totals(person_ids).items()
    }


def _problem(people, bands: dict[int, int], min_size: int, max_size: int) -> Problem:
    unit_index: dict[int, int] = {}
    return Problem(
        units=[unit_index.setdefault(p.unit_id, len(unit_index)) for p in people],
        bands=[bands.get(p.pk, 0) for p in people],
        genders=[GENDERS.index(p.gender) if p.gender in GENDERS else 0 for p in people],
        role_models=[p.is_role_model for p in people],
        min_size=min_size,
        max_size=max_size,
    )


@transaction.atomic
def form_learning_groups(
    *, programme, min_size: int, max_size: int, by=None, time_limit: float = 6.0
) -> GroupFormation:
    """Form groups from the programme's current participants and store them."""
    _check_sizes(min_size, max_size)
    people = list(participants(programme).order_by("pk"))
    bands = level_bands([p.pk for p in people])
    try:
        problem = _problem(people, bands, min_size, max_size)
        result = form_groups(problem, time_limit=time_limit)
    except ValueError as error:
        raise ValidationError(
            _("%(count)s participants cannot be split into groups of %(min)s–%(max)s.")
            % {"count": len(people), "min": min_size, "max": max_size}
        ) from error
    role_model_indices = [i for i, p in enumerate(people) if p.is_role_model]
    supporters = assign_supporters(result.groups, problem, role_model_indices)
    formation = GroupFormation.objects.create(
        programme=programme,
        min_size=min_size,
        max_size=max_size,
        method=result.method,
        objective=result.objective,
        bound=result.bound,
        seconds=result.seconds,
        formed_by=by,
    )
    groups = LearningGroup.objects.bulk_create(
        LearningGroup(
            formation=formation,
            number=number,
            role_model=people[supporter] if supporter is not None else None,
        )
        for number, supporter in enumerate(supporters, start=1)
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(
            formation=formation,
            group=group,
            person=people[i],
            level_band=bands.get(people[i].pk, 0),
        )
        for group, members in zip(groups, result.groups, strict=True)
        for i in members
    )
    return formation


def _check_sizes(min_size: int, max_size: int) -> None:
    if not 2 <= min_size <= max_size:
        raise ValidationError(
            _("The smallest group size must be at least 2 and at most the largest.")
        )


def forms_in_background(programme) -> bool:
    return participants(programme).count() > IN_REQUEST_LIMIT


@transaction.atomic
def request_learning_groups(*, programme, min_size: int, max_size: int, by=None):
    """Ask the worker to form groups (``learning.tasks.form_requested_groups``)."""
    from digit.learning.tasks import form_requested_groups

    _check_sizes(min_size, max_size)
    request = GroupFormationRequest.objects.create(
        programme=programme, min_size=min_size, max_size=max_size, requested_by=by
    )
    request.task_id = form_requested_groups.enqueue(request.pk).id
    request.save(update_fields=["task_id"])
    return request


def form_requested(request: GroupFormationRequest) -> None:
    """Form the requested groups once: a task run again after a lost worker finds them done.
    A grouping that cannot exist is recorded as the request's error, not retried."""
    with transaction.atomic():
        request = GroupFormationRequest.objects.select_for_update().get(pk=request.pk)
        if request.formation_id or request.error:
            return
        try:
            with transaction.atomic():
                request.formation = form_learning_groups(
                    programme=request.programme,
                    min_size=request.min_size,
                    max_size=request.max_size,
                    by=request.requested_by,
                    time_limit=BACKGROUND_TIME_LIMIT,
                )
        except ValidationError as error:
            request.error = " ".join(error.messages)[:300]
        request.save(update_fields=["formation", "error"])


def pending_request(programme) -> dict | None:
    """The latest background request while it has not produced groups: its state and, when it
    failed, why. None when there is none or the groups it asked for are formed."""
    request = GroupFormationRequest.objects.filter(programme=programme).first()
    if request is None or request.formation_id:
        return None
    state = "failed" if request.error else task_state(request.task_id)
    return {"request": request, "state": state, "busy": state in BUSY}


def latest_formation(programme) -> GroupFormation | None:
    return programme.group_formations.order_by("-formed_at", "-id").first()


def quality(formation: GroupFormation) -> dict:
    """The formation as it is stored now (after any manual moves), with its objective, the
    bound proven when it was formed, and each group's mix."""
    memberships = list(
        GroupMembership.objects.filter(formation=formation)
        .select_related("person__unit", "group")
        .order_by("group__number", "person__last_name")
    )
    groups = list(formation.groups.select_related("role_model").order_by("number"))
    people = [m.person for m in memberships]
    problem = _problem(
        people,
        {m.person_id: m.level_band for m in memberships},
        formation.min_size,
        formation.max_size,
    )
    index_of_group = {g.pk: n for n, g in enumerate(groups)}
    members: list[list[int]] = [[] for _ in groups]
    for i, membership in enumerate(memberships):
        members[index_of_group[membership.group_id]].append(i)
    breakdown = evaluate(problem, members)
    rows = []
    for group, indices in zip(groups, members, strict=True):
        mix = group_quality(problem, indices)
        rows.append(
            {
                "group": group,
                "members": [memberships[i] for i in indices],
                "quality": mix,
                "bands": [(band, mix.bands.get(band, 0)) for band in range(0, 7)],
                "genders": [(Gender(GENDERS[g]).label, n) for g, n in mix.genders.items()],
            }
        )
    sizes_ok = all(formation.min_size <= len(m) <= formation.max_size for m in members)
    return {
        "formation": formation,
        "groups": rows,
        "breakdown": breakdown,
        "objective": breakdown.total,
        "bound": formation.bound,
        "gap": relative_gap(breakdown.total, formation.bound),
        "sizes_ok": sizes_ok,
        "people": len(memberships),
        "problems": [] if sizes_ok else violations(problem, members),
    }


@transaction.atomic
def move_member(*, formation: GroupFormation, person_id: int, group_id: int) -> None:
    """Move a person to another group of the same formation (staff adjusting by hand)."""
    membership = GroupMembership.objects.select_for_update().get(
        formation=formation, person_id=person_id
    )
    target = formation.groups.get(pk=group_id)
    if membership.group_id == target.pk:
        return
    membership.group = target
    membership.save(update_fields=["group"])
