from django import forms
from django.utils.translation import gettext_lazy as _

from digit.assessments.models import Instrument, Wave
from digit.assessments.waves import period_errors
from digit.people.models import Unit
from digit.programmes.models import Programme


class WaveForm(forms.Form):
    programme = forms.ModelChoiceField(Programme.objects.all(), label=_("Programme"))
    kind = forms.ChoiceField(choices=Wave.Kind.choices, label=_("Kind"))
    name = forms.CharField(max_length=200, label=_("Name"))
    instrument = forms.ModelChoiceField(Instrument.objects.all(), label=_("Instrument"))
    opens_on = forms.DateField(label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes"), widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.ModelMultipleChoiceField(
        Unit.objects.all(),
        label=_("Units in scope"),
        help_text=_("Everyone currently employed in these units and their sub-units is invited."),
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing day must be on or after the opening day."))
        if data.get("programme") and data.get("opens_on") and data.get("closes_on"):
            errors = period_errors(data["programme"], data["opens_on"], data["closes_on"])
            for field, message in errors.items():
                self.add_error(field, message)
        return data
