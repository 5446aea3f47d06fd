"""The demo's people step goes through the real import and can run twice."""

import pytest

from digit.demo.people import load_people
from digit.people.models import ImportBatch, Person, Unit


class FakeCommand:
    """What a management command offers a demo step: a stdout to write to."""

    def __init__(self):
        self.lines = []
        self.stdout = self

    def write(self, text):
        self.lines.append(text)


@pytest.mark.django_db
def test_load_people_imports_the_generated_files_and_is_idempotent(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    command = FakeCommand()
    load_people(command, {"employees": 150, "seed": 5})
    assert (tmp_path / "demo" / "personal.xlsx").exists()
    assert Person.objects.count() == 150
    assert Person.objects.filter(user__isnull=False).count() == 150
    units = Unit.objects.count()
    snapshot = list(Person.objects.order_by("pk").values())
    load_people(command, {"employees": 150, "seed": 5})
    assert list(Person.objects.order_by("pk").values()) == snapshot
    assert Unit.objects.count() == units
    assert ImportBatch.objects.filter(kind="people").count() == 2
    assert "150 employees" in command.lines[-1]
