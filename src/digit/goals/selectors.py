"""Scoped reads for the goal figures: which programmes and units a user may see, and the
aggregated counts the figures are built from.

Every count is a GROUP BY over stored fields (Response, Change, Invitation, Person), never a
scan of answers. ``figure_inputs(programme)`` reads everything the goal figures need in a
handful of such queries into plain data; ``digit.goals.figures`` (no Django) computes them.
"""

import datetime
from collections.abc import Collection

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from digit.access.policy import ORGANISATION_WIDE, managed_unit_ids
from digit.access.roles import Role, has_role
from digit.assessments.models import Change, Invitation, Response, Wave
from digit.goals.freshness import data_version
from digit.goals.inputs import (
    FigureInputs,
    GroupCount,
    Targets,
    UnitTree,
    WaveInfo,
    choose_waves,
)
from digit.people.models import AGE_BANDS, Gender, Person, Unit
from digit.programmes.models import Programme
from digit.programmes.selectors import programmes_of_person
from digit.stats.suppression import Cell

DASHBOARD_ROLES = (*ORGANISATION_WIDE, Role.MANAGER)
PERSON_EXPORT_ROLES = (Role.PROGRAMME_STAFF, Role.AUDITOR)


def dashboard_programmes(user):
    """Programmes whose dashboard the user may open: organisation-wide roles see all; a
    manager sees the programmes that cover a unit they manage."""
    if has_role(user, *ORGANISATION_WIDE):
        return Programme.objects.all()
    if has_role(user, Role.MANAGER):
        units = Unit.objects.filter(id__in=managed_unit_ids(user)).select_related("parent")
        scope_ids = set()
        for unit in units:
            scope_ids |= {unit.id, *(ancestor.id for ancestor in unit.ancestors())}
        return Programme.objects.filter(scope_id__in=scope_ids)
    return Programme.objects.none()


def summary_programmes(user):
    """Programmes whose open summary the user may read: everyone sees the programmes of their
    own organisation; dashboard roles also see theirs."""
    if has_role(user, *ORGANISATION_WIDE):
        return Programme.objects.all()
    person = getattr(user, "person", None)
    ids = set(programmes_of_person(person).values_list("id", flat=True)) if person else set()
    ids |= set(dashboard_programmes(user).values_list("id", flat=True))
    return Programme.objects.filter(id__in=ids)


def goal_unit_ids(user, tree) -> set[int]:
    """Units of the programme whose figures the user may open (all for organisation-wide
    roles, the managed subtree for a manager)."""
    if has_role(user, *ORGANISATION_WIDE):
        return set(tree.ids)
    return managed_unit_ids(user) & set(tree.ids)


def get_goal_unit(user, tree, unit_id: int) -> int:
    """``unit_id`` if the user may see it within the programme, else 404."""
    if unit_id not in goal_unit_ids(user, tree):
        raise Http404
    return unit_id


def load_unit_tree(root_id: int) -> UnitTree:
    """The programme's unit tree, in one query."""
    return UnitTree.from_rows(root_id, Unit.objects.values_list("id", "parent_id", "name", "kind"))


_trees: dict[tuple[int, int | str], UnitTree] = {}


def unit_tree(root_id: int) -> UnitTree:
    """The programme's unit tree, kept in this process until units change (data version)."""
    key = (root_id, data_version())
    tree = _trees.get(key)
    if tree is None:
        if len(_trees) > 16:
            _trees.clear()
        tree = _trees[key] = load_unit_tree(root_id)
    return tree


def programme_waves(programme) -> list[Wave]:
    return list(programme.waves.order_by("opens_on", "id"))


def age_band_expression(field: str, on: datetime.date | None = None):
    """SQL CASE that gives the same labels as ``digit.people.models.age_band``."""
    year = (on or timezone.localdate()).year
    whens = []
    for low, high, label in AGE_BANDS:
        condition = Q(**{f"{field}__isnull": False})
        if low is not None:
            condition &= Q(**{f"{field}__lte": year - low})
        if high is not None:
            condition &= Q(**{f"{field}__gte": year - high})
        whens.append(When(condition, then=Value(label)))
    return Case(*whens, default=Value("–"))


GROUPING = ("unit_id", "gender", "age_band", "is_manager")


def _group_counts(rows, *sums: str) -> list[GroupCount]:
    """Rows grouped by GROUPING (as aliases) with n, x and ``sums``, as named tuples."""
    return [GroupCount(*row) for row in rows.values_list(*GROUPING, "n", "x", *sums)]


