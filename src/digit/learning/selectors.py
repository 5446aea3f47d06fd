"""Scoped reads of the learning app: what a user may see, already filtered."""

import datetime

from django.conf import settings
from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from digit.access.policy import ORGANISATION_WIDE
from digit.access.roles import Role, has_role
from digit.learning.models import (
    Activity,
    Attendance,
    Enrolment,
    Evaluation,
    JournalEntry,
    ReflectionPrompt,
    Session,
)
from digit.programmes.models import Phase, Programme
from digit.programmes.selectors import programmes_of_person
from digit.stats.suppression import is_disclosive_distribution


def visible_programmes_for_learning(user):
    """Programmes whose catalogue the user may browse: all for organisation-wide roles,
    otherwise those whose organisation includes the user's own unit."""
    if has_role(user, *ORGANISATION_WIDE):
        return Programme.objects.all()
    return programmes_of_person(getattr(user, "person", None))


def visible_activities(user):
    return Activity.objects.filter(programme__in=visible_programmes_for_learning(user))


def catalogue(user, *, competence=None, kind: str = "", format: str = ""):
    """Activities the user may browse, filtered as on the catalogue page."""
    activities = visible_activities(user).select_related("programme", "phase")
    if competence:
        activities = activities.filter(competences=competence)
    if kind:
        activities = activities.filter(kind=kind)
    if format:
        activities = activities.filter(format=format)
    now = timezone.now()
    return (
        activities.annotate(
            upcoming=Count("sessions", filter=Q(sessions__starts_at__gt=now), distinct=True)
        )
        .prefetch_related("competences")
        .order_by("-upcoming", "title_sv")
        .distinct()
    )


def visible_sessions(user):
    return Session.objects.filter(activity__in=visible_activities(user)).select_related(
        "activity", "leader"
    )


def upcoming_sessions(activity):
    return activity.sessions.filter(starts_at__gt=timezone.now()).select_related("leader")


def sessions_to_register(user):
    """Sessions whose attendance the user may register: all for staff, their own for a leader.

    Anyone else gets nothing, so another leader's session is a 404.
    """
    if has_role(user, Role.PROGRAMME_STAFF):
        return Session.objects.select_related("activity", "leader")
    person = getattr(user, "person", None)
    if person is None or not has_role(user, Role.ROLE_MODEL):
        return Session.objects.none()
    return Session.objects.filter(leader=person).select_related("activity", "leader")


def enrolments_of(person):
    """A person's active enrolments (enrolled or waiting), upcoming first."""
    return (
        Enrolment.objects.filter(person=person)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("session__activity")
        .order_by("session__starts_at")
    )


def upcoming_enrolments(person):
    return enrolments_of(person).filter(session__starts_at__gt=timezone.now())


def hours_by_month(person, year: int | None = None) -> list[tuple[datetime.date, float]]:
    """Training hours of ``person`` per calendar month (Stockholm time), oldest first.

    Hours come from registered attendance (present: the whole session; partial: the minutes
    registered); absences count zero.
    """
    attendances = Attendance.objects.filter(person=person, minutes__gt=0)
    if year is not None:
        attendances = attendances.filter(session__starts_at__year=year)
    rows = (
        attendances.annotate(month=TruncMonth("session__starts_at"))
        .values("month")
        .annotate(minutes=Sum("minutes"))
        .order_by("month")
    )
    result = []
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        result.append((month, row["minutes"] / 60))
    return result


def hours_in_year(person, year: int) -> float:
    minutes = Attendance.objects.filter(person=person, session__starts_at__year=year).aggregate(
        total=Sum("minutes")
    )["total"]
    return (minutes or 0) / 60


