"""The person's side: the invitation link, the form and its submission.

The form is one document with a section per page (``form_document``). Without JavaScript, Back
and Next post the whole form, which saves and redirects to the other page (post/redirect/get),
so the browser's own back and forward buttons never re-post anything. With JavaScript they
switch sections in the browser, and answers are saved when the person leaves the page
("autosave"), presses "Save and finish later", or submits.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.assessments.form_document import complete_pages, render_pages
from digit.assessments.invitations import Outcome, exchange_link, inspect_link, over_limit
from digit.assessments.models import Invitation
from digit.assessments.pages import FormPage, form_pages
from digit.assessments.responses import (
    AlreadySubmitted,
    IncompleteResponse,
    TamperedAnswers,
    WaveClosed,
    answers_of,
    read_form,
    save_answers,
    stored_answers,
    submit,
)

LINK_PROBLEMS = {
    Outcome.INVALID: (
        400,
        gettext_lazy("This link is not valid"),
        gettext_lazy(
            "The link may have been copied incompletely, or replaced by a newer link in a "
            "reminder e-mail. Use the link in the latest e-mail, or sign in."
        ),
    ),
    Outcome.OTHER_USER: (
        403,
        gettext_lazy("This link belongs to someone else"),
        gettext_lazy(
            "You are signed in with another account. Nothing has been changed. Sign out first if "
            "the link is yours."
        ),
    ),
    Outcome.CLOSED: (
        410,
        gettext_lazy("This assessment is closed"),
        gettext_lazy("The wave is not open for answers. Nothing has been stored."),
    ),
    Outcome.NEEDS_PASSWORD: (
        403,
        gettext_lazy("Please sign in"),
        gettext_lazy(
            "Your account has administrative rights, so it cannot be opened by an e-mail link. "
            "Sign in with your password and second factor; the assessment is on your start page."
        ),
    ),
}
# The link is in the landing page's address: keep it out of caches, referrers and indexes.
# "strict-origin" sends no path anywhere, yet keeps the Origin of the Start button's POST,
# which the CSRF check needs ("no-referrer" would make it "null").
LINK_HEADERS = {
    "Referrer-Policy": "strict-origin",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
}


def _problem(request, status, title, text, *, sign_in=False):
    context = {"title": title, "text": text, "sign_in": sign_in}
    return render(request, "assessments/problem.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """GET shows the landing page and changes nothing (mail scanners only GET); its button
    POSTs the token, which signs the person in and goes on to a URL without the token."""
    if over_limit(token):
        response = render(request, "429.html", status=429)
    elif request.method == "POST":
        response = _link_response(request, exchange_link(request, token))
    else:
        response = _link_response(request, inspect_link(request, token))
    for header, value in LINK_HEADERS.items():
        response.headers[header] = value
    return response


def _link_response(request, check):
    signed_in = request.user.is_authenticated
    if check.outcome is Outcome.SIGNED_IN:
        return redirect("assessments:form", check.invitation.wave_id)
    if check.outcome is Outcome.VALID and signed_in:  # nothing to exchange: continue
        return redirect("assessments:form", check.invitation.wave_id)
    if check.outcome is Outcome.VALID:
        current = translation.get_language() or settings.LANGUAGE_CODE
        others = [code for code, _name in settings.LANGUAGES if code != current]
        context = {
            "wave": check.invitation.wave,
            "first_name": check.invitation.person.first_name,
            # The person's language is not known yet: the page speaks both.
            "languages": [current, *others],
        }
        return render(request, "assessments/invitation.html", context)
    if check.outcome is Outcome.SUBMITTED:
        if signed_in:
            return _already_submitted(request)
        return render(request, "assessments/submitted.html", {"wave": check.invitation.wave})
    status, title, text = LINK_PROBLEMS[check.outcome]
    return _problem(request, status, title, text, sign_in=not signed_in)


def _invitation_of(request, wave_id):
    person = getattr(request.user, "person", None)
    if person is None:  # an account without a person is invited to nothing
        raise Http404
    invited = get_object_or_404(
        Invitation.objects.select_related("wave__instrument"), wave_id=wave_id, person=person
    )
    invited.person = person  # already loaded with the user's roles
    return invited


def _page_url(wave, number: int) -> str:
    return f"{reverse('assessments:form', args=[wave.id])}?page={number}"


def _first_incomplete(pages, answered: dict[int, int]) -> int:
    complete = complete_pages(pages, answered)
    return next((page.number for page in pages if page.number not in complete), len(pages))


def _page_number(value, pages) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= len(pages) else None


def _closed(request):
    title, text = LINK_PROBLEMS[Outcome.CLOSED][1:]
    return _problem(request, 410, title, text)


def _already_submitted(request):
    messages.info(request, _("You have already submitted your answers. Thank you!"))
    return redirect("assessments:my_profile")


@require_http_methods(["GET", "POST"])
@role_required(Role.EMPLOYEE)
def form(request, wave_id):
    invited = _invitation_of(request, wave_id)
    wave, person = invited.wave, invited.person
    if not wave.is_open():
        return _closed(request)
    pages = form_pages(wave.instrument)
    if request.method == "POST":
        return _post(request, invited, pages)
    if invited.completed:  # set in the transaction that submits the response
        return _already_submitted(request)
    answered = stored_answers(wave, person)
    current = _page_number(request.GET.get("page"), pages) or _first_incomplete(pages, answered)
    return _render(request, wave, pages, answered, current)


ACTIONS = {"next", "back", "save", "submit", "autosave"}


def _post(request, invited, pages):
    """Save the posted answers, then go back, stay, go forward or submit.

    ``action`` is "<what>:<page>" (the page whose button was pressed), "submit" or "autosave"
    (sent by the browser when the person leaves the page)."""
    wave, person = invited.wave, invited.person
    what, _sep, number = request.POST.get("action", "").partition(":")
    what = what if what in ACTIONS else "save"
    if invited.completed:  # a submitted response is final, whatever is posted
        return HttpResponse(status=409) if what == "autosave" else _already_submitted(request)
    from_page = _page_number(number, pages) or 1
    try:
        result = read_form(pages, request.POST)
    except TamperedAnswers:
        return _problem(
            request,
            400,
            _("The form could not be read"),
            _("The answers sent do not match this form. Nothing has been stored."),
        )
    if result.invalid:
        if what == "autosave":
            return HttpResponse(status=400)
        errors = {item_id: _("Choose one of the options.") for item_id in result.invalid}
        answered = {**stored_answers(wave, person), **result.values}
        return _render(request, wave, pages, answered, _page_of(pages, errors), errors, status=400)
    if what == "submit":
        return _submit(request, wave, person, pages, result.values)
    try:
        response = save_answers(wave, person, result.values)
    except WaveClosed:
        return HttpResponse(status=410) if what == "autosave" else _closed(request)
    except AlreadySubmitted:
        return HttpResponse(status=409) if what == "autosave" else _already_submitted(request)
    return _after_saving(request, wave, pages, response, what, from_page)


def _after_saving(request, wave, pages, response, what, from_page):
    """Stay (autosave), leave for later (save), go back, or go on once the page is answered."""
    if what == "autosave":
        return HttpResponse(status=204)
    if what == "save":
        messages.success(request, _("Your answers are saved. You can continue later."))
        return redirect(_page_url(wave, from_page))
    if what == "back":
        return redirect(_page_url(wave, max(from_page - 1, 1)))
    answered = answers_of(response)
    missing = [item.id for item in pages[from_page - 1].items if item.id not in answered]
    if missing:
        errors = {item_id: _("Answer this statement.") for item_id in missing}
        return _render(request, wave, pages, answered, from_page, errors)
    return redirect(_page_url(wave, min(from_page + 1, len(pages))))


def _submit(request, wave, person, pages, values):
    try:
        submit(wave, person, values)
    except WaveClosed:
        return _closed(request)
    except AlreadySubmitted:
        return _already_submitted(request)
    except IncompleteResponse as incomplete:
        answered = stored_answers(wave, person)
        missing = incomplete.missing_by_page
        return _render(request, wave, pages, answered, min(missing), incomplete=missing)
    messages.success(request, _("Thank you! Your answers are submitted."))
    return redirect("assessments:my_profile")


def _page_of(pages, errors) -> int:
    return next(page.number for page in pages if any(item.id in errors for item in page.items))


@dataclass(frozen=True)
class ErrorQuestion:
    """A statement in the error summary, linked to its page and first option."""

    page: int
    name: str
    error: str
    text: str


@dataclass(frozen=True)
class IncompletePage:
    """A page with unanswered statements, in the summary shown when submitting too early."""

    page: FormPage
    first_item: int
    count: int


def _render(request, wave, pages, answered, current, errors=None, incomplete=None, status=200):
    errors = errors or {}
    error_questions = [
        ErrorQuestion(page.number, f"item-{item.id}", errors[item.id], item.text)
        for page in pages
        for item in page.items
        if item.id in errors
    ]
    context = {
        "wave": wave,
        "current_title": pages[current - 1].title,
        "pages_html": render_pages(wave.instrument, pages, answered, current, errors),
        "has_errors": bool(errors),
        "error_questions": error_questions,
        "incomplete_pages": [
            IncompletePage(pages[n - 1], ids[0], len(ids))
            for n, ids in sorted((incomplete or {}).items())
        ],
    }
    return render(request, "assessments/form.html", context, status=status)
