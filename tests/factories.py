"""Small factories for test data: plain functions, real database rows."""

import itertools
from decimal import Decimal

from django.contrib.auth.models import Group

from digit.access.models import User
from digit.access.roles import Role
from digit.people.models import Person, Unit

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_unit(name=None, *, parent=None, kind=Unit.Kind.UNIT, code=None) -> Unit:
    n = next(_counter)
    return Unit.objects.create(
        code=code or f"U{n}", name=name or f"Unit {n}", parent=parent, kind=kind
    )


def make_person(unit=None, *, with_account=True, managed_units=(), **fields) -> Person:
    n = next(_counter)
    unit = unit or make_unit()
    defaults = dict(
        employee_number=f"E{n:05d}",
        first_name=f"Anna{n}",
        last_name=f"Andersson{n}",
        email=f"person{n}@example.org",
        gender="woman",
        birth_year=1980,
        hourly_cost=Decimal("320.00"),
        is_manager=bool(managed_units),
    )
    defaults.update(fields)
    person = Person.objects.create(unit=unit, **defaults)
    if managed_units:
        person.managed_units.set(managed_units)
    if with_account:
        person.user = User.objects.create_user(person.email, PASSWORD)
        person.save(update_fields=["user"])
    return person


def make_account(*roles: Role, email=None) -> User:
    """An account with granted roles (programme staff, finance, auditor) and no person."""
    user = User.objects.create_user(email or f"staff{next(_counter)}@example.org", PASSWORD)
    for role in roles:
        # get_or_create: transactional (browser) tests flush the groups the migration made.
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user
