""" "My data": what Digit holds about the signed-in person, and who else has seen it."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.audit.selectors import views_of_person

PAGE_SIZE = 50


@require_GET
@role_required(Role.EMPLOYEE)
def my_data(request: HttpRequest) -> HttpResponse:
    person = request.user.person  # type: ignore[union-attr]  # an employee always has one
    views = views_of_person(person.pk).select_related("actor__person")
    page = Paginator(views, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/my_data.html", {"page": page, "query": ""})
