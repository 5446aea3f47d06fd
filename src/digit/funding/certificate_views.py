"""Time certificates: a participant's own list, one certificate (sign, attest, PDF), and a
month of a programme for finance and programme staff (build, compilation PDF)."""

import datetime

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from digit.access.policy import login_required, may_read_funding, role_required
from digit.access.roles import Role, has_role
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.finance.hours import session_differences
from digit.funding import certificates, selectors
from digit.funding.forms import AttestForm, BuildMonthForm, SignForm
from digit.funding.models import TimeCertificate
from digit.funding.pdf import certificate_pdf, compilation_pdf

READ_ROLES = (Role.FINANCE, Role.PROGRAMME_STAFF, Role.AUDITOR)
BUILD_ROLES = (Role.FINANCE, Role.PROGRAMME_STAFF)


@require_GET
@login_required
def my_certificates(request):
    mine = selectors.own_certificates(request.user).order_by("-month", "-version")
    return render(
        request,
        "funding/my_certificates.html",
        {
            "unsigned": [c for c in mine if c.is_current and not c.is_signed],
            "certificates": [c for c in mine if c.is_current and c.is_signed],
            "older": [c for c in mine if not c.is_current],
        },
    )


@require_GET
@login_required
def certificate_detail(request, pk):
    certificate = get_object_or_404(selectors.visible_certificates(request.user), pk=pk)
    _record_view(request, certificate, "time_certificate")
    return render(request, "funding/certificate.html", _detail_context(request, certificate))


def _record_view(request, certificate, what: str) -> None:
    """A certificate seen by someone other than its participant goes in the audit trail."""
    audit.record_view(
        request,
        Kind.CERTIFICATE_VIEWED,
        object_type=what,
        object_id=certificate.pk,
        person_id=certificate.person_id,
    )


def _detail_context(request, certificate, *, sign_form=None, attest_form=None):
    own = certificate.person.user_id == request.user.pk
    attestable = selectors.attestable_certificates(request.user).filter(pk=certificate.pk).exists()
    removed = added = None
    if certificate.previous_id is not None:
        removed, added = session_differences(certificate.previous.sessions, certificate.sessions)
    versions = selectors.visible_certificates(request.user).filter(
        programme=certificate.programme_id, person=certificate.person_id, month=certificate.month
    )
    may_sign = own and certificate.is_current and not certificate.is_signed
    may_attest = (
        attestable
        and certificate.is_current
        and certificate.status == TimeCertificate.Status.SIGNED
    )
    initial = {"sha256": certificate.content_sha256}
    return {
        "certificate": certificate,
        "own": own,
        "staff_view": may_read_funding(request.user),
        "may_sign": may_sign,
        "may_attest": may_attest,
        "sign_form": sign_form or (SignForm(initial=initial) if may_sign else None),
        "attest_form": attest_form or (AttestForm(initial=initial) if may_attest else None),
        "removed": removed,
        "added": added,
        "versions": versions.order_by("-version"),
    }


@require_POST
@login_required
def certificate_sign(request, pk):
    """Only the participant's own certificate is found here: anyone else's is a 404, before
    any re-authentication is asked for."""
    certificate = get_object_or_404(selectors.own_certificates(request.user), pk=pk)
    return _sign(request, certificate)


@reauthentication_required
def _sign(request, certificate):
    """A fresh password or one-time code first (allauth): the POST is kept meanwhile and
    carried out after it, so signing works without JavaScript."""
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            certificates.sign(
                certificate.pk, user=request.user, seen_sha256=form.cleaned_data["sha256"]
            )
        except certificates.CertificateRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("You have signed the certificate."))
        return redirect("funding:certificate", pk=certificate.pk)
    context = _detail_context(request, certificate, sign_form=form)
    return render(request, "funding/certificate.html", context, status=400)


