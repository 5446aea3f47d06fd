"""Background work of the assessments app (Django's tasks framework): invitation and reminder
e-mails. Each message carries a fresh personal link; only the link's hash is stored, so a link
exists only in the e-mail. A reminder replaces the previous link (and makes it usable again for
someone who has not finished)."""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from digit.assessments.models import Invitation, Wave
from digit.assessments.tokens import new_token

BATCH_SIZE = 200


def _message(invitation: Invitation, link_token: str, template: str) -> EmailMessage:
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
    return EmailMessage(
        subject=" / ".join(dict.fromkeys(subjects)),
        body="\n\n----\n\n".join(parts) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.person.email],
    )


def _send(invitations, template: str, stamp_field: str) -> int:
    """Give each invitation a new link, e-mail it, stamp the time. Batches of BATCH_SIZE share
    one SMTP connection; the new hashes are committed before the mail leaves."""
    invitations = list(invitations)
    sent = 0
    for start in range(0, len(invitations), BATCH_SIZE):
        batch = invitations[start : start + BATCH_SIZE]
        messages = []
        for invitation in batch:
            link_token, invitation.token_hash = new_token()
            invitation.used_at = None
            messages.append(_message(invitation, link_token, template))
        with transaction.atomic():
            Invitation.objects.bulk_update(batch, ["token_hash", "used_at"])
        with mailers.default as connection:
            connection.send_messages(messages)
        Invitation.objects.filter(pk__in=[i.pk for i in batch]).update(
            **{stamp_field: timezone.now()}
        )
        sent += len(batch)
    return sent


@task
def send_invitations(wave_id: int) -> int:
    """E-mail every invitation of the wave that has not been sent yet."""
    wave = Wave.objects.get(pk=wave_id)
    if not wave.is_open():
        return 0
    pending = (
        wave.invitations.filter(sent_at__isnull=True, person__left_on__isnull=True)
        .select_related("person", "wave")
        .order_by("pk")
    )
    return _send(pending, "invitation", "sent_at")


@task
def send_reminders(wave_id: int) -> int:
    """E-mail a reminder with a new link to everyone invited who has not submitted."""
    wave = Wave.objects.get(pk=wave_id)
    if not wave.is_open():
        return 0
    pending = (
        wave.invitations.filter(completed=False, person__left_on__isnull=True)
        .select_related("person", "wave")
        .order_by("pk")
    )
    return _send(pending, "reminder", "reminded_at")
