"""The page of a file that the worker builds for its owner (a profile PDF, a large export):
its state while queued or being built, the reason when it failed, the link when ready. Only
the account that asked reaches it (``files_of``); anyone else gets 404."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from digit.access.policy import login_required
from digit.background import BUSY, files


@require_GET
@login_required
def prepared_file(request, pk):
    prepared = get_object_or_404(files.files_of(request.user).defer("content"), pk=pk)
    state = files.state(prepared)
    context = {
        "file": prepared,
        "state": state,
        "busy": state in BUSY,
        "file_hours": settings.DIGIT_PREPARED_FILE_HOURS,
        "reason": files.failure_reason(prepared) if state in ("failed", "retrying") else "",
    }
    if request.headers.get("HX-Request"):  # polled while the file is being built
        return render(request, "web/prepared_file.html#state", context)
    return render(request, "web/prepared_file.html", context)


@require_GET
@login_required
def prepared_file_download(request, pk):
    prepared = get_object_or_404(files.files_of(request.user), pk=pk)
    if not prepared.is_ready:
        raise Http404
    response = HttpResponse(bytes(prepared.content), content_type=prepared.content_type)
    response["Content-Disposition"] = content_disposition_header(True, prepared.filename)
    return response
