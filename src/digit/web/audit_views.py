"""The audit trail's pages: the search for auditors (and its CSV), and on "My data" the list
of who has looked at the signed-in person's data. They live here because they name people,
whom the audit trail itself knows only by id."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from digit.access.policy import login_required, may_read_audit_trail
from digit.audit import selectors
from digit.audit import services as audit
from digit.audit.exports import EntryExporter
from digit.audit.forms import EntrySearchForm
from digit.audit.models import Entry, Kind
from digit.people.selectors import search_people, visible_people

PAGE_SIZE = 50


def _search(request: HttpRequest) -> tuple[EntrySearchForm, QuerySet[Entry]]:
    """The form and the entries it selects (none while the form has errors)."""
    if not may_read_audit_trail(request.user):
        raise PermissionDenied
    form = EntrySearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        return form, selectors.search_entries().none()
    person_ids = None
    if filters.get("person"):
        people = search_people(request.user, query=filters["person"], status="all")
        person_ids = list(people.values_list("pk", flat=True)[:1000])
    entries = selectors.search_entries(
        person_ids=person_ids,
        actor=filters.get("actor", ""),
        kind=filters.get("kind", ""),
        start=filters.get("start"),
        end=filters.get("end"),
    )
    return form, entries


def _names(user, person_ids) -> dict[int, str]:
    people = visible_people(user).filter(pk__in=person_ids)
    return {
        pk: f"{first} {last} ({number})"
        for pk, first, last, number in people.values_list(
            "pk", "first_name", "last_name", "employee_number"
        )
    }


@require_GET
@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    form, entries = _search(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    names = _names(request.user, {e.subject_person_id for e in page if e.subject_person_id})
    rows = [(entry, names.get(entry.subject_person_id or 0, "")) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "web/audit_trail.html", context)


@require_GET
@login_required
def audit_trail_export(request: HttpRequest) -> HttpResponseBase:
    form, entries = _search(request)
    audit.record(
        Kind.EXPORTED, request=request, object_type="audit_trail", detail="audit-trail.csv"
    )
    names = _names(
        request.user, entries.exclude(subject_person_id=None).values("subject_person_id")
    )
    return EntryExporter(entries, lambda person_id: names.get(person_id, "")).response("csv")
