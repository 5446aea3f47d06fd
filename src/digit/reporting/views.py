import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from digit.access.policy import (
    may_reveal_identity_numbers,
    may_see_participant_register,
    role_required,
)
from digit.access.roles import Role, has_role
from digit.exporter import FORMATS
from digit.reporting import eu_indicators, selectors, services
from digit.reporting import monthly_files as monthly_files_module
from digit.reporting import report as report_module
from digit.reporting.exports import IndicatorTableExport, MonthlyParticipantFile, ReportFigures
from digit.reporting.forms import ReportTextForm
from digit.reporting.models import ReportText
from digit.reporting.words import labels

REGISTER_ROLES = (Role.FINANCE, Role.AUDITOR)
PAGE_SIZE = 100


@require_GET
@role_required(Role.FINANCE, Role.AUDITOR, Role.PROGRAMME_STAFF)
def index(request):
    context = {
        "programmes": selectors.report_programmes(request.user).order_by("-starts_on"),
        "may_see_register": may_see_participant_register(request.user),
    }
    return render(request, "reporting/index.html", context)


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


REPORT_ROLES = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)
WRITER_ROLES = (Role.PROGRAMME_STAFF, Role.FINANCE)


def _report_programme(request, pk):
    return get_object_or_404(selectors.report_programmes(request.user), pk=pk)


def _period(request, programme) -> tuple[datetime.date, datetime.date]:
    def day(name, default):
        try:
            return datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return default

    start = day("start", programme.starts_on)
    end = day("end", programme.ends_on)
    return (start, end) if start <= end else (end, start)


@require_GET
@role_required(*REPORT_ROLES)
def report(request, pk):
    programme = _report_programme(request, pk)
    start, end = _period(request, programme)
    context = {
        "programme": programme,
        "report": report_module.report_data(programme, start=start, end=end),
        "query": f"start={start.isoformat()}&end={end.isoformat()}",
        "may_write": has_role(request.user, *WRITER_ROLES),
    }
    return render(request, "reporting/report.html", context)


@require_GET
@role_required(*REPORT_ROLES)
def report_file(request, pk, fmt):
    programme = _report_programme(request, pk)
    start, end = _period(request, programme)
    data = report_module.report_data(programme, start=start, end=end)
    base_url = request.build_absolute_uri("/").rstrip("/")
    filename = f"rapport-{programme.slug}-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "pdf":
        pdf = report_module.report_pdf(data, language=get_language(), base_url=base_url)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.pdf")
        return response
    if fmt != "xlsx":
        raise Http404
    header = (_("Table"), _("Row"), _("Column"), _("Value"), _("Data as of"), _("Source"))
    exporter = ReportFigures(
        filename=filename, tables=data.tables, base_url=base_url, header=header
    )
    return exporter.response("xlsx")


@require_http_methods(["GET", "POST"])
@role_required(*WRITER_ROLES)
def report_text(request, pk, section):
    programme = _report_programme(request, pk)
    sections = dict(ReportText.Section.choices)
    if section not in sections:
        raise Http404
    history = ReportText.objects.filter(programme=programme, section=section).select_related(
        "written_by"
    )
    latest = history.first()
    form = ReportTextForm(request.POST or None, initial={"text": latest.text if latest else ""})
    if request.method == "POST" and form.is_valid():
        services.write_report_text(
            user=request.user, programme=programme, section=section, text=form.cleaned_data["text"]
        )
        messages.success(request, _("The text is saved."))
        return redirect("reporting:report", pk=programme.pk)
    context = {
        "programme": programme,
        "section_title": sections[section],
        "form": form,
        "history": history,
    }
    return render(request, "reporting/report_text.html", context)
