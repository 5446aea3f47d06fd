"""The staff page for the HR import: upload → preview → confirm → result.

Between preview and confirmation the uploaded bytes stay on the server only, in a
``PendingImport`` row of the database (so the confirmation may reach another application
server); the session holds a signed reference to it with a random token. The row is deleted
when the import is confirmed, refused, or replaced by a new upload, and after an hour.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.people.forms import ImportUploadForm
from digit.people.hr_import import PersonRecord
from digit.people.models import ImportBatch, PendingImport
from digit.people.services import (
    Change,
    ImportRejected,
    StaleImport,
    commit_people_import,
    file_digest,
    preview_people_import,
)
from digit.people.spreadsheet import FileRejected

SESSION_KEY = "people_import"
SIGNING_SALT = "digit.people.import"
MAX_AGE_SECONDS = 3600
PREVIEW_ROWS = 500  # rows shown per table; the counts always cover the whole file

FIELD_NAMES = {
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "email": gettext_lazy("E-mail"),
    "unit": gettext_lazy("Unit"),
    "manager": gettext_lazy("Manager"),
    "manages": gettext_lazy("Manages"),
    "gender": gettext_lazy("Gender"),
    "birth_year": gettext_lazy("Birth year"),
    "employment_start": gettext_lazy("Employed from"),
    "employment_end": gettext_lazy("Employed until"),
    "hourly_cost": gettext_lazy("Hourly salary cost"),
    "left_on": gettext_lazy("Left on"),
    "account": gettext_lazy("Login account"),
}


def _discard(request) -> None:
    """Forget the pending upload and delete its bytes; also sweep uploads older than an hour."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        try:
            token = signing.loads(pending, salt=SIGNING_SALT)["token"]
            PendingImport.objects.filter(token=token).delete()
        except signing.BadSignature:
            pass
    cutoff = timezone.now() - timedelta(seconds=MAX_AGE_SECONDS)
    PendingImport.objects.filter(uploaded_at__lt=cutoff).delete()


def _pending_bytes(request, token: str) -> bytes:
    """The uploaded bytes, for the account that uploaded them only."""
    pending = PendingImport.objects.get(token=token, uploaded_by=request.user)
    return bytes(pending.data)


# Room for the multipart envelope and the other fields around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


def _body_too_large(request) -> bool:
    """Refuse an oversized upload from its Content-Length, before Django reads the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.DIGIT_IMPORT_MAX_BYTES + MULTIPART_OVERHEAD


def _too_large_message(request) -> str:
    size = int(request.META["CONTENT_LENGTH"]) / 1048576
    limit = settings.DIGIT_IMPORT_MAX_BYTES / 1048576
    return _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
        "size": f"{size:.1f}".rstrip("0").rstrip("."),
        "limit": f"{limit:.1f}".rstrip("0").rstrip("."),
    }


def _recent_imports():
    return ImportBatch.objects.select_related("created_by")[:10]


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAMME_STAFF)
def upload(request):
    if request.method == "POST" and _body_too_large(request):
        form = ImportUploadForm({"mode": "full"}, MultiValueDict())
        form.full_clean()
        form.errors["file"] = form.error_class([_too_large_message(request)])
        response = render(
            request, "people/import_upload.html", {"form": form, "imports": _recent_imports()}
        )
        response.status_code = 413
        return response
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _discard(request)
        upload = form.cleaned_data["file"]
        data = upload.read()
        full = form.cleaned_data["mode"] == "full"
        try:
            preview = preview_people_import(data, filename=upload.name, full=full)
        except FileRejected as rejected:
            form.add_error("file", rejected.message)
        else:
            if preview.is_valid:
                token = secrets.token_urlsafe(24)
                PendingImport.objects.create(token=token, uploaded_by=request.user, data=data)
                request.session[SESSION_KEY] = signing.dumps(
                    {
                        "token": token,
                        "filename": upload.name,
                        "full": full,
                        "state": preview.state,
                        "sha256": preview.sha256,
                    },
                    salt=SIGNING_SALT,
                )
            return render(request, "people/import_preview.html", _preview_context(preview))
    return render(
        request, "people/import_upload.html", {"form": form, "imports": _recent_imports()}
    )


@dataclass(frozen=True)
class ChangedRow:
    """A changed person in the preview, their changes named as on the page."""

    record: PersonRecord
    changes: list[Change]


def _preview_context(preview):
    changed = [
        ChangedRow(
            diff.record,
            [
                Change(str(FIELD_NAMES.get(c.field, c.field)), c.before, c.after)
                for c in diff.changes
            ],
        )
        for diff in preview.changed[:PREVIEW_ROWS]
    ]
    return {
        "preview": preview,
        "new": preview.new[:PREVIEW_ROWS],
        "changed": changed,
        "leaving": preview.leaving[:PREVIEW_ROWS],
        "limit": PREVIEW_ROWS,
    }


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def confirm(request):
    pending = request.session.get(SESSION_KEY)
    try:
        ticket = signing.loads(pending or "", salt=SIGNING_SALT, max_age=MAX_AGE_SECONDS)
        data = _pending_bytes(request, ticket["token"])
    except (signing.BadSignature, KeyError, PendingImport.DoesNotExist):
        _discard(request)
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("people:import_upload")
    try:
        if file_digest(data) != ticket["sha256"]:
            raise StaleImport
        batch = commit_people_import(
            data,
            filename=ticket["filename"],
            full=ticket["full"],
            user=request.user,
            expected_state=ticket["state"],
        )
    except StaleImport:
        messages.error(
            request,
            _(
                "People or units changed after the preview, so nothing was imported. "
                "Upload the file again to see an up-to-date preview."
            ),
        )
        return redirect("people:import_upload")
    except (ImportRejected, FileRejected):
        messages.error(request, _("The file no longer passes the checks. Nothing was imported."))
        return redirect("people:import_upload")
    finally:
        _discard(request)
    return redirect("people:import_result", pk=batch.pk)


@require_http_methods(["GET"])
@role_required(Role.PROGRAMME_STAFF)
def result(request, pk):
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    return render(request, "people/import_result.html", {"batch": batch})
