"""The start-page panel "Your assessment": continue an open wave or see the profile."""

from django.utils import timezone

from digit.access.roles import Role, roles_of
from digit.assessments.models import Invitation, Response
from digit.assessments.pseudonyms import pseudonym_for


def home_panel(request):
    """(template, context) for this app's part of the start page, or None."""
    person = getattr(request.user, "person", None)
    if person is None or Role.EMPLOYEE not in roles_of(request.user):
        return None
    today = timezone.localdate()
    open_invitations = list(
        Invitation.objects.filter(
            person=person,
            wave__opened_at__isnull=False,
            wave__opens_on__lte=today,
            wave__closes_on__gte=today,
            completed=False,
        )
        .select_related("wave")
        .order_by("wave__closes_on")
    )
    started = set(
        Response.objects.filter(
            pseudonym=pseudonym_for(person.id),
            wave__in=[invitation.wave for invitation in open_invitations],
        ).values_list("wave_id", flat=True)
    )
    has_profile = Response.objects.filter(
        pseudonym=pseudonym_for(person.id), submitted_at__isnull=False
    ).exists()
    if not open_invitations and not has_profile:
        return None
    return (
        "assessments/_home_panel.html",
        {
            "open": [(inv.wave, inv.wave_id in started) for inv in open_invitations],
            "has_profile": has_profile,
        },
    )
