"""The person's side: the invitation link, the form pages and submission.

Each form page is a plain HTML form (works without JavaScript): Back and Next save the page's
answers and redirect (post/redirect/get), so the browser's own back and forward buttons never
re-post anything.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.assessments import scales
from digit.assessments.invitations import Outcome, exchange_link
from digit.assessments.models import Invitation
from digit.assessments.pages import form_pages
from digit.assessments.responses import (
    AlreadySubmitted,
    IncompleteResponse,
    TamperedAnswers,
    WaveClosed,
    answers_of,
    read_page,
    response_for,
    save_answers,
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
    Outcome.USED: (
        410,
        gettext_lazy("This link has already been used"),
        gettext_lazy(
            "Each link can be used once. To continue your assessment, sign in, or use the link "
            "in a reminder e-mail."
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


def _problem(request, status, title, text, *, sign_in=False):
    context = {"title": title, "text": text, "sign_in": sign_in}
    return render(request, "assessments/problem.html", context, status=status)


@require_GET
def invitation(request, token):
    """Exchange the personal link for a session, then go to a URL without the token."""
    outcome, invited = exchange_link(request, token)
    if outcome is Outcome.SIGNED_IN:
        return redirect(resume_url(invited.wave, invited.person))
    status, title, text = LINK_PROBLEMS[outcome]
    signed_in = request.user.is_authenticated
    return _problem(request, status, title, text, sign_in=not signed_in)


def resume_url(wave, person) -> str:
    """The first page with unanswered items (or the last page) of the person's form."""
    pages = form_pages(wave.instrument)
    answered = answers_of(response_for(wave, person))
    for page in pages:
        if any(item.id not in answered for item in page.items):
            return reverse("assessments:form_page", args=[wave.id, page.number])
    return reverse("assessments:form_page", args=[wave.id, len(pages)])


def _invitation_of(request, wave_id):
    person = getattr(request.user, "person", None)
    invited = get_object_or_404(
        Invitation.objects.select_related("wave__instrument"), wave_id=wave_id, person=person
    )
    invited.person = person  # already loaded with the user's roles
    return invited


@require_GET
@role_required(Role.EMPLOYEE)
def form_start(request, wave_id):
    invited = _invitation_of(request, wave_id)
    return redirect(resume_url(invited.wave, invited.person))


@require_http_methods(["GET", "POST"])
@role_required(Role.EMPLOYEE)
def form_page(request, wave_id, number):
    invited = _invitation_of(request, wave_id)
    wave, person = invited.wave, invited.person
    if not wave.is_open():
        title, text = LINK_PROBLEMS[Outcome.CLOSED][1:]
        return _problem(request, 410, title, text)
    pages = form_pages(wave.instrument)
    if not 1 <= number <= len(pages):
        return redirect(resume_url(wave, person))
    page = pages[number - 1]
    if request.method == "POST":
        return _save_page(request, wave, person, pages, page)
    response = response_for(wave, person)
    if response is not None and response.submitted_at is not None:
        messages.info(request, _("You have already submitted your answers. Thank you!"))
        return redirect("assessments:my_profile")
    return _render_page(request, wave, pages, page, answers_of(response))


def _save_page(request, wave, person, pages, page):
    """Save the page's answers, then go back, stay, go forward or submit."""
    action = request.POST.get("action", "next")
    try:
        result = read_page(page, request.POST)
    except TamperedAnswers:
        return _problem(
            request,
            400,
            _("The form could not be read"),
            _("The answers sent do not match this page. Nothing has been stored."),
        )
    if result.invalid:
        errors = {item_id: _("Choose one of the options.") for item_id in result.invalid}
        answered = {**answers_of(response_for(wave, person)), **result.values}
        return _render_page(request, wave, pages, page, answered, errors, status=400)
    try:
        response = save_answers(wave, person, result.values)
    except WaveClosed:
        title, text = LINK_PROBLEMS[Outcome.CLOSED][1:]
        return _problem(request, 410, title, text)
    except AlreadySubmitted:
        messages.info(request, _("You have already submitted your answers. Thank you!"))
        return redirect("assessments:my_profile")
    number = page.number
    if action == "back" and number > 1:
        return redirect("assessments:form_page", wave.id, number - 1)
    if action == "save":
        messages.success(request, _("Your answers are saved. You can continue later."))
        return redirect("assessments:form_page", wave.id, number)
    if result.missing:
        errors = {item_id: _("Answer this statement.") for item_id in result.missing}
        return _render_page(request, wave, pages, page, answers_of(response), errors)
    if number < len(pages):
        return redirect("assessments:form_page", wave.id, number + 1)
    try:
        submit(wave, person)
    except AlreadySubmitted:
        messages.info(request, _("You have already submitted your answers."))
        return redirect("assessments:my_profile")
    except IncompleteResponse as incomplete:
        return _render_page(
            request, wave, pages, page, answers_of(response), {}, incomplete.missing_by_page
        )
    messages.success(request, _("Thank you! Your answers are submitted."))
    return redirect("assessments:my_profile")


def _render_page(request, wave, pages, page, answered, errors=None, incomplete=None, status=200):
    context = _page_context(pages, page, answered, errors or {})
    context["wave"] = wave
    context["incomplete_pages"] = [
        {"page": pages[n - 1], "first_item": ids[0], "count": len(ids)}
        for n, ids in sorted((incomplete or {}).items())
    ]
    if not errors:
        context["questions_html"] = _questions_html(wave.instrument, page, answered)
    return render(request, "assessments/form_page.html", context, status=status)


_QUESTIONS_CACHE: dict[tuple, str] = {}


def _questions_html(instrument, page, answered: dict[int, int]) -> str:
    """The page's fieldsets with the person's answers checked.

    The fieldsets of a frozen instrument never change, so they are rendered once per process
    and language (the costliest part of the page) and only the answers are marked per request.
    """
    key = (instrument.id, instrument.frozen_at, page.number, get_language())
    html = _QUESTIONS_CACHE.get(key) if instrument.frozen_at else None
    if html is None:
        blank = _page_context([page], page, {}, {})["questions"]
        html = render_to_string("assessments/_questions.html", {"questions": blank})
        if instrument.frozen_at:
            _QUESTIONS_CACHE[key] = html
    for item in page.items:
        value = answered.get(item.id)
        if value is not None:
            radio = f'id="item-{item.id}-{value}" name="item-{item.id}" value="{value}">'
            html = html.replace(radio, radio[:-1] + " checked>", 1)
    # Rendered by the template engine with autoescaping; only fixed attributes were added.
    return mark_safe(html)  # noqa: S308


def _page_context(pages, page, answered: dict[int, int], errors: dict[int, str]) -> dict:
    questions = []
    for item in page.items:
        current = answered.get(item.id)
        questions.append(
            {
                "item": item,
                "name": f"item-{item.id}",
                "error": errors.get(item.id),
                "options": [
                    (option.value, option.label, option.value == current)
                    for option in scales.options_for(item.kind)
                ],
            }
        )
    steps = [
        {
            "page": p,
            "current": p.number == page.number,
            "complete": all(item.id in answered for item in p.items),
        }
        for p in pages
    ]
    first_error = next((q for q in questions if q["error"]), None)
    return {
        "page": page,
        "pages": pages,
        "steps": steps,
        "questions": questions,
        "error_questions": [q for q in questions if q["error"]],
        "first_error": first_error,
        "is_last": page.number == len(pages),
        "is_first": page.number == 1,
        "practice_stem": scales.practice_stem() if page.is_practices else "",
    }