@require_POST
@role_required(Role.MANAGER, Role.PROGRAMME_STAFF)
def certificate_attest(request, pk):
    attestable = selectors.attestable_certificates(request.user)
    certificate = get_object_or_404(attestable, pk=pk)
    form = AttestForm(request.POST)
    if form.is_valid():
        try:
            certificates.attest(
                certificate.pk,
                user=request.user,
                seen_sha256=form.cleaned_data["sha256"],
                attestable=attestable,
            )
        except certificates.CertificateRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("You have attested the certificate."))
    return redirect("funding:certificate", pk=certificate.pk)


@require_GET
@login_required
def certificate_pdf_view(request, pk):
    certificate = get_object_or_404(selectors.visible_certificates(request.user), pk=pk)
    _record_view(request, certificate, "time_certificate_pdf")
    pdf = certificate_pdf(certificate, request=request)
    name = f"time-certificate-{certificate.month:%Y-%m}-{certificate.person.employee_number}"
    return _pdf_response(pdf, f"{name}-v{certificate.version}.pdf")


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _month(year: int, month: int) -> datetime.date:
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None


@require_GET
@role_required(*READ_ROLES)
def month_list(request, pk):
    programme = get_object_or_404(selectors.funded_programmes(request.user), pk=pk)
    today = timezone.localdate()
    last = min(programme.ends_on, today)
    months = []
    month = certificates.first_of_month(programme.starts_on)
    while month <= last:
        months.append((month, selectors.month_summary(programme, month)))
        month = certificates.next_month(month)
    return render(
        request,
        "funding/months.html",
        {"programme": programme, "months": months[::-1], "section": "certificates"},
    )


@require_GET
@role_required(*READ_ROLES)
def month_detail(request, pk, year, month):
    programme = get_object_or_404(selectors.funded_programmes(request.user), pk=pk)
    return _month_page(request, programme, _month(year, month), BuildMonthForm())


def _month_page(request, programme, month, form, status=200):
    current = (
        TimeCertificate.objects.filter(programme=programme, month=month, is_current=True)
        .select_related("person", "person__unit")
        .order_by("status", "person__last_name", "person__first_name")
    )
    page = Paginator(current, 100).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "month": month,
        "page": page,
        "summary": selectors.month_summary(programme, month),
        "form": form if _may_build(request.user) else None,
        "section": "certificates",
    }
    return render(request, "funding/month.html", context, status=status)


def _may_build(user) -> bool:
    return has_role(user, *BUILD_ROLES)


@require_POST
@role_required(*BUILD_ROLES)
def month_build(request, pk, year, month):
    programme = get_object_or_404(selectors.funded_programmes(request.user), pk=pk)
    first = _month(year, month)
    form = BuildMonthForm(request.POST)
    if not form.is_valid():
        return _month_page(request, programme, first, form, status=400)
    try:
        result = certificates.build_month(programme, first, reason=form.cleaned_data["reason"])
    except certificates.MissingUnitCost as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Certificates built: %(created)d new, %(updated)d updated, %(versions)d new "
                "versions of signed certificates, %(unchanged)d unchanged."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "versions": result.new_versions,
                "unchanged": result.unchanged,
            },
        )
    return redirect("funding:month", pk=programme.pk, year=first.year, month=first.month)


@require_GET
@role_required(*READ_ROLES)
def month_pdf(request, pk, year, month):
    programme = get_object_or_404(selectors.funded_programmes(request.user), pk=pk)
    first = _month(year, month)
    current = (
        TimeCertificate.objects.filter(programme=programme, month=first, is_current=True)
        .select_related("person", "person__unit", "signed_by", "attested_by")
        .order_by("person__last_name", "person__first_name")
    )
    audit.record(
        Kind.EXPORTED,
        request=request,
        object_type="programme",
        object_id=programme.pk,
        detail=f"time-certificates.{first:%Y-%m}.pdf",
    )
    pdf = compilation_pdf(programme, first, current, request=request)
    return _pdf_response(pdf, f"time-certificates-{programme.slug}-{first:%Y-%m}.pdf")
