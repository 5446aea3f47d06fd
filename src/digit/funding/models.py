"""The ESF budget and financing plan, the funder's unit costs, and participants' time
certificates (in-kind co-financing). Money is stored as integer öre (``BigIntegerField``),
never as a float; the arithmetic is in ``digit.finance`` (pure, no Django)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digit.finance.hours import YEARLY_HOUR_CAP, HoursRule


class CostCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    EXTERNAL_SERVICES = "external_services", _("External services")
    TRAVEL = "travel", _("Travel and lodging")
    EQUIPMENT = "equipment", _("Equipment and material")
    PREMISES = "premises", _("Premises")
    INDIRECT = "indirect", _("Flat-rate indirect costs")
    PARTICIPANT_TIME = "participant_time", _("Participants' time (in kind)")


class SourceKind(models.TextChoices):
    ESF = "esf", _("ESF")
    PUBLIC_CASH = "public_cash", _("Public cash co-financing")
    PUBLIC_IN_KIND = "public_in_kind", _("Public in-kind co-financing")
    OWN_CASH = "own_cash", _("Own cash")


class ValuationMethod(models.TextChoices):
    UNIT_COST = "unit_cost", _("Funder's unit cost of the wage group")
    HOURLY_COST = "hourly_cost", _("Hourly cost from HR × (1 + social-fee mark-up)")


class FundingPlan(models.Model):
    """A programme's funding decision and the rules Digit applies to its money."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="funding_plan"
    )
    decision_reference = models.CharField(_("funding decision reference"), max_length=100)
    esf_rate = models.DecimalField(
        _("ESF rate of the decision"), max_digits=5, decimal_places=4, default=Decimal("0.6693")
    )
    hours_rule = models.CharField(
        _("how a month's hours are counted"),
        max_length=20,
        choices=[
            (HoursRule.WHOLE_HOURS_DOWN.value, _("Whole hours, rounded down")),
            (HoursRule.HALF_HOURS_DOWN.value, _("Half hours, rounded down")),
            (HoursRule.EXACT_MINUTES.value, _("Exact minutes")),
        ],
        default=HoursRule.WHOLE_HOURS_DOWN.value,
    )
    valuation = models.CharField(
        _("value of participants' time"),
        max_length=20,
        choices=ValuationMethod.choices,
        default=ValuationMethod.UNIT_COST,
    )
    participant_wage_group = models.PositiveSmallIntegerField(
        _("wage group of participants"), default=1
    )
    social_fee_markup = models.DecimalField(
        _("social-fee mark-up"), max_digits=5, decimal_places=4, default=Decimal("0.4")
    )
    indirect_rate = models.DecimalField(
        _("flat rate of indirect costs"), max_digits=5, decimal_places=4, default=Decimal("0.15")
    )
    yearly_hour_cap = models.PositiveIntegerField(
        _("yearly hour cap per staff member"), default=YEARLY_HOUR_CAP
    )
    claim_period_months = models.PositiveSmallIntegerField(
        _("months per payment claim period"), default=3
    )

    class Meta:
        verbose_name = _("funding plan")
        verbose_name_plural = _("funding plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(esf_rate__gte=0) & Q(esf_rate__lte=1), name="plan_esf_rate_fraction"
            ),
            models.CheckConstraint(
                condition=Q(participant_wage_group__gte=1) & Q(participant_wage_group__lte=7),
                name="plan_wage_group_1_to_7",
            ),
        ]

    def __str__(self):
        return str(self.programme)


class BudgetLine(models.Model):
    """The budget of one cost category in one calendar year."""

    plan = models.ForeignKey(FundingPlan, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("cost category"), max_length=30, choices=CostCategory.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount_ore = models.BigIntegerField(_("amount (öre)"))

    class Meta:
        ordering = ["plan", "year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "category", "year"], name="one_budget_line_per_category_and_year"
            ),
            models.CheckConstraint(condition=Q(amount_ore__gte=0), name="budget_not_negative"),
        ]


class FinancingSource(models.Model):
    """How much one source finances (ESF, public cash, public in kind, own cash)."""

    plan = models.ForeignKey(FundingPlan, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("source"), max_length=30, choices=SourceKind.choices)
    amount_ore = models.BigIntegerField(_("amount (öre)"))

    class Meta:
        ordering = ["plan", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="one_amount_per_source"),
            models.CheckConstraint(condition=Q(amount_ore__gte=0), name="source_not_negative"),
        ]


class UnitCost(models.Model):
    """The funder's hourly unit cost of a wage group (1–7) in a year. Each change is kept."""

    year = models.PositiveSmallIntegerField(_("year"))
    wage_group = models.PositiveSmallIntegerField(_("wage group"))
    hourly_rate_ore = models.BigIntegerField(_("hourly unit cost (öre)"))
    is_example = models.BooleanField(
        _("example value"),
        default=False,
        help_text=_("Shipped with the demo; replace it with the funder's published table."),
    )

    class Meta:
        ordering = ["year", "wage_group"]
        constraints = [
            models.UniqueConstraint(fields=["year", "wage_group"], name="one_rate_per_group_year"),
            models.CheckConstraint(
                condition=Q(wage_group__gte=1) & Q(wage_group__lte=7), name="wage_group_1_to_7"
            ),
            models.CheckConstraint(condition=Q(hourly_rate_ore__gt=0), name="rate_positive"),
        ]


