"""Demo sign-ins: one account per role, with a known password printed after ``digit demo``."""

from django.contrib.auth.models import Group
from django.db import transaction

from digit.access.models import User
from digit.access.roles import Role
from digit.people.models import Person

DEMO_PASSWORD = "digit-demo-losenord-2026"  # noqa: S105 (synthetic demo only)

# Granted roles get accounts of their own; the person-based roles use generated people.
GRANTED = [
    (Role.PROGRAMME_STAFF, "projektledning@demo.digit.test"),
    (Role.FINANCE, "ekonomi@demo.digit.test"),
    (Role.AUDITOR, "revisor@demo.digit.test"),
]
# The (synthetic) names the granted accounts are greeted by.
STAFF_NAMES = {
    "projektledning@demo.digit.test": ("Petra", "Lindqvist"),
    "ekonomi@demo.digit.test": ("Erik", "Sandberg"),
    "revisor@demo.digit.test": ("Rana", "Haddad"),
}


def demo_people():
    """A manager, an employee and a role model picked deterministically from the demo data."""
    people = Person.objects.current().select_related("unit").order_by("employee_number")
    return {
        Role.MANAGER: people.filter(is_manager=True).first(),
        Role.EMPLOYEE: people.filter(is_manager=False, is_role_model=False).first(),
        Role.ROLE_MODEL: people.filter(is_role_model=True).first(),
    }


@transaction.atomic
def create_demo_accounts(command, options):
    for role, email in GRANTED:
        user, _ = User.objects.get_or_create(email=email)
        user.set_password(DEMO_PASSWORD)
        user.first_name, user.last_name = STAFF_NAMES[email]
        user.save()
        user.groups.add(Group.objects.get(name=role.value))
    for person in demo_people().values():
        if person is None or person.user is None:
            continue
        person.user.set_password(DEMO_PASSWORD)
        person.user.save(update_fields=["password"])


def print_demo_logins(command, options):
    write = command.stdout.write
    write("")
    write(command.style.SUCCESS("Digit demo is ready: http://127.0.0.1:8000"))
    write(f"Password for every demo account: {DEMO_PASSWORD}")
    for role, email in GRANTED:
        write(f"  {str(role.label):<22} {email}  ({' '.join(STAFF_NAMES[email])})")
    for role, person in demo_people().items():
        if person is not None and person.user is not None:
            write(
                f"  {str(role.label):<22} {person.user.email}  ({person.full_name}, {person.unit})"
            )
