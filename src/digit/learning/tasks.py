"""Background work: e-mail confirmations, waiting-list promotions and reminders.

Enqueued by the services inside their transactions (``django.tasks``, queued in the database
and run by ``digit worker``). A refused or failed send raises, and the task is retried with
backoff; each message carries an idempotency key (``Message-ID``) of enrolment and kind.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from digit.learning.calendar import session_calendar
from digit.learning.models import Enrolment, Session
from digit.mail import keyed


def _send(enrolment: Enrolment, template: str, subject: str | Promise) -> None:
    session = enrolment.session
    kind = template.rpartition("/")[2].removesuffix(".txt")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "enrolment": enrolment,
            "session": session,
            "person": enrolment.person,
            "url": settings.DIGIT_BASE_URL.rstrip("/")
            + reverse("learning:session_detail", args=[session.pk]),
        }
        message = EmailMessage(
            subject=str(subject) % {"title": session.activity.title},
            body=render_to_string(template, context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[enrolment.person.email],
        )
        if enrolment.status == Enrolment.Status.ENROLLED:
            message.attach(
                "session.ics", session_calendar(session, enrolment.person), "text/calendar"
            )
    keyed(message, f"digit-{kind}-{enrolment.pk}").send()


def _load(enrolment_id: int) -> Enrolment | None:
    return (
        Enrolment.objects.select_related("session__activity", "person")
        .filter(pk=enrolment_id)
        .first()
    )


@task
def send_enrolment_confirmation(enrolment_id: int) -> None:
    enrolment = _load(enrolment_id)
    if enrolment is None:
        return
    if enrolment.status == Enrolment.Status.WAITING:
        subject = _("On the waiting list: %(title)s")
    else:
        subject = _("You are enrolled: %(title)s")
    _send(enrolment, "learning/email/confirmation.txt", subject)


@task
def send_promotion_notice(enrolment_id: int) -> None:
    enrolment = _load(enrolment_id)
    if enrolment is not None and enrolment.status == Enrolment.Status.ENROLLED:
        _send(enrolment, "learning/email/promoted.txt", _("A seat is free for you: %(title)s"))


@task
def send_session_reminder(enrolment_id: int) -> None:
    enrolment = _load(enrolment_id)
    if enrolment is not None and enrolment.status == Enrolment.Status.ENROLLED:
        _send(enrolment, "learning/email/reminder.txt", _("Reminder: %(title)s tomorrow"))


def enqueue_reminders(day) -> int:
    """Remind everyone enrolled in sessions on ``day`` (a local date); each session once."""
    sessions = Session.objects.filter(
        starts_at__date=day, reminder_sent_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for session_id in list(sessions):
        with transaction.atomic():  # the claim and its e-mails commit together
            claimed = Session.objects.filter(pk=session_id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:  # another run took it
                continue
            enrolments = Enrolment.objects.filter(
                session_id=session_id, status=Enrolment.Status.ENROLLED
            ).values_list("pk", flat=True)
            for enrolment_id in enrolments:
                send_session_reminder.enqueue(enrolment_id)
                sent += 1
    return sent


@task
def remind_tomorrows_sessions() -> int:
    """Scheduled daily: remind everyone enrolled in tomorrow's sessions."""
    return enqueue_reminders(timezone.localdate() + datetime.timedelta(days=1))


@task
def form_requested_groups(request_id: int) -> int | None:
    """Form the groups of a background request (a large programme); the formation's id."""
    from digit.learning.groups import form_requested
    from digit.learning.models import GroupFormationRequest

    request = GroupFormationRequest.objects.select_related("programme", "requested_by").get(
        pk=request_id
    )
    form_requested(request)
    request.refresh_from_db()
    return request.formation_id
