"""Demo audit trail: the programme staff have looked at a few people's profiles and records
over the last weeks, exported the person file once and signed in now and then, so that the
audit page (auditor) and "My data" (the demo employee) have something to show."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from digit.access.models import User
from digit.access.roles import Role
from digit.audit.models import Entry, Kind
from digit.demo.accounts import GRANTED, demo_people
from digit.people.models import Person
from digit.programmes.models import Programme

SEED = 11


@transaction.atomic
def record_demo_views(command, options):
    if Entry.objects.filter(request_id__startswith="demo-").exists():
        return  # idempotent: the demo's entries are written once
    staff = User.objects.get(email=dict(GRANTED)[Role.PROGRAMME_STAFF])
    manager = demo_people()[Role.MANAGER]
    employee = demo_people()[Role.EMPLOYEE]
    rng = random.Random(SEED)
    people = list(Person.objects.current().order_by("employee_number").values_list("pk", flat=True))
    subjects = [employee.pk] + rng.sample(people, 25) if employee else rng.sample(people, 25)
    now = timezone.now()
    entries = []
    for n, person_id in enumerate(subjects):
        at = now - datetime.timedelta(days=rng.randint(1, 40), minutes=rng.randint(0, 600))
        kind = Kind.PROFILE_VIEWED if n % 3 else Kind.PERSON_VIEWED
        entries.append(
            Entry(at=at, actor=staff, kind=kind, object_type="profile" if n % 3 else "person",
                  object_id=str(person_id), subject_person_id=person_id,
                  ip=f"10.20.0.{rng.randint(2, 250)}", request_id=f"demo-{n:04d}")
        )  # fmt: skip
    if manager is not None and employee is not None:
        entries.append(
            Entry(at=now - datetime.timedelta(days=3), actor=manager.user, kind=Kind.PERSON_VIEWED,
                  object_type="person", object_id=str(employee.pk), subject_person_id=employee.pk,
                  ip="10.20.1.17", request_id="demo-manager")
        )  # fmt: skip
    programme = Programme.objects.order_by("starts_on").first()
    if programme is not None:
        entries.append(
            Entry(at=now - datetime.timedelta(days=10), actor=staff, kind=Kind.EXPORTED,
                  object_type="programme", object_id=str(programme.pk), detail="people.xlsx",
                  ip="10.20.0.5", request_id="demo-export")
        )  # fmt: skip
    for day in range(1, 30, 4):
        entries.append(
            Entry(at=now - datetime.timedelta(days=day, hours=2), actor=staff,
                  kind=Kind.SIGNED_IN, object_type="account", object_id=str(staff.pk),
                  ip="10.20.0.5", request_id=f"demo-sign-in-{day}")
        )  # fmt: skip
    Entry.objects.bulk_create(entries)
    command.stdout.write(f"Audit trail: {len(entries)} demo entries.")
