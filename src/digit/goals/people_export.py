"""Every person's scores and verdicts in a programme, by pseudonym (no names), for programme
staff and auditors: one row per pseudonym, streamed from two ordered queries."""

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from django.utils.translation import gettext as _

from digit.assessments.models import Response
from digit.goals import selectors


def person_rows(programme) -> tuple[list[str], Iterator[list[object]]]:
    """(header, rows): pseudonym, unit, gender, age band, role, one total per wave, then the
    change to the latest follow-up (RCI, verdict, near the ceiling; its two totals are in the
    wave columns) and active use in the person's latest wave."""
    waves = selectors.programme_waves(programme)
    tree = selectors.unit_tree(programme.scope_id)  # kept in the process until units change
    header = [
        _("Pseudonym"),
        _("Unit code"),
        _("Unit"),
        _("Gender"),
        _("Age band"),
        _("Role"),
        *[_("Total score: %(wave)s") % {"wave": wave.name} for wave in waves],
        _("Reliable change index"),
        _("Verdict"),
        _("Near the ceiling"),
        _("Active in latest wave"),
    ]
    return header, _rows(programme, waves, tree)


def _rows(programme, waves, tree) -> Iterator[list[object]]:
    from digit.people.models import Unit

    codes = dict(Unit.objects.values_list("id", "code"))
    column = {wave.id: index for index, wave in enumerate(waves)}
    changes = {
        row[0]: row[1:]
        for row in selectors.latest_changes(programme)
        .values_list("pseudonym", "rci", "verdict", "near_ceiling")
        .iterator(chunk_size=10_000)
    }
    responses = (
        Response.objects.filter(wave__programme=programme, submitted_at__isnull=False)
        .order_by("pseudonym", "wave__opens_on", "wave_id")
        .values_list(
            "pseudonym",
            "wave_id",
            "unit_id",
            "gender",
            "age_band",
            "is_manager",
            "total_score",
            "is_active_user",
        )  # fmt: skip
        .iterator(chunk_size=10_000)
    )

    def row(last: tuple, totals: list[object]) -> list[object]:
        """The person's row from their totals per wave and their latest response."""
        pseudonym, _wave, unit_id, gender, age_band, is_manager, _total, active = last
        change = changes.get(pseudonym)
        tail: list[object] = ["", "", ""]
        if change is not None:
            rci, verdict, near_ceiling = change
            tail = [round(rci, 3), verdict, int(near_ceiling)]
        return [
            pseudonym, codes.get(unit_id, ""), tree.names.get(unit_id, ""), gender, age_band,
            "manager" if is_manager else "employee", *totals, *tail,
            "" if active is None else int(active),
        ]  # fmt: skip

    for _pseudonym, answers in groupby(responses, key=itemgetter(0)):
        totals: list[object] = [""] * len(waves)
        for response in answers:
            totals[column[response[1]]] = response[6]
        yield row(response, totals)  # the latest response: a group is never empty


def person_count(programme) -> int:
    """The number of rows ``person_rows`` yields: the people with a submitted response."""
    return (
        Response.objects.filter(wave__programme=programme, submitted_at__isnull=False)
        .values("pseudonym")
        .distinct()
        .count()
    )
