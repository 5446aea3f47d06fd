from decimal import Decimal
from typing import cast

from django import forms
from django.forms import inlineformset_factory
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from digit.programmes.models import Phase, Programme

# Targets are stored as shares (0.800) and edited as percentages (80).
PERCENT_FIELDS = ("target_increased_share", "target_active_share", "target_unit_coverage")


def percent_field(label):
    return forms.DecimalField(
        label=label, min_value=0, max_value=100, max_digits=4, decimal_places=1
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgrammeForm(forms.ModelForm):
    target_increased_share = percent_field(
        _("Target: employees with reliably increased competence (%)")
    )
    target_active_share = percent_field(
        _("Target: employees actively using digital ways of working (%)")
    )
    target_unit_coverage = percent_field(_("Target: units with participants (%)"))

    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "owner",
            "scope",
            "starts_on",
            "ends_on",
            "target_increased_share",
            "target_active_share",
            "target_role_models",
            "target_unit_coverage",
            "keep_answers_years",
            "keep_journal_years",
            "keep_evaluation_text_years",
            "keep_identity_years",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"slug": _("Lower-case letters, digits and hyphens, used in addresses.")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["scope"]).queryset = units
        for name in PERCENT_FIELDS:
            value = self.initial.get(name)
            if value is not None:
                percent = Decimal(value) * 100
                integral = percent == percent.to_integral_value()
                self.initial[name] = int(percent) if integral else percent.quantize(Decimal("0.1"))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for name in PERCENT_FIELDS:
            if cleaned.get(name) is not None:
                cleaned[name] = cleaned[name] / 100
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The programme cannot end before it starts."))
        return cleaned


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "name", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [("", _("Choose a kind")), *Phase.Kind.choices]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A phase cannot end before it starts."))
        return cleaned


class BasePhaseFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def clean(self):
        super().clean()
        if self.period is None or None in self.period:
            return
        starts_on, ends_on = self.period
        for form in self.forms:
            if not form.has_changed() or form.cleaned_data.get(DELETION_FIELD_NAME) or form.errors:
                continue
            start, end = form.cleaned_data.get("starts_on"), form.cleaned_data.get("ends_on")
            if start and end and (start < starts_on or end > ends_on):
                form.add_error(None, _("A phase must lie within the programme's period."))


PhaseFormSet = inlineformset_factory(
    Programme, Phase, form=PhaseForm, formset=BasePhaseFormSet, extra=2, can_delete=True
)
