from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from digit.access.policy import may_manage_programme, role_required
from digit.access.roles import Role
from digit.people.selectors import visible_units
from digit.programmes.forms import PhaseFormSet, ProgrammeForm
from digit.programmes.models import Phase, Programme
from digit.programmes.selectors import programmes_with_status, visible_programmes
from digit.programmes.services import save_programme

READ_ROLES = (Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE)


@require_GET
@role_required(*READ_ROLES)
def programme_list(request):
    return render(
        request,
        "programmes/programme_list.html",
        {
            "programmes": programmes_with_status(visible_programmes(request.user)),
            "may_manage": may_manage_programme(request.user),
        },
    )


@require_GET
@role_required(*READ_ROLES)
def programme_detail(request, pk):
    found = programmes_with_status(visible_programmes(request.user).filter(pk=pk))
    if not found:
        raise Http404
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": found[0], "may_manage": may_manage_programme(request.user)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAMME_STAFF)
def programme_create(request):
    return _edit(request, Programme())


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAMME_STAFF)
def programme_edit(request, pk):
    return _edit(request, get_object_or_404(visible_programmes(request.user), pk=pk))


def _edit(request, programme):
    units = visible_units(request.user).order_by("name")
    phases_queryset = Phase.objects.order_by("starts_on")
    if request.method == "POST":
        form = ProgrammeForm(request.POST, instance=programme, units=units)
        period = None
        if form.is_valid():
            period = (form.cleaned_data["starts_on"], form.cleaned_data["ends_on"])
        phases = PhaseFormSet(
            request.POST, instance=programme, queryset=phases_queryset, period=period
        )
        if form.is_valid() and phases.is_valid():
            programme = save_programme(form=form, phases=phases)
            messages.success(request, _("The programme has been saved."))
            return redirect("programmes:programme_detail", pk=programme.pk)
    else:
        form = ProgrammeForm(instance=programme, units=units)
        phases = PhaseFormSet(instance=programme, queryset=phases_queryset)
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "phases": phases, "programme": programme},
    )
