""" "My data": what Digit holds about the signed-in person (GDPR Art. 15) in one download, and
who else has seen it."""

import io
import json
import zipfile

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.audit.selectors import views_of_person
from digit.people.models import Person
from digit.privacy.personal_data import personal_data, readable_sections

PAGE_SIZE = 50
FORMATS = ("zip", "json", "pdf")


def _person(request: HttpRequest) -> Person:
    return request.user.person  # type: ignore[union-attr]  # an employee always has one


@require_GET
@role_required(Role.EMPLOYEE)
def my_data(request: HttpRequest) -> HttpResponse:
    views = views_of_person(_person(request).pk).select_related("actor__person")
    page = Paginator(views, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/my_data.html", {"page": page, "query": ""})


def as_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def as_pdf(request: HttpRequest, person: Person, data: dict) -> bytes:
    """A tagged PDF (PDF/UA-1) with the document's language and title, for screen readers."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    title = _("My data in Digit: %(name)s") % {"name": person.full_name}
    context = {
        "title": title,
        "generated_at": data["generated_at"],
        "sections": readable_sections(data),
    }
    html = render_to_string("web/my_data_pdf.html", context, request=request)
    # Nothing to fetch: no network, no files.
    fetcher = URLFetcher(allowed_protocols=set())
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


@require_GET
@role_required(Role.EMPLOYEE)
def my_data_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """One click: a ZIP with the JSON and the PDF; or either of them alone."""
    if fmt not in FORMATS:
        return HttpResponse(status=404)
    person = _person(request)
    data = personal_data(person)
    audit.record(
        Kind.MY_DATA_DOWNLOADED,
        request=request,
        object_type="person",
        object_id=person.pk,
        subject_person_id=person.pk,
        detail=fmt,
    )
    stem = f"my-data-{timezone.localdate():%Y-%m-%d}"
    if fmt == "json":
        body, content_type = as_json(data), "application/json"
    elif fmt == "pdf":
        body, content_type = as_pdf(request, person, data), "application/pdf"
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{stem}.json", as_json(data))
            archive.writestr(f"{stem}.pdf", as_pdf(request, person, data))
        body, content_type = buffer.getvalue(), "application/zip"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    return response
