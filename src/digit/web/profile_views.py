"""The personal competence profile: for the person themselves and for programme staff only.

Managers and auditors never see an individual profile: the staff routes go through
``people_with_visible_profiles`` and give 404 to everyone else. The page composes the
assessment results with learning's recommended sessions, so it lives here, above both apps.
"""

import base64

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from digit.access.policy import login_required, role_required
from digit.access.roles import Role
from digit.assessments.charts import wheel_svg
from digit.assessments.profile import build_profile, change_sentence
from digit.assessments.selectors import people_with_visible_profiles
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.background import files
from digit.learning.recommendations import competence_levels, recommended_sessions

RECOMMENDATIONS_TEMPLATE = "learning/_recommendations.html"


def _wave_param(request) -> int | None:
    try:
        return int(request.GET["wave"])
    except (KeyError, ValueError):
        return None


def _own_profile(request):
    person = request.user.person
    profile = build_profile(person, _wave_param(request))
    return person, profile


def _staff_profile(request, pk, what: str):
    """Someone else's profile (page, chart or PDF): every look at it is in the audit trail."""
    person = get_object_or_404(people_with_visible_profiles(request.user), pk=pk)
    profile = build_profile(person, _wave_param(request))
    audit.record_view(
        request,
        Kind.PROFILE_VIEWED,
        object_type=what,
        object_id=profile.response.pk if profile else "",
        person_id=person.pk,
    )
    return person, profile


def chart_for(profile) -> str:
    """The wheel's SVG; scores never change after submission, so it is cached."""
    previous = profile.previous
    previous_pk = previous.pk if previous else "-"
    key = f"assessments:wheel:{profile.response.pk}:{previous_pk}:{get_language()}"
    svg = cache.get(key)
    if svg is None:
        svg = wheel_svg(
            [(r.code, r.area_code, r.score, r.previous) for r in profile.competences],
            [(r.code, r.title) for r in profile.areas],
            title=_("Competence profile, %(wave)s") % {"wave": profile.wave.name},
            previous_label=previous.wave.name if previous else "",
        )
        cache.set(key, svg, 24 * 3600)
    return svg


def _context(profile, person, chart_url, pdf_url, *, own: bool) -> dict:
    return {
        "profile": profile,
        "person": person,
        "own": own,
        "change_text": change_sentence(profile) if profile else "",
        "chart_url": chart_url,
        "pdf_url": pdf_url,
        "recommendations_template": RECOMMENDATIONS_TEMPLATE,
        "gap_competence_codes": profile.gap_competence_codes if profile else [],
        # Closing the loop: upcoming sessions with free seats for the person's own gaps.
        "recommendations": (
            recommended_sessions(
                person, profile.gap_competence_codes, levels=competence_levels(profile.response)
            )
            if own and profile
            else []
        ),
    }


def _with_wave(url, profile):
    return f"{url}?wave={profile.wave.id}" if profile else url


@require_GET
@role_required(Role.EMPLOYEE)
def my_profile(request):
    person, profile = _own_profile(request)
    context = _context(
        profile,
        person,
        _with_wave(reverse("assessments:my_profile_chart"), profile),
        _with_wave(reverse("assessments:my_profile_pdf"), profile),
        own=True,
    )
    return render(request, "assessments/profile.html", context)


@require_GET
@login_required
def person_profile(request, pk):
    person, profile = _staff_profile(request, pk, "profile")
    context = _context(
        profile,
        person,
        _with_wave(reverse("assessments:person_profile_chart", args=[pk]), profile),
        _with_wave(reverse("assessments:person_profile_pdf", args=[pk]), profile),
        own=False,
    )
    return render(request, "assessments/profile.html", context)


def _svg_response(profile):
    if profile is None:
        raise Http404
    return HttpResponse(chart_for(profile), content_type="image/svg+xml")


@require_GET
@role_required(Role.EMPLOYEE)
def my_profile_chart(request):
    return _svg_response(_own_profile(request)[1])


@require_GET
@login_required
def person_profile_chart(request, pk):
    return _svg_response(_staff_profile(request, pk, "profile_chart")[1])


def profile_pdf(person, profile) -> bytes:
    """The profile as a PDF (about a second of WeasyPrint: built by the worker)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    svg = chart_for(profile)
    context = _context(profile, person, "", "", own=False)
    context["chart_data_uri"] = "data:image/svg+xml;base64," + base64.b64encode(
        svg.encode()
    ).decode("ascii")
    html = render_to_string("assessments/profile_pdf.html", context)
    # WeasyPrint may read the embedded chart and nothing else: no network, no files.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def profile_pdf_filename(profile) -> str:
    return f"competence-profile-{profile.wave.opens_on:%Y-%m}.pdf"


def _request_pdf(request, person, profile, back_url):
    """Ask the worker for the PDF; the file's page shows its state and, when ready, the link."""
    from digit.web.tasks import build_profile_pdf

    if profile is None:
        raise Http404
    prepared = files.request_file(
        owner=request.user,
        subject=f"profile-pdf:{person.pk}:{profile.wave.pk}",
        title=_("Competence profile as PDF, %(wave)s") % {"wave": profile.wave.name},
        back_url=back_url,
        task=build_profile_pdf,
        args=(person.pk, profile.wave.pk, get_language()),
    )
    return redirect("web:prepared_file", pk=prepared.pk)


@require_POST
@role_required(Role.EMPLOYEE)
def my_profile_pdf(request):
    person, profile = _own_profile(request)
    return _request_pdf(request, person, profile, reverse("assessments:my_profile"))


@require_POST
@login_required
def person_profile_pdf(request, pk):
    person, profile = _staff_profile(request, pk, "profile_pdf")
    return _request_pdf(request, person, profile, reverse("assessments:person_profile", args=[pk]))
