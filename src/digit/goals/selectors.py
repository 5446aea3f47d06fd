"""Scoped reads for the goal figures: which programmes and units a user may see, and the
aggregated counts the figures are built from.

Every count is a GROUP BY over stored fields (Response, Change, Invitation, Person), never a
scan of answers. The rows come back grouped by unit, gender, age band and manager/employee;
``digit.goals.indicators`` rolls them up into the breakdowns.
"""

import datetime

from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from digit.access.policy import ORGANISATION_WIDE, managed_unit_ids
from digit.access.roles import Role, has_role
from digit.assessments.models import Change, Invitation, Response, Wave
from digit.people.models import AGE_BANDS, Person, Unit
from digit.programmes.models import Programme
from digit.programmes.selectors import programmes_of_person

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


class UnitTree:
    """The programme's units below its scope root: parent and children, and the path from each
    unit to the root (for rolling counts up). Loaded in one query."""

    def __init__(self, root_id: int):
        rows = list(Unit.objects.values_list("id", "parent_id", "name", "kind"))
        children: dict[int | None, list[int]] = {}
        self.names: dict[int, str] = {}
        self.kinds: dict[int, str] = {}
        for unit_id, parent_id, name, kind in rows:
            children.setdefault(parent_id, []).append(unit_id)
            self.names[unit_id] = name
            self.kinds[unit_id] = kind
        self.root = root_id
        self.children: dict[int, list[int]] = {}
        self.parent: dict[int, int | None] = {root_id: None}
        self.paths: dict[int, tuple[int, ...]] = {root_id: (root_id,)}
        self.ids: list[int] = []
        stack = [root_id]
        while stack:
            unit_id = stack.pop()
            self.ids.append(unit_id)
            kids = sorted(children.get(unit_id, []), key=lambda i: self.names[i])
            self.children[unit_id] = kids
            for kid in kids:
                self.parent[kid] = unit_id
                self.paths[kid] = (*self.paths[unit_id], kid)
                stack.append(kid)

    def is_leaf(self, unit_id: int) -> bool:
        return not self.children.get(unit_id)

    def depth(self, unit_id: int) -> int:
        return len(self.paths[unit_id]) - 1

    def __contains__(self, unit_id) -> bool:
        return unit_id in self.paths


_trees: dict[tuple[int, int], UnitTree] = {}


def unit_tree(root_id: int) -> UnitTree:
    """The programme's unit tree, kept in this process until units change (data version)."""
    from digit.goals.indicators import data_version

    key = (root_id, data_version())
    tree = _trees.get(key)
    if tree is None:
        if len(_trees) > 16:
            _trees.clear()
        tree = _trees[key] = UnitTree(root_id)
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


def latest_changes(programme):
    """Each pseudonym's Change between the baseline and their latest follow-up wave."""
    changes = Change.objects.filter(follow_up__programme=programme)
    later = Change.objects.filter(
        follow_up__programme=programme,
        pseudonym=OuterRef("pseudonym"),
        follow_up__opens_on__gt=OuterRef("follow_up__opens_on"),
    )
    return changes.exclude(Exists(later))


def change_counts(programme) -> list[dict]:
    """Latest change per pseudonym, grouped: n, increased, positive but not reliable, near the
    ceiling and the sum of changes (for the mean)."""
    increased = Q(verdict=Change.Verdict.INCREASED)
    return list(
        latest_changes(programme)
        .values(*GROUPING)
        .annotate(
            n=Count("id"),
            x=Count("id", filter=increased),
            positive_not_reliable=Count(
                "id", filter=~increased & Q(follow_up_total__gt=F("baseline_total"))
            ),
            near_ceiling=Count("id", filter=Q(near_ceiling=True)),
            change_sum=Sum(F("follow_up_total") - F("baseline_total")),
        )
        .order_by()
    )


def change_counts_by_wave(programme) -> dict[int, tuple[int, int]]:
    """{follow-up wave id: (people with a change, reliably increased)} for the trend."""
    rows = (
        Change.objects.filter(follow_up__programme=programme)
        .values("follow_up_id")
        .annotate(n=Count("id"), x=Count("id", filter=Q(verdict=Change.Verdict.INCREASED)))
        .order_by()
    )
    return {row["follow_up_id"]: (row["n"], row["x"]) for row in rows}


def active_counts(wave) -> list[dict]:
    """Submitted responses of a wave with an "active use" verdict, grouped: n, active."""
    return list(
        Response.objects.filter(wave=wave, submitted_at__isnull=False)
        .values(*GROUPING)
        .annotate(n=Count("is_active_user"), x=Count("id", filter=Q(is_active_user=True)))
        .order_by()
    )


def response_counts_by_wave(programme) -> dict[int, tuple[int, int]]:
    """{wave id: (responses with an active-use verdict, active)} for the trend."""
    rows = (
        Response.objects.filter(wave__programme=programme, submitted_at__isnull=False)
        .values("wave_id")
        .annotate(n=Count("is_active_user"), x=Count("id", filter=Q(is_active_user=True)))
        .order_by()
    )
    return {row["wave_id"]: (row["n"], row["x"]) for row in rows}


def units_with_responses_by_wave(programme) -> dict[int, set[int]]:
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
    return result


def units_with_attendance(programme) -> set[int]:
    """Units (the person's current unit) with at least one attendance at a session of the
    programme's activities."""
    from digit.learning.models import Attendance

    # The learning app's tables may not be migrated yet while it is being built.
    if Attendance._meta.db_table not in connection.introspection.table_names():
        return set()
    return set(
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


def invitation_counts(wave) -> list[dict]:
    """Invitations of a wave grouped by the invited person's current attributes: n invited,
    x completed."""
    return list(
        Invitation.objects.filter(wave=wave)
        .values(**PERSON_GROUPING)
        .annotate(n=Count("id"), x=Count("id", filter=Q(completed=True)))
        .order_by()
    )


def invitation_counts_by_wave(programme) -> dict[int, tuple[int, int]]:
    rows = (
        Invitation.objects.filter(wave__programme=programme)
        .values("wave_id")
        .annotate(n=Count("id"), x=Count("id", filter=Q(completed=True)))
        .order_by()
    )
    return {row["wave_id"]: (row["n"], row["x"]) for row in rows}


def invited_to_both(baseline, follow_up) -> int:
    """People invited to the baseline and to the given follow-up wave."""
    if baseline is None or follow_up is None:
        return 0
    return Invitation.objects.filter(
        wave=follow_up, person_id__in=Invitation.objects.filter(wave=baseline).values("person_id")
    ).count()


def headcounts(on: datetime.date | None = None) -> list[dict]:
    """Current people grouped by unit, gender, age band and role: n people, x role models."""
    return list(
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
