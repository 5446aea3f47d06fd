"""The framework browser (everyone signed in) and the organisation's own competences (staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from digit.access.policy import login_required, may_manage_programme, role_required
from digit.access.roles import Role
from digit.competences.forms import CustomCompetenceForm
from digit.competences.models import Area, Competence, Framework
from digit.competences.services import add_custom_competence
from digit.stats.levels import highest_level


@require_GET
@login_required
def framework_list(request):
    frameworks = Framework.objects.order_by("slug")
    if frameworks.count() == 1:
        return redirect("competences:framework_detail", frameworks.get().slug)
    return render(request, "competences/framework_list.html", {"frameworks": frameworks})


@require_GET
@login_required
def framework_detail(request, slug):
    framework = get_object_or_404(Framework, slug=slug)
    areas = framework.areas.prefetch_related(
        Prefetch("competences", queryset=Competence.objects.order_by("order", "code"))
    )
    return render(
        request,
        "competences/framework_detail.html",
        {
            "framework": framework,
            "areas": areas,
            "levels": framework.levels.all(),
            "competence_count": Competence.objects.filter(area__framework=framework).count(),
            "may_edit": may_manage_programme(request.user),
            "highest_self_level": highest_level(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAMME_STAFF)
def competence_create(request, slug, area_code):
    area = get_object_or_404(
        Area.objects.select_related("framework"), framework__slug=slug, code=area_code
    )
    form = CustomCompetenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_custom_competence(area=area, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The competence is added."))
            return redirect("competences:framework_detail", slug)
    return render(request, "competences/competence_form.html", {"form": form, "area": area})
