"""``python -m tests.backup_snapshot PROGRAMME PERSON``: what a restore must bring back, as
JSON: the programme's goal figures and one person's profile (tests/web/test_backup.py)."""

import json
import sys

import django

if __name__ == "__main__":
    django.setup()
    from digit.assessments.profile import build_profile
    from digit.goals.indicators import compute_figures
    from digit.people.models import Person
    from digit.programmes.models import Programme

    programme_pk, person_pk = (int(value) for value in sys.argv[1:3])
    figures = compute_figures(Programme.objects.get(pk=programme_pk))
    profile = build_profile(Person.objects.get(pk=person_pk))
    print(
        json.dumps(
            {
                "figures": {
                    indicator.code: [indicator.total.n, indicator.total.x, indicator.total.share]
                    for indicator in figures.indicator_list()
                },
                "profile": None
                if profile is None
                else {
                    "wave": profile.wave.name,
                    "total": profile.total.score,
                    "competences": [(row.code, row.score) for row in profile.competences],
                },
            },
            sort_keys=True,
        )
    )
