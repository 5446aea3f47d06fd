"""Programme staff: create waves, open them (invitations by e-mail) and send reminders."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.assessments.forms import WaveForm
from digit.assessments.models import WaveStatistics
from digit.assessments.selectors import manageable_waves
from digit.assessments.waves import (
    MailStillQueued,
    WaveAlreadyOpened,
    WaveNotOpen,
    create_wave,
    mail_progress,
    open_wave,
    people_in_scope,
    remind,
    retry_failed_mail,
    wave_progress,
)


@require_GET
@role_required(Role.PROGRAMME_STAFF)
def wave_list(request):
    waves = manageable_waves(request.user).order_by("-opens_on")
    return render(request, "assessments/wave_list.html", {"waves": waves})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAMME_STAFF)
def wave_create(request):
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wave = create_wave(**form.cleaned_data)
        messages.success(request, _("The wave is created. Open it to send the invitations."))
        return redirect("assessments:wave_detail", wave.pk)
    return render(request, "assessments/wave_form.html", {"form": form})


@require_GET
@role_required(Role.PROGRAMME_STAFF)
def wave_detail(request, pk):
    wave = get_object_or_404(manageable_waves(request.user), pk=pk)
    mail = mail_progress(wave)
    if request.headers.get("HX-Request"):  # the e-mail progress, polled while it is sent
        return render(request, "assessments/wave_detail.html#mail", {"wave": wave, "mail": mail})
    context = {
        "wave": wave,
        "mail": mail,
        "statistics": WaveStatistics.objects.filter(wave=wave).first(),
        "progress": wave_progress(wave),
        "in_scope": people_in_scope(wave).count(),
        "units": wave.scope.all(),
    }
    return render(request, "assessments/wave_detail.html", context)


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def wave_open(request, pk):
    wave = get_object_or_404(manageable_waves(request.user), pk=pk)
    try:
        invited = open_wave(wave=wave)
    except WaveAlreadyOpened:
        messages.info(request, _("This wave is already open; its invitations are sent once."))
    else:
        messages.success(
            request,
            _("The wave is open: %(count)d invitations are being sent.") % {"count": invited},
        )
    return redirect("assessments:wave_detail", pk)


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def wave_remind(request, pk):
    wave = get_object_or_404(manageable_waves(request.user), pk=pk)
    try:
        count = remind(wave=wave)
    except WaveNotOpen:
        messages.error(request, _("Reminders can only be sent while the wave is open."))
    except MailStillQueued:
        messages.info(
            request,
            _(
                "Reminders were not sent again: the last e-mails of this wave are still being "
                "sent or went out less than 12 hours ago."
            ),
        )
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is being sent to %(count)d person.",
                "Reminders are being sent to %(count)d people.",
                count,
            )
            % {"count": count},
        )
    return redirect("assessments:wave_detail", pk)


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def wave_retry_mail(request, pk):
    wave = get_object_or_404(manageable_waves(request.user), pk=pk)
    try:
        count = retry_failed_mail(wave=wave)
    except WaveNotOpen:
        messages.error(request, _("E-mails can only be sent while the wave is open."))
    else:
        messages.success(request, _("%(count)d e-mails are being sent again.") % {"count": count})
    return redirect("assessments:wave_detail", pk)


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def wave_statistics(request, pk):
    """Compute the wave's reliability (alpha, SD, SEM) from its submitted responses now."""
    from digit.assessments.scoring import compute_wave_statistics

    wave = get_object_or_404(manageable_waves(request.user), pk=pk)
    compute_wave_statistics(wave)
    messages.success(request, _("The reliability figures are computed."))
    return redirect("assessments:wave_detail", pk)
