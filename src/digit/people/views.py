from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from digit.access.policy import (
    ORGANISATION_WIDE,
    may_manage_programme,
    may_see_salary_cost,
    role_required,
)
from digit.access.roles import Role
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.people.forms import PersonFilterForm
from digit.people.selectors import (
    search_people,
    units_with_headcount,
    visible_people,
    visible_units,
)

LIST_ROLES = (*ORGANISATION_WIDE, Role.MANAGER)


@require_GET
@role_required(*LIST_ROLES)
def person_list(request):
    units = visible_units(request.user).order_by("name")
    form = PersonFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    people = search_people(
        request.user,
        query=filters.get("q", ""),
        unit_id=filters.get("unit"),
        status=filters.get("status") or "current",
        gender=filters.get("gender", ""),
        manager=filters.get("manager", ""),
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "people/person_list.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, context)


@require_GET
@role_required(*LIST_ROLES, Role.EMPLOYEE)
def person_detail(request, pk):
    person = get_object_or_404(visible_people(request.user).select_related("unit"), pk=pk)
    audit.record_view(
        request, Kind.PERSON_VIEWED, object_type="person", object_id=pk, person_id=person.pk
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "show_salary_cost": may_see_salary_cost(request.user),
            # Individual profiles: the person and programme staff only, never managers.
            "show_profile_link": may_manage_programme(request.user),
            "managed_units": person.managed_units.all(),
        },
    )


@require_GET
@role_required(*LIST_ROLES)
def unit_list(request):
    return render(request, "people/unit_list.html", {"units": units_with_headcount(request.user)})


@require_GET
@role_required(*LIST_ROLES)
def unit_detail(request, pk):
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    people = visible_people(request.user).filter(unit=unit).current()
    return render(
        request,
        "people/unit_detail.html",
        {
            "unit": unit,
            "people": people,
            "children": unit.children.all(),
        },
    )
