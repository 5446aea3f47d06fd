"""Recommendations that close the loop: a person's gaps → sessions with free seats.

A session fits when its activity addresses one of the gap competences and targets the level
just above the person's current one on it (``level_from ≤ current + 1 ≤ level_to``). When the
person's level on a competence is unknown (no assessment yet), any level fits.
"""

from django.db.models import F
from django.utils import timezone

from digit.assessments.models import Response
from digit.assessments.pseudonyms import pseudonym_for
from digit.learning.models import Activity, Enrolment, Session
from digit.programmes.selectors import programmes_of_person
from digit.stats.levels import level_for_percent


def latest_response(person) -> Response | None:
    """The person's latest submitted assessment, found through their pseudonym."""
    return (
        Response.objects.filter(pseudonym=pseudonym_for(person.pk), submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )


def competence_levels(response: Response | None) -> dict[str, int]:
    """DigComp level (1–6) per competence code from a response's stored 0–100 scores."""
    if response is None:
        return {}
    return {
        code: int(level_for_percent(score))
        for code, score in response.competence_scores.items()
        if score is not None
    }


def weakest_competences(response: Response | None, count: int = 3) -> list[str]:
    """Codes of the ``count`` competences with the lowest scores."""
    if response is None:
        return []
    scores = [(s, code) for code, s in response.competence_scores.items() if s is not None]
    return [code for _score, code in sorted(scores)[:count]]


def recommended_sessions(person, gap_competence_codes, limit: int = 5, levels=None):
    """Upcoming sessions with free seats whose activities address the gaps at the right level.

    ``levels`` ({code: level}) defaults to the levels of the person's latest assessment.
    Sessions the person is already on (or waiting for) are left out. Best matches first
    (most gap competences addressed), then soonest.

    Two plain queries (the profile page shows this on every view): the activities of the
    person's programmes that train a gap at the right level, then their open sessions.
    """
    codes = [code for code in gap_competence_codes if code]
    if not codes:
        return []
    if levels is None:
        levels = competence_levels(latest_response(person))
    matches: dict[int, int] = {}  # activity id → gap competences it addresses at the right level
    trains = Activity.competences.through.objects.filter(
        competence__code__in=codes, activity__programme__in=programmes_of_person(person)
    ).values_list("activity_id", "competence__code", "activity__level_from", "activity__level_to")
    for activity_id, code, level_from, level_to in trains:
        level = levels.get(code)
        if level is None or level_from <= level + 1 <= level_to:
            matches[activity_id] = matches.get(activity_id, 0) + 1
    if not matches:
        return []
    taken = Enrolment.objects.filter(person=person).exclude(status=Enrolment.Status.CANCELLED)
    sessions = list(
        Session.objects.filter(
            activity_id__in=list(matches),
            starts_at__gt=timezone.now(),
            seats_taken__lt=F("capacity"),
        )
        .exclude(pk__in=taken.values("session_id"))
        .select_related("activity")
        .order_by("starts_at")
    )
    # Stable: soonest first among sessions that address as many gaps.
    sessions.sort(key=lambda session: -matches[session.activity_id])
    return sessions[:limit]
