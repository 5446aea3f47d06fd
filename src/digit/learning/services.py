"""Writes of the learning app: enrolment, cancellation, attendance, evaluation, reflection.

Every function runs in one transaction. Enrolment and cancellation lock the session row first
(``select_for_update``), so concurrent requests for the last seat are served one after the
other; the check constraint on ``Session.seats_taken`` backs that up in the database.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from digit.learning.models import (
    Attendance,
    AttendanceChange,
    Enrolment,
    Evaluation,
    JournalEntry,
    Session,
)
from digit.learning.tasks import send_enrolment_confirmation, send_promotion_notice


class EnrolmentError(ValidationError):
    """A rule of enrolment was broken; the message is meant for the person."""


class SessionFull(EnrolmentError):
    """No free seat: the person may join the waiting list instead."""


def _notify(task, enrolment_id: int) -> None:
    """Enqueue the e-mail inside the caller's transaction: it goes if and only if the change
    commits (the task is a row of the same transaction)."""
    task.enqueue(enrolment_id)


@transaction.atomic
def enrol(*, session_id: int, person, by=None, waiting_list: bool = False) -> Enrolment:
    """Give ``person`` a seat on the session, or a place on its waiting list.

    Raises ``SessionFull`` when there is no seat and ``waiting_list`` is False, and
    ``EnrolmentError`` for a double enrolment or a session that has already started.
    """
    session = Session.objects.select_for_update().get(pk=session_id)
    if session.starts_at <= timezone.now():
        raise EnrolmentError(_("This session has already started; enrolment is closed."))
    if session.enrolments.filter(person=person).exclude(status=Enrolment.Status.CANCELLED).exists():
        raise EnrolmentError(_("You are already enrolled in this session."))
    now = timezone.now()
    if session.seats_taken < session.capacity:
        status = Enrolment.Status.ENROLLED
        Session.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") + 1)
    elif waiting_list:
        status = Enrolment.Status.WAITING
    else:
        raise SessionFull(_("The session is full. You can join the waiting list."))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                session=session,
                person=person,
                status=status,
                waiting_since=now if status == Enrolment.Status.WAITING else None,
                enrolled_by=by,
            )
    except IntegrityError as error:  # a concurrent request by the same person won
        raise EnrolmentError(_("You are already enrolled in this session.")) from error
    _notify(send_enrolment_confirmation, enrolment.pk)
    return enrolment


@transaction.atomic
def cancel(*, enrolment_id: int, person=None, by_staff: bool = False) -> Enrolment | None:
    """Cancel an enrolment; the first on the waiting list takes the freed seat (and is told).

    ``person`` must own the enrolment unless ``by_staff``. Past the session's cancellation
    deadline only staff may cancel. Returns the promoted enrolment, if any.
    """
    enrolment = Enrolment.objects.select_related("session").get(pk=enrolment_id)
    session = Session.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment.refresh_from_db()
    if not by_staff and (person is None or enrolment.person_id != person.pk):
        raise Enrolment.DoesNotExist
    if enrolment.status == Enrolment.Status.CANCELLED:
        raise EnrolmentError(_("This enrolment is already cancelled."))
    if not by_staff and timezone.now() > session.cancellation_deadline:
        raise EnrolmentError(
            _("The cancellation deadline has passed. Contact the programme staff.")
        )
    was_enrolled = enrolment.status == Enrolment.Status.ENROLLED
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    if not was_enrolled:
        return None
    Session.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") - 1)
    promoted = _promote_waiting(session.pk)
    return promoted[0] if promoted else None


def _promote_waiting(session_id: int) -> list[Enrolment]:
    """Fill free seats from the waiting list, first come first served; each promoted person is
    told by e-mail. The caller holds the lock on the session row."""
    session = Session.objects.get(pk=session_id)
    free = session.capacity - session.seats_taken
    if free <= 0 or session.starts_at <= timezone.now():
        return []
    promoted = list(
        session.enrolments.filter(status=Enrolment.Status.WAITING).order_by("waiting_since", "id")[
            :free
        ]
    )
    for enrolment in promoted:
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.waiting_since = None
        enrolment.save(update_fields=["status", "waiting_since"])
        _notify(send_promotion_notice, enrolment.pk)
    Session.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") + len(promoted))
    return promoted


@transaction.atomic
def save_session(form) -> Session:
    """Save a staff member's session form; a larger capacity moves the waiting list up."""
    session = form.save(commit=False)
    if session.pk:
        Session.objects.select_for_update().get(pk=session.pk)
        # Only the form's fields: the seat count may have changed since the form was loaded.
        session.save(update_fields=list(form.fields))
    else:
        session.save()
    _promote_waiting(session.pk)
    return session


def _minutes_for(session: Session, status: str, minutes: int | None) -> int:
    if status == Attendance.Status.PRESENT:
        return session.minutes
    if status == Attendance.Status.ABSENT:
        return 0
    if not minutes or minutes <= 0 or minutes > session.minutes:
        raise ValidationError(
            _("Partial attendance needs the minutes attended (1–%(max)s).")
            % {"max": session.minutes}
        )
    return minutes


@transaction.atomic
def register_attendance(*, session: Session, marks: dict, by) -> list[Attendance]:
    """Register attendance for several people: ``marks`` maps person id → (status, minutes).

    A first registration creates the row; a different value later is a correction, logged in
    ``AttendanceChange`` with who, when and the values before and after.
    """
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be registered once the session has started."))
    allowed = set(
        session.enrolments.filter(status=Enrolment.Status.ENROLLED).values_list(
            "person_id", flat=True
        )
    )
    existing = {a.person_id: a for a in session.attendances.select_for_update()}
    saved = []
    for person_id, (status, minutes) in marks.items():
        if person_id not in allowed and person_id not in existing:
            raise ValidationError(_("Only enrolled people can be marked."))
        minutes = _minutes_for(session, status, minutes)
        attendance = existing.get(person_id)
        if attendance is None:
            attendance = Attendance.objects.create(
                session=session,
                person_id=person_id,
                status=status,
                minutes=minutes,
                registered_by=by,
            )
        elif (attendance.status, attendance.minutes) != (status, minutes):
            AttendanceChange.objects.create(
                attendance=attendance,
                changed_by=by,
                status_before=attendance.status,
                minutes_before=attendance.minutes,
                status_after=status,
                minutes_after=minutes,
            )
            attendance.status, attendance.minutes = status, minutes
            attendance.save(update_fields=["status", "minutes"])
        saved.append(attendance)
    return saved


@transaction.atomic
def submit_evaluation(*, session: Session, person, usefulness: int, will_use: str) -> Evaluation:
    """A participant evaluates a session they attended (once)."""
    attended = session.attendances.filter(person=person).exclude(status=Attendance.Status.ABSENT)
    if not attended.exists():
        raise ValidationError(_("Only people who attended can evaluate the session."))
    if Evaluation.objects.filter(session=session, person=person).exists():
        raise ValidationError(_("You have already evaluated this session."))
    return Evaluation.objects.create(
        session=session, person=person, usefulness=usefulness, will_use=will_use.strip()
    )


@transaction.atomic
def write_journal_entry(
    *, person, text: str, prompt=None, session=None, competence=None
) -> JournalEntry:
    """A private journal entry by ``person`` (the only one who can read it)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write something before saving."))
    return JournalEntry.objects.create(
        person=person, text=text, prompt=prompt, session=session, competence=competence
    )