class UnitCostChange(models.Model):
    """Who set a unit cost to what, and when (the first setting too)."""

    unit_cost = models.ForeignKey(UnitCost, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    before_ore = models.BigIntegerField(null=True)
    after_ore = models.BigIntegerField()

    class Meta:
        ordering = ["-changed_at", "-id"]


class TimeCertificate(models.Model):
    """A participant's time in the programme in one calendar month, built from recorded
    attendance: the content they sign, with its SHA-256. Once signed it never changes: a
    later attendance correction makes a new version (``previous`` → this one, with the
    reason) and the old one stays as it was signed, no longer current."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not signed")
        SIGNED = "signed", _("Signed")
        ATTESTED = "attested", _("Signed and attested")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="time_certificates"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="time_certificates"
    )
    month = models.DateField(_("month"))  # the first day of the month
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(default=True)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    reason = models.TextField(_("reason for the new version"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    content = models.JSONField(_("content"))
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    recorded_minutes = models.PositiveIntegerField(_("recorded minutes"))
    counted_minutes = models.PositiveIntegerField(_("counted minutes"))
    hourly_rate_ore = models.BigIntegerField(_("hourly rate (öre)"))
    value_ore = models.BigIntegerField(_("value (öre)"))
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attested_at = models.DateTimeField(null=True, blank=True)
    attested_sha256 = models.CharField(max_length=64, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-month", "person", "-version"]
        verbose_name = _("time certificate")
        verbose_name_plural = _("time certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person", "month", "version"],
                name="one_certificate_version_number",
            ),
            models.UniqueConstraint(
                fields=["programme", "person", "month"],
                condition=Q(is_current=True),
                name="one_current_certificate_per_month",
            ),
            # A signature or attestation always covers exactly the stored content.
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(signed_sha256=models.F("content_sha256")) & Q(signed_at__isnull=False)),
                name="signature_covers_content",
            ),
            models.CheckConstraint(
                condition=~Q(status="attested")
                | (Q(attested_sha256=models.F("content_sha256")) & Q(attested_at__isnull=False)),
                name="attestation_covers_content",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "month", "is_current"]),
            models.Index(fields=["person", "month"]),
        ]

    def __str__(self):
        return f"{self.person} {self.month:%Y-%m} v{self.version}"

    @property
    def sessions(self) -> list[list]:
        return self.content.get("sessions", [])

    @property
    def is_signed(self) -> bool:
        return self.status != self.Status.DRAFT


class CostEntry(models.Model):
    """A cash cost booked in the project's accounts (a ledger row), by voucher number."""

    plan = models.ForeignKey(FundingPlan, on_delete=models.PROTECT, related_name="cost_entries")
    voucher = models.CharField(_("voucher number"), max_length=40)
    booked_on = models.DateField(_("booked on"))
    category = models.CharField(_("cost category"), max_length=30, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    claim = models.ForeignKey(
        "PaymentClaim", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["booked_on", "voucher"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "voucher"], name="one_entry_per_voucher"),
        ]


class StaffTimeReport(models.Model):
    """A project staff member's hours in a month, valued at their wage group's unit cost."""

    plan = models.ForeignKey(FundingPlan, on_delete=models.PROTECT, related_name="staff_time")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    minutes = models.PositiveIntegerField(_("minutes"))
    work = models.TextField(_("work done"))
    wage_group = models.PositiveSmallIntegerField(_("wage group"))
    hourly_rate_ore = models.BigIntegerField(_("hourly unit cost (öre)"))
    value_ore = models.BigIntegerField(_("value (öre)"))
    claim = models.ForeignKey(
        "PaymentClaim", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["month", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person", "month"], name="one_staff_report_per_month"
            ),
        ]


class ClaimPeriod(models.Model):
    plan = models.ForeignKey(FundingPlan, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField(_("number"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_period_per_number"),
        ]

    def __str__(self):
        return f"{self.number}: {self.starts_on} – {self.ends_on}"


class PaymentClaim(models.Model):
    """A claim for one period: a draft is computed live; a submitted claim is a frozen
    snapshot with its SHA-256 and never changes (corrections go into the next claim)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PAID = "paid", _("Paid")

    period = models.OneToOneField(ClaimPeriod, on_delete=models.PROTECT, related_name="claim")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True)
    snapshot_sha256 = models.CharField(max_length=64, blank=True)
    paid_amount_ore = models.BigIntegerField(_("amount received (öre)"), null=True, blank=True)
    paid_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        ordering = ["period__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(snapshot__isnull=False) & ~Q(snapshot_sha256="")),
                name="submitted_claim_is_frozen",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid")
                | (Q(paid_amount_ore__isnull=False) & Q(paid_on__isnull=False)),
                name="paid_claim_has_amount_and_date",
            ),
        ]


class ClaimCertificate(models.Model):
    """A certificate a submitted claim relies on, and the value it claimed for it (for a new
    version of an already claimed certificate: the difference, an adjustment)."""

    claim = models.ForeignKey(PaymentClaim, on_delete=models.PROTECT, related_name="links")
    certificate = models.OneToOneField(
        TimeCertificate, on_delete=models.PROTECT, related_name="claim_link"
    )
    content_sha256 = models.CharField(max_length=64)
    claimed_value_ore = models.BigIntegerField()
    is_adjustment = models.BooleanField(default=False)
