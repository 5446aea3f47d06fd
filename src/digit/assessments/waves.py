"""Wave services: create a wave, open it (invite everyone in scope), remind those not done.

Opening is one transaction: the instrument is frozen, one invitation per current person in
scope is created and queued for e-mail, the wave is marked opened, and the task that sends
the e-mails is enqueued (a row of the same transaction: a rollback takes it back too).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from digit.assessments.models import Invitation, MeasurementSettings, Wave
from digit.assessments.tokens import unusable_token_hash
from digit.background import BUSY, task_state
from digit.people.models import Person, unit_subtree_ids


class WaveAlreadyOpened(Exception):
    pass


class WaveNotOpen(Exception):
    pass


class MailStillQueued(Exception):
    """The previous round's e-mails are still being sent, or it started moments ago."""


# A new reminder round is refused this soon after the last round started (a double click).
MIN_TIME_BETWEEN_ROUNDS = datetime.timedelta(hours=12)


def people_in_scope(wave: Wave):
    """Current people in the wave's units and every unit below them."""
    unit_ids = unit_subtree_ids(wave.scope.values_list("id", flat=True))
    return Person.objects.current().filter(unit_id__in=unit_ids)


def period_errors(programme, opens_on, closes_on) -> dict[str, str]:
    """Why a wave's dates do not fit the programme (field → message); empty when they do.
    Figures and forecasts are drawn to the programme's end: a wave outside its period would
    not belong to it, so the programme must be extended first."""
    errors = {}
    if opens_on < programme.starts_on:
        errors["opens_on"] = _(
            "The wave opens before the programme starts (%(date)s). Choose a later day, or "
            "change the programme's period first."
        ) % {"date": formats.date_format(programme.starts_on, "SHORT_DATE_FORMAT")}
    if closes_on > programme.ends_on:
        errors["closes_on"] = _(
            "The wave closes after the programme ends (%(date)s). Choose an earlier day, or "
            "extend the programme's period first."
        ) % {"date": formats.date_format(programme.ends_on, "SHORT_DATE_FORMAT")}
    return errors


@transaction.atomic
def create_wave(*, programme, kind, name, instrument, opens_on, closes_on, units) -> Wave:
    """Create a wave inside the programme's period (else ValidationError, nothing saved)."""
    errors = period_errors(programme, opens_on, closes_on)
    if errors:
        raise ValidationError(errors)
    wave = Wave.objects.create(
        programme=programme,
        kind=kind,
        name=name,
        instrument=instrument,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    wave.scope.set(units)
    return wave


def open_wave(*, wave: Wave, send: bool = True) -> int:
    """Freeze the instrument, invite everyone in scope, mark the wave opened; return the
    number of invitations created. With ``send`` the invitations are queued for e-mail (the
    demo passes ``send=False``)."""
    from digit.assessments import scoring
    from digit.assessments.instruments import freeze_instrument

    with transaction.atomic():
        wave = Wave.objects.select_for_update().select_related("instrument").get(pk=wave.pk)
        if wave.opened_at is not None:
            raise WaveAlreadyOpened
        freeze_instrument(wave.instrument)
        if wave.kind == Wave.Kind.FOLLOW_UP:
            settings, _ = MeasurementSettings.objects.get_or_create(programme=wave.programme)
            if settings.frozen_at is None:
                # Verdicts at follow-up use the baseline's SD and reliability, fixed now.
                scoring.freeze_baseline(wave.programme)
        invited = set(wave.invitations.values_list("person_id", flat=True))
        mail = Invitation.Mail.QUEUED if send else Invitation.Mail.UNSENT
        new = [
            Invitation(wave=wave, person_id=person_id, token_hash=unusable_token_hash(), mail=mail)
            for person_id in people_in_scope(wave).values_list("id", flat=True)
            if person_id not in invited
        ]
        Invitation.objects.bulk_create(new, batch_size=2000)
        wave.opened_at = timezone.now()
        wave.save(update_fields=["opened_at"])
        if send:
            _enqueue_mail(wave)
    return len(new)


def _enqueue_mail(wave: Wave) -> None:
    from digit.assessments.tasks import send_wave_mail

    wave.mail_task_id = send_wave_mail.enqueue(wave.pk).id
    wave.mail_error = ""
    wave.save(update_fields=["mail_task_id", "mail_error"])


def remind(*, wave: Wave) -> int:
    """Queue a reminder with a new link for everyone invited who has not submitted; return
    how many. Refused while the previous round is being sent or has just started."""
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        if not wave.is_open():
            raise WaveNotOpen
        last_round = wave.reminded_at or wave.opened_at
        if wave.invitations.filter(mail=Invitation.Mail.QUEUED).exists() or (
            last_round is not None and timezone.now() - last_round < MIN_TIME_BETWEEN_ROUNDS
        ):
            raise MailStillQueued
        wave.reminder_round += 1
        wave.reminded_at = timezone.now()
        wave.save(update_fields=["reminder_round", "reminded_at"])
        count = wave.invitations.filter(completed=False, person__left_on__isnull=True).update(
            mail=Invitation.Mail.QUEUED, mail_round=wave.reminder_round, mail_error=""
        )
        _enqueue_mail(wave)
    return count


def retry_failed_mail(*, wave: Wave) -> int:
    """Queue again the e-mails of the wave that failed; return how many."""
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        if not wave.is_open():
            raise WaveNotOpen
        count = wave.invitations.filter(mail=Invitation.Mail.FAILED).update(
            mail=Invitation.Mail.QUEUED, mail_error=""
        )
        if count:
            _enqueue_mail(wave)
    return count


@dataclass(frozen=True)
class MailProgress:
    """What the programme officer sees while a wave's e-mails go out."""

    queued: int
    sent: int
    failed: int
    task: str  # "queued", "running", "retrying", "done", "failed" or "" (nothing sent yet)
    reason: str  # why sending last stopped, if it did
    reasons: list[tuple[str, int]]  # lasting refusals: (reason, how many)

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.failed

    @property
    def busy(self) -> bool:
        return self.task in BUSY


def mail_progress(wave: Wave) -> MailProgress:
    counts = wave.invitations.aggregate(
        **{
            state: Count("pk", filter=Q(mail=state))
            for state in (Invitation.Mail.QUEUED, Invitation.Mail.SENT, Invitation.Mail.FAILED)
        }
    )
    reasons = (
        wave.invitations.filter(mail=Invitation.Mail.FAILED)
        .values_list("mail_error")
        .annotate(n=Count("pk"))
        .order_by("-n")[:5]
    )
    return MailProgress(
        queued=counts[Invitation.Mail.QUEUED],
        sent=counts[Invitation.Mail.SENT],
        failed=counts[Invitation.Mail.FAILED],
        task=task_state(wave.mail_task_id),
        reason=wave.mail_error,
        reasons=list(reasons),
    )


def wave_progress(wave: Wave) -> dict:
    """Counts for the staff page: invited, link used, started, completed."""
    invitations = wave.invitations.all()
    return {
        "invited": invitations.count(),
        "used": invitations.filter(used_at__isnull=False).count(),
        "completed": invitations.filter(completed=True).count(),
        "started": wave.responses.count(),
    }
