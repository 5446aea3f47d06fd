"""Wave services: create a wave, open it (invite everyone in scope), remind those not done.

Opening is one transaction: the instrument is frozen, one invitation per current person in
scope is created, and the wave is marked opened. The e-mails go out afterwards, from a
background task enqueued only once that transaction has committed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from digit.assessments.models import Invitation, MeasurementSettings, Wave
from digit.assessments.tokens import unusable_token_hash
from digit.people.models import Person, unit_subtree_ids


class WaveAlreadyOpened(Exception):
    pass


class WaveNotOpen(Exception):
    pass


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
    number of invitations created. With ``send`` the invitations are e-mailed by a task once
    the transaction has committed (the demo passes ``send=False``)."""
    from digit.assessments import scoring
    from digit.assessments.instruments import freeze_instrument
    from digit.assessments.tasks import send_invitations

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
        new = [
            Invitation(wave=wave, person_id=person_id, token_hash=unusable_token_hash())
            for person_id in people_in_scope(wave).values_list("id", flat=True)
            if person_id not in invited
        ]
        Invitation.objects.bulk_create(new, batch_size=2000)
        wave.opened_at = timezone.now()
        wave.save(update_fields=["opened_at"])
        if send:
            transaction.on_commit(lambda: send_invitations.enqueue(wave.id))
    return len(new)


def remind(*, wave: Wave) -> None:
    """Enqueue reminders to everyone invited who has not submitted yet."""
    from digit.assessments.tasks import send_reminders

    if not wave.is_open():
        raise WaveNotOpen
    transaction.on_commit(lambda: send_reminders.enqueue(wave.id))


def wave_progress(wave: Wave) -> dict:
    """Counts for the staff page: invited, e-mailed, link used, completed."""
    invitations = wave.invitations.all()
    return {
        "invited": invitations.count(),
        "sent": invitations.filter(sent_at__isnull=False).count(),
        "used": invitations.filter(used_at__isnull=False).count(),
        "completed": invitations.filter(completed=True).count(),
        "started": wave.responses.count(),
    }
