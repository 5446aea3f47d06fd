"""Erasure of one person on request: programme staff only, after a confirmation page that says
what goes and what the law keeps."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.people.selectors import visible_people
from digit.privacy.retention import erase_person, identity_kept_until


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAMME_STAFF)
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(visible_people(request.user), pk=pk)
    if request.method == "POST":
        erased = erase_person(person=person, today=timezone.localdate())
        if erased.pseudonymised:
            messages.success(request, _("The person's data is erased and the identity replaced."))
        else:
            messages.success(
                request,
                _("The answers, journal and written evaluations are erased; the identity is kept "
                  "as long as the law requires."),
            )  # fmt: skip
        return redirect("people:person_detail", pk=person.pk)
    context = {
        "person": person,
        "identity_kept_until": identity_kept_until(person),
        "today": timezone.localdate(),
    }
    return render(request, "privacy/erase.html", context)
