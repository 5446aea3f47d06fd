"""A programme's measurement page: the verdict rules (fixed before the follow-up), the
frozen baseline and each wave's reliability. Staff change; auditors read."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from digit.access.policy import may_manage_programme, role_required
from digit.access.roles import Role
from digit.assessments import scoring
from digit.assessments.instruments import get_default_instrument
from digit.assessments.measurement_forms import MeasurementSettingsForm
from digit.assessments.models import Item, Wave, WaveStatistics
from digit.programmes.selectors import visible_programmes
from digit.stats.reliability import standard_error_of_measurement

READERS = (Role.PROGRAMME_STAFF, Role.AUDITOR)


@dataclass(frozen=True)
class WaveRow:
    """A wave of the programme with its reliability figures, once they are computed."""

    wave: Wave
    statistics: WaveStatistics | None


def _practice_count(programme) -> int:
    wave = programme.waves.order_by("opens_on").first()
    items = Item.objects.filter(kind=Item.Kind.PRACTICE)
    if wave is not None:
        return items.filter(instrument_id=wave.instrument_id).count()
    return items.filter(instrument=get_default_instrument()).count()


@require_http_methods(["GET", "POST"])
@role_required(*READERS)
def measurement(request, programme_pk):
    programme = get_object_or_404(visible_programmes(request.user), pk=programme_pk)
    settings = scoring.measurement_settings(programme)
    fixed = scoring.settings_are_fixed(settings)
    may_edit = may_manage_programme(request.user) and not fixed
    form = MeasurementSettingsForm(
        request.POST if request.method == "POST" else None,
        instance=settings,
        practice_count=_practice_count(programme),
    )
    if request.method == "POST":
        if not may_manage_programme(request.user):
            raise PermissionDenied  # auditors read, never write
        if not may_edit:
            messages.error(request, _("The rules are fixed and cannot change any more."))
            return redirect("assessments:measurement", programme.pk)
        if form.is_valid():
            scoring.update_measurement_settings(programme=programme, **form.cleaned_data)
            messages.success(request, _("The rules are saved."))
            return redirect("assessments:measurement", programme.pk)
    waves = (
        Wave.objects.filter(programme=programme).select_related("statistics").order_by("opens_on")
    )
    rows = [WaveRow(wave, getattr(wave, "statistics", None)) for wave in waves]
    baseline_sem = (
        standard_error_of_measurement(settings.baseline_sd, settings.baseline_reliability)
        if settings.frozen_at
        and settings.baseline_sd is not None
        and settings.baseline_reliability is not None  # frozen together with the SD
        else None
    )
    return render(
        request,
        "assessments/measurement.html",
        {
            "programme": programme,
            "settings": settings,
            "form": form,
            "fixed": fixed,
            "may_edit": may_edit,
            "may_manage": may_manage_programme(request.user),
            "threshold": scoring.verdict_threshold(settings),
            "baseline_sem": baseline_sem,
            "rows": rows,
        },
    )


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def wave_statistics(request, programme_pk, wave_pk):
    programme = get_object_or_404(visible_programmes(request.user), pk=programme_pk)
    wave = get_object_or_404(programme.waves, pk=wave_pk)
    scoring.compute_wave_statistics(wave)
    messages.success(request, _("The reliability of %(wave)s is computed.") % {"wave": wave})
    return redirect("assessments:measurement", programme.pk)


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def wave_verdicts(request, programme_pk, wave_pk):
    programme = get_object_or_404(visible_programmes(request.user), pk=programme_pk)
    wave = get_object_or_404(programme.waves.filter(kind=Wave.Kind.FOLLOW_UP), pk=wave_pk)
    count = scoring.recompute_changes(wave)
    if count:
        messages.success(
            request,
            _("%(count)d verdicts are up to date for %(wave)s.") % {"count": count, "wave": wave},
        )
    else:
        messages.error(
            request, _("No verdicts: the baseline is not frozen or nobody answered both waves.")
        )
    return redirect("assessments:measurement", programme.pk)
