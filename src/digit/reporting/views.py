import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from digit.access.policy import may_reveal_identity_numbers, role_required
from digit.access.roles import Role
from digit.exporter import FORMATS
from digit.reporting import eu_indicators, selectors, services
from digit.reporting import monthly_files as monthly_files_module
from digit.reporting.exports import IndicatorTableExport, MonthlyParticipantFile
from digit.reporting.words import labels

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


def _month(year: int, month: int) -> datetime.date:
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None


@require_GET
@role_required(*REGISTER_ROLES)
def monthly_files(request, pk):
    programme = get_object_or_404(selectors.reporting_programmes(request.user), pk=pk)
    context = {
        "programme": programme,
        "overview": monthly_files_module.overview(programme),
        "today": timezone.localdate(),
        "may_export": may_reveal_identity_numbers(request.user),
    }
    return render(request, "reporting/monthly_files.html", context)


@require_GET
@role_required(Role.FINANCE)
def monthly_file(request, pk, year, month, fmt):
    programme = get_object_or_404(selectors.reporting_programmes(request.user), pk=pk)
    if fmt not in FORMATS:
        raise Http404
    try:
        rows, numbers = services.monthly_file_numbers(
            user=request.user, programme=programme, month=_month(year, month), fmt=fmt
        )
    except ValueError:
        raise Http404 from None
    exporter = MonthlyParticipantFile(
        slug=programme.slug, month=_month(year, month), rows=rows, numbers=numbers
    )
    return exporter.response(fmt)


@require_POST
@role_required(Role.FINANCE)
def mark_sent(request, pk, year, month):
    programme = get_object_or_404(selectors.reporting_programmes(request.user), pk=pk)
    try:
        services.mark_month_sent(user=request.user, programme=programme, month=_month(year, month))
    except ValueError:
        raise Http404 from None
    messages.success(request, _("%(month)s is marked as sent.") % {"month": f"{year}-{month:02d}"})
    return redirect("reporting:monthly_files", pk=programme.pk)


@require_GET
@role_required(*REGISTER_ROLES)
def indicators(request, pk):
    programme = get_object_or_404(selectors.reporting_programmes(request.user), pk=pk)
    table = eu_indicators.indicator_table(selectors.indicator_participants(programme))
    words = labels()
    rows = [
        (words[row], [table.value(row, column) for column in eu_indicators.COLUMNS])
        for row in eu_indicators.ROWS
    ]
    context = {
        "programme": programme,
        "columns": [words[column] for column in eu_indicators.COLUMNS],
        "rows": rows,
        "min_cell_size": settings.DIGIT_MIN_CELL_SIZE,
        "data_date": timezone.localdate(),
    }
    return render(request, "reporting/indicators.html", context)


@require_GET
@role_required(*REGISTER_ROLES)
def indicators_export(request, pk, fmt):
    programme = get_object_or_404(selectors.reporting_programmes(request.user), pk=pk)
    if fmt not in FORMATS:
        raise Http404
    table = eu_indicators.suppressed(
        eu_indicators.indicator_table(selectors.indicator_participants(programme)),
        settings.DIGIT_MIN_CELL_SIZE,
    )
    return IndicatorTableExport(slug=programme.slug, table=table, labels=labels()).response(fmt)
