"""Payment claims: the programme's periods and claims, one claim (draft figures or the frozen
snapshot), submission, payment, and the evidence package."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from digit.access.policy import may_manage_funding, role_required
from digit.access.roles import Role
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.finance.claims import forecast_at_end
from digit.finance.money import ore_from_kronor
from digit.funding import claims, selectors
from digit.funding.evidence import evidence_zip
from digit.funding.forms import PaidForm
from digit.funding.models import ClaimPeriod, CostCategory, PaymentClaim, SourceKind

READ_ROLES = (Role.FINANCE, Role.PROGRAMME_STAFF, Role.AUDITOR)


@require_GET
@role_required(*READ_ROLES)
def claim_list(request, pk):
    programme = get_object_or_404(selectors.funded_programmes(request.user), pk=pk)
    plan = programme.funding_plan
    claims.ensure_periods(plan)
    periods = ClaimPeriod.objects.filter(plan=plan).select_related("claim")
    today = timezone.localdate()
    rows = [
        (period, getattr(period, "claim", None), period.starts_on <= today) for period in periods
    ]
    context = {
        "programme": programme,
        "rows": rows,
        "may_manage": may_manage_funding(request.user),
        "section": "claims",
    }
    return render(request, "funding/claims.html", context)


@require_POST
@role_required(Role.FINANCE)
def claim_create(request, pk):
    period = get_object_or_404(
        ClaimPeriod.objects.filter(plan__programme__in=selectors.funded_programmes(request.user)),
        pk=pk,
    )
    claim, _created = PaymentClaim.objects.get_or_create(period=period)
    return redirect("funding:claim", pk=claim.pk)


def _claims(user):
    return PaymentClaim.objects.filter(
        period__plan__programme__in=selectors.funded_programmes(user)
    ).select_related("period__plan__programme", "submitted_by")


@require_GET
@role_required(*READ_ROLES)
def claim_detail(request, pk):
    claim = get_object_or_404(_claims(request.user), pk=pk)
    plan = claim.period.plan
    if claim.status == PaymentClaim.Status.DRAFT:
        snapshot = claims.snapshot_of(claim, claims.claim_state(claim))
    else:
        snapshot = claim.snapshot
    before = claims.cumulative(plan, claim.period.number)
    check = selectors.plan_check(plan)
    programme = plan.programme
    elapsed = _months(programme.starts_on, claim.period.ends_on)
    total_months = _months(programme.starts_on, programme.ends_on)
    cumulative_eligible = before["eligible"] + snapshot["eligible_ore"]
    context = {
        "claim": claim,
        "programme": programme,
        "snapshot": snapshot,
        "costs": [
            (category.label, snapshot["costs_ore"].get(category.value, 0))
            for category in CostCategory
        ],
        "sources": [
            (kind.label, snapshot["sources_ore"].get(kind.value, 0))
            for kind in SourceKind
            if kind.value in snapshot["sources_ore"]
        ],
        "cumulative_eligible": cumulative_eligible,
        "cumulative_esf": before["esf"] + snapshot["sources_ore"]["esf"],
        "budget": check.cost_total,
        "decision_esf": check.esf,
        "forecast": forecast_at_end(cumulative_eligible, elapsed, total_months),
        "may_manage": may_manage_funding(request.user),
        "paid_form": PaidForm() if claim.status == PaymentClaim.Status.SUBMITTED else None,
        "section": "claims",
    }
    return render(request, "funding/claim.html", context)


def _months(start, end) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


@require_POST
@role_required(Role.FINANCE)
def claim_submit(request, pk):
    claim = get_object_or_404(_claims(request.user), pk=pk)
    try:
        claims.submit(claim.pk, user=request.user)
    except claims.ClaimRefused as refusal:
        messages.error(request, refusal.message)
    else:
        audit.record(Kind.CLAIM_SUBMITTED, request=request, object_type="claim", object_id=claim.pk)
        messages.success(request, _("The claim has been submitted and frozen."))
    return redirect("funding:claim", pk=claim.pk)


@require_POST
@role_required(Role.FINANCE)
def claim_paid(request, pk):
    claim = get_object_or_404(_claims(request.user), pk=pk)
    form = PaidForm(request.POST)
    if form.is_valid():
        try:
            claims.mark_paid(
                claim.pk,
                amount_ore=ore_from_kronor(form.cleaned_data["amount"]),
                paid_on=form.cleaned_data["paid_on"],
            )
        except claims.ClaimRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The payment has been recorded."))
    else:
        messages.error(request, _("Give the amount received and the date."))
    return redirect("funding:claim", pk=claim.pk)


@require_GET
@role_required(*READ_ROLES)
def claim_evidence(request, pk):
    claim = get_object_or_404(_claims(request.user).exclude(status="draft"), pk=pk)
    audit.record(  # the package holds every certificate the claim relies on
        Kind.EXPORTED,
        request=request,
        object_type="claim",
        object_id=claim.pk,
        detail="evidence.zip",
    )
    spool = evidence_zip(claim)
    name = f"claim-{claim.period.plan.programme.slug}-{claim.period.number}-evidence.zip"
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")
