from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from digit.access.policy import may_reveal_identity_numbers, role_required
from digit.access.roles import Role
from digit.reporting import selectors, services

REGISTER_ROLES = (Role.FINANCE, Role.AUDITOR)
PAGE_SIZE = 100


@require_GET
@role_required(*REGISTER_ROLES)
def index(request):
    return render(
        request,
        "reporting/index.html",
        {"programmes": selectors.reporting_programmes(request.user).order_by("-starts_on")},
    )


@require_GET
@role_required(*REGISTER_ROLES)
def register(request, pk):
    programme = get_object_or_404(selectors.reporting_programmes(request.user), pk=pk)
    return _register_page(request, programme, revealed={})


@require_POST
@role_required(Role.FINANCE)
def reveal(request, pk, person_id):
    """Show one participant's number (logged). htmx swaps the row; without JavaScript the
    register page comes back with the number in its row."""
    programme = get_object_or_404(selectors.reporting_programmes(request.user), pk=pk)
    found = selectors.participations(programme, person_id=person_id)
    if not found:
        raise Http404
    (row,) = selectors.register_rows(found)
    number = services.reveal_one(user=request.user, programme=programme, person=row.person)
    if request.headers.get("HX-Request"):
        (row,) = selectors.register_rows(found, {row.person.pk: number})
        context = {"row": row, "programme": programme, "may_reveal": True}
        return render(request, "reporting/register.html#row", context)
    return _register_page(request, programme, revealed={row.person.pk: number})


def _register_page(request, programme, *, revealed):
    page = Paginator(selectors.participations(programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reporting/register.html",
        {
            "programme": programme,
            "page": page,
            "rows": selectors.register_rows(list(page), revealed),
            "may_reveal": may_reveal_identity_numbers(request.user),
        },
    )


@require_GET
@role_required(*REGISTER_ROLES)
def disclosures(request):
    page = Paginator(
        selectors.visible_disclosures(request.user).prefetch_related("people"), 50
    ).get_page(request.GET.get("page"))
    return render(request, "reporting/disclosures.html", {"page": page})