def latest_changes(programme, follow_up_ids: Collection[int] | None = None):
    """Each pseudonym's Change between the baseline and their latest follow-up wave (of
    ``follow_up_ids`` when given)."""
    changes = Change.objects.filter(follow_up__programme=programme)
    if follow_up_ids is not None:
        changes = changes.filter(follow_up_id__in=follow_up_ids)
    later = changes.filter(
        pseudonym=OuterRef("pseudonym"), follow_up__opens_on__gt=OuterRef("follow_up__opens_on")
    )
    return changes.exclude(Exists(later))


def change_counts(programme, follow_up_ids: Collection[int]) -> list[GroupCount]:
    """Latest change per pseudonym over the given follow-ups, grouped: n, increased, positive
    but not reliable, near the ceiling and the sum of changes (for the mean)."""
    if not follow_up_ids:
        return []
    increased = Q(verdict=Change.Verdict.INCREASED)
    return _group_counts(
        latest_changes(programme, follow_up_ids)
        .values(*GROUPING)
        .annotate(
            n=Count("id"),
            x=Count("id", filter=increased),
            positive_not_reliable=Count(
                "id", filter=~increased & Q(follow_up_total__gt=F("baseline_total"))
            ),
            near_ceiling=Count("id", filter=Q(near_ceiling=True)),
            change_sum=Sum(F("follow_up_total") - F("baseline_total"), default=0.0),
        )
        .order_by(),
        "positive_not_reliable",
        "near_ceiling",
        "change_sum",
    )


def changes_per_wave(programme) -> dict[int, list[GroupCount]]:
    """{follow-up wave id: its changes, grouped: n, reliably increased}."""
    rows = (
        Change.objects.filter(follow_up__programme=programme)
        .values("follow_up_id", *GROUPING)
        .annotate(n=Count("id"), x=Count("id", filter=Q(verdict=Change.Verdict.INCREASED)))
        .values_list("follow_up_id", *GROUPING, "n", "x")
        .order_by()
    )
    result: dict[int, list[GroupCount]] = {}
    for row in rows:
        result.setdefault(row[0], []).append(GroupCount(*row[1:]))
    return result


def earlier_changes(
    programme, counted: list[int], per_wave: dict[int, list[GroupCount]]
) -> list[list[GroupCount]]:
    """The cumulative change rows as published after each earlier counted follow-up. After the
    first one they are that wave's own changes (one change per person and wave): no query."""
    if len(counted) < 2:
        return []
    first = per_wave.get(counted[0], [])
    return [first] + [change_counts(programme, counted[:index]) for index in range(2, len(counted))]


def active_counts(wave_id: int | None) -> list[GroupCount]:
    """Submitted responses of a wave with an "active use" verdict, grouped: n, active."""
    if wave_id is None:
        return []
    return _group_counts(
        Response.objects.filter(wave_id=wave_id, submitted_at__isnull=False)
        .values(*GROUPING)
        .annotate(n=Count("is_active_user"), x=Count("id", filter=Q(is_active_user=True)))
        .order_by()
    )


def _cells_by_wave(rows) -> dict[int, Cell]:
    return {row["wave_id"]: Cell(row["n"], row["x"]) for row in rows}


def response_counts_by_wave(programme) -> dict[int, Cell]:
    """{wave id: (responses with an active-use verdict, active)} for the trend."""
    return _cells_by_wave(
        Response.objects.filter(wave__programme=programme, submitted_at__isnull=False)
        .values("wave_id")
        .annotate(n=Count("is_active_user"), x=Count("id", filter=Q(is_active_user=True)))
        .order_by()
    )


def units_with_responses_by_wave(programme) -> dict[int, frozenset[int]]:
    """{wave id: units with at least one submitted response in that wave}."""
    rows = (
        Response.objects.filter(wave__programme=programme, submitted_at__isnull=False)
        .values_list("wave_id", "unit_id")
        .distinct()
        .order_by()
    )
    result: dict[int, set[int]] = {}
    for wave_id, unit_id in rows:
        result.setdefault(wave_id, set()).add(unit_id)
    return {wave_id: frozenset(units) for wave_id, units in result.items()}


def units_with_attendance(programme) -> frozenset[int]:
    """Units (the person's current unit) with at least one attendance at a session of the
    programme's activities."""
    from digit.learning.models import Attendance

    # The learning app's tables may not be migrated yet while it is being built.
    if Attendance._meta.db_table not in connection.introspection.table_names():
        return frozenset()
    return frozenset(
        Attendance.objects.filter(session__activity__programme=programme)
        .exclude(status=Attendance.Status.ABSENT)
        .values_list("person__unit_id", flat=True)
        .distinct()
        .order_by()
    )


