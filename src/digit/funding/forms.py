from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from digit.finance.money import ore_from_kronor
from digit.funding.models import CostCategory, FundingPlan, SourceKind

MAX_KRONOR = Decimal("9999999999.99")


class KronorField(forms.DecimalField):
    """An amount in kronor as a Swede writes it: decimal comma, spaces between thousands."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u00a0", "")
        return super().to_python(value)


def kronor_field(label) -> forms.DecimalField:
    return KronorField(
        label=label,
        min_value=0,
        max_value=MAX_KRONOR,
        decimal_places=2,
        max_digits=12,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = FundingPlan
        fields = [
            "decision_reference",
            "esf_rate",
            "hours_rule",
            "valuation",
            "participant_wage_group",
            "social_fee_markup",
            "indirect_rate",
            "yearly_hour_cap",
            "claim_period_months",
        ]
        help_texts = {
            "esf_rate": _("A fraction with four decimals: 0.6693 means 66.93 per cent."),
            "social_fee_markup": _("Used only with the hourly-cost method: 0.4 means 40 per cent."),
            "indirect_rate": _("0.15 means 15 per cent of direct staff costs."),
        }

    def clean_participant_wage_group(self):
        group = self.cleaned_data["participant_wage_group"]
        if not 1 <= group <= 7:
            raise forms.ValidationError(_("Wage groups are numbered 1 to 7."))
        return group


class PlanAmountsForm(forms.Form):
    """The budget in kronor per category and year, and the amount of each source."""

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for category in CostCategory:
            for year in years:
                label = _("%(category)s %(year)s") % {"category": category.label, "year": year}
                self.fields[f"budget_{category.value}_{year}"] = kronor_field(label)
        for source in SourceKind:
            self.fields[f"source_{source.value}"] = kronor_field(source.label)

    @staticmethod
    def initial_from(years, amounts: dict[tuple[str, int], int], sources: dict[str, int]):
        initial = {}
        for (category, year), amount in amounts.items():
            initial[f"budget_{category}_{year}"] = Decimal(amount) / 100
        for kind, amount in sources.items():
            initial[f"source_{kind}"] = Decimal(amount) / 100
        return initial

    def budget_rows(self):
        """Bound fields by category, one per year (for the grid in the template)."""
        return [
            (category.label, [self[f"budget_{category.value}_{year}"] for year in self.years])
            for category in CostCategory
        ]

    def source_fields(self):
        return [self[f"source_{source.value}"] for source in SourceKind]

    def budget(self) -> dict[tuple[str, int], int]:
        return {
            (category.value, year): ore_from_kronor(
                self.cleaned_data[f"budget_{category.value}_{year}"] or 0
            )
            for category in CostCategory
            for year in self.years
        }

    def sources(self) -> dict[str, int]:
        return {
            source.value: ore_from_kronor(self.cleaned_data[f"source_{source.value}"] or 0)
            for source in SourceKind
        }


class UnitCostForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    wage_group = forms.IntegerField(label=_("Wage group"), min_value=1, max_value=7)
    hourly_rate = kronor_field(_("Hourly unit cost (SEK)"))

    def clean_hourly_rate(self):
        rate = self.cleaned_data["hourly_rate"]
        if not rate:
            raise forms.ValidationError(_("Give an hourly cost above zero."))
        return rate


class SignForm(forms.Form):
    """The participant confirms the content they see; its SHA-256 travels with the form so
    that a certificate that changed meanwhile is not signed unseen."""

    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=64)
    confirm = forms.BooleanField(
        label=_("I certify that these hours are the time I spent in the programme's activities.")
    )


class AttestForm(forms.Form):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=64)


class BuildMonthForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for new versions of signed certificates"),
        help_text=_("Shown on every certificate that changes after it was signed."),
        required=False,
        max_length=500,
    )


class PaidForm(forms.Form):
    amount = kronor_field(_("Amount received (SEK)"))
    paid_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None:
            raise forms.ValidationError(_("Give the amount received."))
        return amount
