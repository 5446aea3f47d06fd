"""The retention schedule: after a programme ends, each kind of data is deleted or
pseudonymised when the programme's setting says (``Programme.keep_…_years``).

What goes, per programme, once its period is over:
- answers: every item's answer of the programme's waves. The stored scores (totals, areas,
  competences, the verdicts) stay, so no published figure changes.
- journal: the journal entries written for the programme's prompts or sessions.
- evaluation text: what people wrote in the evaluations of its sessions (the 1–5 ratings stay).
- identity: people who have left and whose every programme is past its identity period get
  a pseudonym instead of their name, e-mail, employee number and salary cost; their account
  is closed. Unit, gender and birth year stay (the figures are broken down by them).

``plan`` lists it, ``apply`` does it in one transaction with one audit entry per run.
Erasure of one person on request follows the same rules (``erase_person``).
"""

import datetime
from dataclasses import dataclass

from django.contrib.sessions.models import Session as LoginSession
from django.db import transaction
from django.db.models import Q, QuerySet

from digit.access.models import User
from digit.assessments.models import Answer
from digit.assessments.pseudonyms import pseudonym_for
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.learning.models import Evaluation, JournalEntry
from digit.people.models import Person
from digit.programmes.models import Programme

ANSWERS, JOURNAL, EVALUATION_TEXT, IDENTITY = "answers", "journal", "evaluation_text", "identity"


@dataclass(frozen=True)
class Step:
    """What retention does (or would do) for one kind of data of one programme."""

    programme: str
    kind: str
    due: datetime.date  # the first day the data may go
    count: int  # rows deleted or cleared, people pseudonymised


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _answers(programme: Programme) -> QuerySet[Answer]:
    return Answer.objects.filter(response__wave__programme=programme)


def _journal(programme: Programme) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(
        Q(prompt__phase__programme=programme) | Q(session__activity__programme=programme)
    )


def _evaluation_texts(programme: Programme) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(session__activity__programme=programme).exclude(will_use="")


def _participants(programme: Programme) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(invitations__wave__programme=programme)
        | Q(enrolments__session__activity__programme=programme)
        | Q(attendances__session__activity__programme=programme)
        | Q(journal_entries__prompt__phase__programme=programme)
    ).distinct()


def identity_kept_until(person: Person) -> datetime.date | None:
    """The last day any programme the person took part in keeps their identity (None: none)."""
    programmes = Programme.objects.filter(
        Q(waves__invitations__person=person)
        | Q(activities__sessions__enrolments__person=person)
        | Q(activities__sessions__attendances__person=person)
    ).distinct()
    ends = [years_after(p.ends_on, p.keep_identity_years) for p in programmes]
    return max(ends) - datetime.timedelta(days=1) if ends else None


def _identities(programme: Programme, today: datetime.date) -> list[Person]:
    """People of the programme who have left and whom no programme keeps any longer."""
    leavers = (
        _participants(programme)
        .filter(pseudonymised_on__isnull=True)
        .exclude(pk__in=Person.objects.current().values("pk"))
    )
    return [
        person
        for person in leavers
        if (kept := identity_kept_until(person)) is not None and kept < today
    ]


def _due(programme: Programme, years: int) -> datetime.date:
    return years_after(programme.ends_on, years)


def plan(today: datetime.date) -> list[Step]:
    """What ``apply`` would do today, programme by programme (only what has something to do)."""
    return _run(today, dry_run=True)


@transaction.atomic
def apply(today: datetime.date) -> list[Step]:
    """Delete and pseudonymise what is due, all or nothing, and write one audit entry."""
    steps = _run(today, dry_run=False)
    summary = ", ".join(f"{s.programme}/{s.kind}: {s.count}" for s in steps) or "nothing due"
    audit.record(Kind.RETENTION_APPLIED, object_type="retention", detail=summary)
    return steps


def _run(today: datetime.date, *, dry_run: bool) -> list[Step]:
    steps = []
    for programme in Programme.objects.order_by("ends_on", "pk"):
        due = {
            ANSWERS: _due(programme, programme.keep_answers_years),
            JOURNAL: _due(programme, programme.keep_journal_years),
            EVALUATION_TEXT: _due(programme, programme.keep_evaluation_text_years),
            IDENTITY: _due(programme, programme.keep_identity_years),
        }
        actions = {
            ANSWERS: lambda p=programme: _delete(_answers(p), dry_run),
            JOURNAL: lambda p=programme: _delete(_journal(p), dry_run),
            EVALUATION_TEXT: lambda p=programme: _clear_texts(_evaluation_texts(p), dry_run),
            IDENTITY: lambda p=programme: _pseudonymise(_identities(p, today), today, dry_run),
        }
        for kind, day in due.items():
            if day > today:
                continue
            count = actions[kind]()
            if count:
                steps.append(Step(programme.slug, kind, day, count))
    return steps


def _delete(rows: QuerySet, dry_run: bool) -> int:
    return rows.count() if dry_run else rows.delete()[0]


def _clear_texts(evaluations: QuerySet[Evaluation], dry_run: bool) -> int:
    return evaluations.count() if dry_run else evaluations.update(will_use="")


def _pseudonymise(people: list[Person], today: datetime.date, dry_run: bool) -> int:
    if not dry_run:
        for person in people:
            pseudonymise(person, today)
    return len(people)


def pseudonymise(person: Person, today: datetime.date) -> None:
    """Replace what identifies the person; close their account and end its sessions."""
    label = f"pseudonym-{person.pk}"
    Person.objects.filter(pk=person.pk).update(
        first_name="–",
        last_name=label,
        email=f"{label}@pseudonymised.invalid",
        employee_number=label,
        hourly_cost=None,
        identity_number_sealed="",  # the personal identity number identifies most of all
        identity_number_digest="",
        pseudonymised_on=today,
    )
    if person.user_id is not None:
        user = User.objects.get(pk=person.user_id)
        user.email = f"{label}@pseudonymised.invalid"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        _end_sessions(user.pk)


def _end_sessions(user_id: int) -> None:
    for session in LoginSession.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            session.delete()


@dataclass(frozen=True)
class Erasure:
    answers: int
    journal: int
    evaluation_texts: int
    pseudonymised: bool  # the identity is gone
    identity_kept_until: datetime.date | None  # when not: until this day (None: still employed)


@transaction.atomic
def erase_person(*, person: Person, today: datetime.date) -> Erasure:
    """Erasure on request (GDPR Art. 17, where arkivlagen allows): the person's answers,
    journal and written evaluations go now; the identity is pseudonymised when the person has
    left and no programme must keep it any longer, else it stays until then."""
    answers = Answer.objects.filter(response__pseudonym=pseudonym_for(person.pk))
    kept = identity_kept_until(person)
    may_go = not person.is_current and (kept is None or kept < today)
    erased = Erasure(
        answers=_delete(answers, dry_run=False),
        journal=_delete(JournalEntry.objects.filter(person=person), dry_run=False),
        evaluation_texts=Evaluation.objects.filter(person=person)
        .exclude(will_use="")
        .update(will_use=""),
        pseudonymised=may_go,
        identity_kept_until=None if may_go or person.is_current else kept,
    )
    if may_go and person.pseudonymised_on is None:
        pseudonymise(person, today)
    audit.record(
        Kind.PERSON_ERASED,
        object_type="person",
        object_id=person.pk,
        subject_person_id=person.pk,
        detail=f"answers {erased.answers}, journal {erased.journal}, "
        f"evaluation texts {erased.evaluation_texts}, identity "
        + ("pseudonymised" if may_go else f"kept until {erased.identity_kept_until or 'leaving'}"),
    )
    return erased