PERSON_GROUPING = {
    "unit_id": F("person__unit_id"),
    "gender": F("person__gender"),
    "age_band": age_band_expression("person__birth_year"),
    "is_manager": F("person__is_manager"),
}


def invitation_counts(wave_id: int | None) -> list[GroupCount]:
    """Invitations of a wave grouped by the invited person's current attributes: n invited,
    x completed."""
    if wave_id is None:
        return []
    return _group_counts(
        Invitation.objects.filter(wave_id=wave_id)
        .values(**PERSON_GROUPING)
        .annotate(n=Count("id"), x=Count("id", filter=Q(completed=True)))
        .order_by()
    )


def invitation_counts_by_wave(programme) -> dict[int, Cell]:
    return _cells_by_wave(
        Invitation.objects.filter(wave__programme=programme)
        .values("wave_id")
        .annotate(n=Count("id"), x=Count("id", filter=Q(completed=True)))
        .order_by()
    )


def invited_to_both(baseline_id: int | None, follow_up_id: int | None) -> int:
    """People invited to the baseline and to the given follow-up wave."""
    if baseline_id is None or follow_up_id is None:
        return 0
    return Invitation.objects.filter(
        wave_id=follow_up_id,
        person_id__in=Invitation.objects.filter(wave_id=baseline_id).values("person_id"),
    ).count()


def headcounts(on: datetime.date | None = None) -> list[GroupCount]:
    """Current people grouped by unit, gender, age band and role: n people, x role models."""
    return _group_counts(
        Person.objects.current()
        .values(
            "unit_id",
            "gender",
            "is_manager",
            age_band=age_band_expression("birth_year", on),
        )
        .annotate(n=Count("id"), x=Count("id", filter=Q(is_role_model=True)))
        .order_by()
    )


def wave_infos(programme) -> tuple[WaveInfo, ...]:
    return tuple(
        WaveInfo(
            id=wave.id,
            name=wave.name,
            kind=wave.kind,
            opens_on=wave.opens_on,
            closes_on=wave.closes_on,
            is_baseline=wave.kind == Wave.Kind.BASELINE,
            is_follow_up=wave.kind == Wave.Kind.FOLLOW_UP,
        )
        for wave in programme_waves(programme)
    )


def figure_inputs(programme, *, today: datetime.date | None = None) -> FigureInputs:
    """Everything ``digit.goals.figures.compute`` needs, read in a handful of GROUP BY
    queries: first what decides which waves count, then the rows of those waves."""
    today = today or timezone.localdate()
    min_size = settings.DIGIT_MIN_CELL_SIZE
    waves = wave_infos(programme)
    per_wave = changes_per_wave(programme)
    responses = response_counts_by_wave(programme)
    invitations = invitation_counts_by_wave(programme)
    choice = choose_waves(
        waves,
        today=today,
        min_cell_size=min_size,
        changes_by_wave={
            wave_id: Cell(sum(r.n for r in rows), sum(r.x for r in rows))
            for wave_id, rows in per_wave.items()
        },
        responses_by_wave=responses,
        invitations_by_wave=invitations,
    )
    latest_answered, latest_follow_up = choice.latest_answered, choice.latest_follow_up
    counted = [wave.id for wave in choice.follow_ups]
    return FigureInputs(
        programme_id=programme.pk,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        today=today,
        computed_at=timezone.now(),
        min_cell_size=min_size,
        targets=Targets(
            increased=float(programme.target_increased_share),
            active=float(programme.target_active_share),
            role_models=programme.target_role_models,
            unit_coverage=float(programme.target_unit_coverage),
        ),
        tree=unit_tree(programme.scope_id),
        gender_order=tuple(Gender.values),
        age_order=(*(label for _low, _high, label in AGE_BANDS), "–"),
        waves=waves,
        choice=choice,
        headcounts=headcounts(),
        changes=change_counts(programme, counted),
        earlier_changes=earlier_changes(programme, counted, per_wave),
        changes_per_wave=per_wave,
        responses_by_wave=responses,
        invitations_by_wave=invitations,
        active=active_counts(latest_answered.id if latest_answered else None),
        invitations=invitation_counts(choice.participation.id if choice.participation else None),
        invited_both=invited_to_both(
            choice.baseline.id if choice.baseline else None,
            latest_follow_up.id if latest_follow_up else None,
        ),
        units_with_responses=units_with_responses_by_wave(programme),
        units_with_attendance=units_with_attendance(programme),
    )
