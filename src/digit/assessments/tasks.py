"""Background work of the assessments app: the invitation and reminder e-mails of a wave.

Each queued invitation is e-mailed in its own transaction, which holds the invitation's row
while the SMTP server answers: the row is marked sent (with the new link's hash) only when the
server accepted the message, and two workers never send the same one. A mail server that says
"later" (4xx, or the network) stops the task, which is retried with backoff; a lasting refusal
(5xx) marks that invitation failed and the others go on. Each message carries an idempotency key
(``Message-ID``) of invitation and round.
"""

import datetime
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import TaskContext, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from digit.assessments.models import Invitation, Wave
from digit.assessments.tokens import new_token
from digit.mail import TemporaryMailFailure, keyed, refusal_of, send_or_raise

BATCH_SIZE = 200  # messages per SMTP connection
MAIL_ATTEMPTS = 8  # with the backoff doubling from 30 s: about an hour before giving up


def _message(invitation: Invitation, link_token: str) -> EmailMessage:
    template = "reminder" if invitation.mail_round else "invitation"
    link = settings.DIGIT_BASE_URL.rstrip("/") + reverse(
        "assessments:invitation", args=[link_token]
    )
    context = {"person": invitation.person, "wave": invitation.wave, "link": link}
    parts, subjects = [], []
    for language in ("sv", "en"):  # no language preference is known: Swedish, then English
        with translation.override(language):
            parts.append(render_to_string(f"assessments/email/{template}.txt", context).strip())
            subjects.append(
                render_to_string(f"assessments/email/{template}_subject.txt", context).strip()
            )
    message = EmailMessage(
        subject=" / ".join(dict.fromkeys(subjects)),
        body="\n\n----\n\n".join(parts) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.person.email],
    )
    return keyed(message, f"digit-invitation-{invitation.pk}-{invitation.mail_round}")


def _deliver(invitation_id: int, connection) -> bool | None:
    """E-mail one queued invitation with a new link. True when sent, False when refused for
    good, None when it was no longer queued (another worker sent it)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("person", "wave")
            .filter(pk=invitation_id, mail=Invitation.Mail.QUEUED)
            .first()
        )
        if invitation is None:
            return None
        link_token, invitation.token_hash = new_token()
        refusal = send_or_raise(_message(invitation, link_token), connection)
        if refusal is not None:
            Invitation.objects.filter(pk=invitation.pk).update(
                mail=Invitation.Mail.FAILED, mail_error=refusal.reason[:300]
            )
            return False
        stamp = "reminded_at" if invitation.mail_round else "sent_at"
        setattr(invitation, stamp, timezone.now())
        invitation.mail, invitation.mail_error = Invitation.Mail.SENT, ""
        invitation.save(update_fields=["token_hash", "mail", "mail_error", stamp])
    return True


def _give_up(wave: Wave, reason: str) -> int:
    """Mark what is still queued as failed; staff can send it again with *Retry*."""
    return wave.invitations.filter(mail=Invitation.Mail.QUEUED).update(
        mail=Invitation.Mail.FAILED, mail_error=reason[:300]
    )


@task(takes_context=True, max_attempts=MAIL_ATTEMPTS)  # type: ignore[call-overload]  # django-ox's per-task policy (Django 6.1)
def send_wave_mail(context: TaskContext, wave_id: int) -> dict:
    """E-mail every queued invitation or reminder of the wave; return the counts."""
    wave = Wave.objects.get(pk=wave_id)
    if not wave.is_open():
        return {"sent": 0, "failed": _give_up(wave, gettext_noop("The wave is not open."))}
    queued = list(
        wave.invitations.filter(mail=Invitation.Mail.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    counts = {"sent": 0, "failed": 0}
    try:
        for start in range(0, len(queued), BATCH_SIZE):
            with mailers.default as connection:
                for invitation_id in queued[start : start + BATCH_SIZE]:
                    outcome = _deliver(invitation_id, connection)
                    if outcome is not None:
                        counts["sent" if outcome else "failed"] += 1
    except (TemporaryMailFailure, smtplib.SMTPException, OSError) as error:
        reason = getattr(error, "reason", None) or refusal_of(error).reason
        Wave.objects.filter(pk=wave.pk).update(mail_error=reason[:300])
        if context.attempt >= MAIL_ATTEMPTS:
            counts["failed"] += _give_up(wave, reason)
            return counts
        raise TemporaryMailFailure(reason) from error
    Wave.objects.filter(pk=wave.pk).update(mail_error="")
    return counts


@task
def remind_due_waves() -> int:
    """Scheduled: remind every open wave whose last mail round is DIGIT_WAVE_REMINDER_DAYS old."""
    from digit.assessments.waves import MailStillQueued, WaveNotOpen, remind

    days = settings.DIGIT_WAVE_REMINDER_DAYS
    if days <= 0:
        return 0
    due = timezone.now() - datetime.timedelta(days=days)
    reminded = 0
    for wave in Wave.objects.filter(opened_at__lte=due, closes_on__gte=timezone.localdate()):
        if wave.reminded_at is not None and wave.reminded_at > due:
            continue
        try:
            remind(wave=wave)
        except (WaveNotOpen, MailStillQueued):
            continue
        reminded += 1
    return reminded
