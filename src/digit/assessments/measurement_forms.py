from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from digit.assessments import scales
from digit.assessments.models import MeasurementSettings
from digit.stats.practices import COUNTED_DOMAINS


class MeasurementSettingsForm(forms.ModelForm):
    class Meta:
        model = MeasurementSettings
        fields = [
            "rci_critical_value",
            "active_min_frequency",
            "active_min_practices",
            "active_min_domains",
        ]
        labels = {
            "rci_critical_value": _("Critical value of the reliable change index"),
            "active_min_frequency": _("Frequency that counts as use"),
            "active_min_practices": _("Least number of practices used that often"),
            "active_min_domains": _("Least number of domains those practices cover"),
        }
        help_texts = {
            "rci_critical_value": _("1.96 = 95 %, two-sided (default); 1.645 = 95 %, one-sided."),
            "active_min_practices": _("Default 4 of the 8 work practices."),
            "active_min_domains": _("Default 3 of the 4 domains; “habits” is not counted."),
        }

    def __init__(self, *args, practice_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice_count = practice_count
        self.fields["active_min_frequency"] = forms.TypedChoiceField(
            label=self.fields["active_min_frequency"].label,
            coerce=int,
            choices=[(o.value, o.label) for o in scales.FREQUENCY if o.value > 0],
        )

    def clean_rci_critical_value(self):
        return _in_range(self.cleaned_data["rci_critical_value"], Decimal(1), Decimal("3.5"))

    def clean_active_min_practices(self):
        return _in_range(self.cleaned_data["active_min_practices"], 1, max(self.practice_count, 1))

    def clean_active_min_domains(self):
        return _in_range(self.cleaned_data["active_min_domains"], 0, len(COUNTED_DOMAINS))


def _in_range(value, low, high):
    if not low <= value <= high:
        raise forms.ValidationError(
            _("Enter a number from %(low)s to %(high)s."), params={"low": low, "high": high}
        )
    return value
