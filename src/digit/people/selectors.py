"""Scoped reads of people and units for views, exports and the API."""

from django.db.models import Count, Q
from django.utils import timezone

from digit.access.policy import ORGANISATION_WIDE, managed_unit_ids
from digit.access.roles import Role, has_role
from digit.people.models import Person, Unit


def visible_people(user):
    """People the user may see as individuals (names, unit, role)."""
    if has_role(user, *ORGANISATION_WIDE):
        return Person.objects.all()
    if has_role(user, Role.MANAGER):
        return Person.objects.filter(unit_id__in=managed_unit_ids(user))
    person = getattr(user, "person", None)
    if person is not None and has_role(user, Role.EMPLOYEE):
        return Person.objects.filter(pk=person.pk)
    return Person.objects.none()


def visible_units(user):
    """Units whose page (and aggregates) the user may open."""
    if has_role(user, *ORGANISATION_WIDE):
        return Unit.objects.all()
    if has_role(user, Role.MANAGER):
        return Unit.objects.filter(id__in=managed_unit_ids(user))
    return Unit.objects.none()


def search_people(
    user,
    *,
    query: str = "",
    unit_id: int | None = None,
    status: str = "current",
    gender: str = "",
    manager: str = "",
):
    """The people the user may see, filtered as on the people list."""
    people = visible_people(user).select_related("unit")
    if query:
        terms = query.split()
        for term in terms:
            people = people.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
                | Q(employee_number__iexact=term)
            )
    if unit_id:
        people = people.filter(unit_id=unit_id)
    if status == "current":
        people = people.current()
    elif status == "left":  # the complement of current(): marked as left or employment ended
        people = people.filter(
            Q(left_on__isnull=False) | Q(employment_end__lt=timezone.localdate())
        )
    if gender:
        people = people.filter(gender=gender)
    if manager == "yes":
        people = people.filter(is_manager=True)
    elif manager == "no":
        people = people.filter(is_manager=False)
    return people


def units_with_headcount(user):
    return (
        visible_units(user)
        .select_related("parent")
        .annotate(headcount=Count("people", filter=Q(people__left_on__isnull=True)))
        .order_by("parent__name", "name")
    )