def evaluation_summary(activity) -> dict:
    """Aggregate evaluations of an activity; hidden by the one suppression rule (fewer than
    the minimum cell size, or everyone giving the same answer in a group under twice that)."""
    evaluations = Evaluation.objects.filter(session__activity=activity)
    stats = evaluations.aggregate(count=Count("id"), mean=Avg("usefulness"))
    count = stats["count"]
    by_value = dict(evaluations.values_list("usefulness").annotate(n=Count("id")).order_by())
    distribution = [(value, by_value.get(value, 0)) for value in range(1, 6)]
    hidden = is_disclosive_distribution(list(by_value.values()), settings.DIGIT_MIN_CELL_SIZE)
    if hidden:
        distribution = []
    return {
        "count": count,
        "hidden": hidden,
        "mean": None if hidden else stats["mean"],
        "distribution": distribution,
        "comments": []
        if hidden
        else list(
            evaluations.exclude(will_use="")
            .order_by("-submitted_at")
            .values_list("will_use", flat=True)[:50]
        ),
        "min_cell_size": settings.DIGIT_MIN_CELL_SIZE,
    }


def _attended(person):
    """Ids of sessions the person attended (present or partly)."""
    return (
        Attendance.objects.filter(person=person)
        .exclude(status=Attendance.Status.ABSENT)
        .values("session_id")
    )


def sessions_to_evaluate(person):
    """Sessions the person attended and has not evaluated yet."""
    return (
        Session.objects.filter(pk__in=_attended(person))
        .exclude(evaluations__person=person)
        .select_related("activity")
        .order_by("-starts_at")
    )


def sessions_to_reflect_on(person):
    """Attended sessions without a journal entry about them: the prompt to reflect."""
    written = JournalEntry.objects.filter(person=person, session__isnull=False).values("session_id")
    return (
        Session.objects.filter(pk__in=_attended(person))
        .exclude(pk__in=written)
        .select_related("activity")
        .prefetch_related("activity__competences")
        .order_by("-starts_at")
    )


def current_prompts(person):
    """Reflection prompts of self-reflection phases running now in the person's programmes."""
    today = timezone.localdate()
    return ReflectionPrompt.objects.filter(
        phase__programme__in=programmes_of_person(person),
        phase__kind=Phase.Kind.SELF_REFLECTION,
        phase__starts_on__lte=today,
        phase__ends_on__gte=today,
    ).select_related("phase")


def journal_of(person):
    """The person's own journal. There is deliberately no selector for anyone else's."""
    return JournalEntry.objects.filter(person=person).select_related(
        "prompt", "session__activity", "competence"
    )


def reflection_counts(people):
    """``people`` annotated with ``entries``: how many journal entries each wrote (never the
    text)."""
    return people.annotate(entries=Count("journal_entries", distinct=True))


def _per_session(rows, aggregate):
    """A correlated subquery: ``aggregate`` over the session's ``rows`` (0 when none). One
    subquery per count, rather than joins, so that counts of two tables do not multiply."""
    return Coalesce(
        Subquery(
            rows.filter(session=OuterRef("pk"))
            .values("session")
            .annotate(value=aggregate)
            .values("value")
        ),
        0,
    )


def with_attendance_counts(sessions):
    """``sessions`` annotated with counts (never names): ``enrolled``, ``waiting``,
    ``present``, ``partial``, ``absent`` and ``attended_minutes``, for reports and the API."""
    enrolments, attendances = Enrolment.objects.all(), Attendance.objects.all()
    return sessions.annotate(
        enrolled=_per_session(enrolments.filter(status=Enrolment.Status.ENROLLED), Count("pk")),
        waiting=_per_session(enrolments.filter(status=Enrolment.Status.WAITING), Count("pk")),
        present=_per_session(attendances.filter(status=Attendance.Status.PRESENT), Count("pk")),
        partial=_per_session(attendances.filter(status=Attendance.Status.PARTIAL), Count("pk")),
        absent=_per_session(attendances.filter(status=Attendance.Status.ABSENT), Count("pk")),
        attended_minutes=_per_session(attendances, Sum("minutes")),
    )
